import { NameIndexer, NameIndexRepository } from '@app/cases';
import { PersonalDataCipher } from '@app/core';
import { caseApi, idNumber, otherPhone, phone, type CaseJson } from './support/cases';
import { createTestApp, type TestApp } from './support/test-app';

/**
 * 重件 by person, not by the newest details (DESIGN §2): a person who comes back with only a phone,
 * or a name and address, they gave on an earlier case, after giving newer ones since, is the same
 * person.
 */
describe('重件 by every detail a person has given (e2e)', () => {
  let t: TestApp;
  let api: ReturnType<typeof caseApi>;
  let reception: string;
  let officer: string;

  beforeAll(async () => {
    t = await createTestApp();
    api = caseApi(t);
    reception = (await t.tokenFor('reception')).token;
    officer = (await t.tokenFor('officer')).token;
  });
  afterAll(() => t.close());

  const register = async (overrides: Record<string, unknown>) => {
    t.clock.advance(60_000);
    const res = await api.register(reception, overrides);
    expect(res.statusCode).toBe(201);
    return res.json<CaseJson>();
  };
  const listIds = async (query: string) =>
    (await t.request('GET', `/api/v1/cases?${query}&limit=100`, { token: officer }))
      .json<{ items: { id: number }[] }>()
      .items.map((i) => i.id);
  const lookup = async (body: Record<string, unknown>) =>
    (await t.request('POST', '/api/v1/petitioners/lookup', { token: reception, body })).json<{
      cases: { id: number }[];
      repeatOf: { caseId: number; caseNo: string } | null;
    }>();

  it('a phone given on an earlier case, since replaced, still makes the new case a 重件 of the first on the matter', async () => {
    const id = idNumber();
    const a = phone();
    const b = otherPhone(a);
    // Case 1 with phone A; case 2, on another matter, with the ID number and a new phone B.
    const first = await register({
      categoryCode: '010301',
      petitioners: [{ kind: 'person', name: '周某某', idNumber: id, phone: a }],
    });
    const second = await register({
      categoryCode: '020101',
      petitioners: [{ kind: 'person', name: '周某某', idNumber: id, phone: b }],
    });
    expect(second.petitioners[0].id).toBe(first.petitioners[0].id);
    expect(second).toMatchObject({ repeat: false, firstCaseId: null });

    // The counter, before saving: only phone A, on case 1's matter.
    expect(await lookup({ phone: a, categoryCode: '010301' })).toMatchObject({
      cases: [{ id: second.id }, { id: first.id }],
      repeatOf: { caseId: first.id, caseNo: first.caseNo },
    });
    // Case 3: no ID number, only phone A, on case 1's matter.
    const third = await register({
      categoryCode: '010301',
      petitioners: [{ kind: 'person', name: '周某某', phone: a }],
    });
    expect(third).toMatchObject({ repeat: true, firstCaseId: first.id });
    // Phone A also finds the person's case on the other matter, where A was never given.
    expect(await lookup({ phone: a, categoryCode: '020101' })).toMatchObject({
      repeatOf: { caseId: second.id },
    });
    const fourth = await register({
      categoryCode: '020101',
      petitioners: [{ kind: 'person', name: '周某', phone: a }],
    });
    expect(fourth).toMatchObject({ repeat: true, firstCaseId: second.id });
    // The newest phone, without the ID number, too.
    const fifth = await register({
      categoryCode: '010301',
      petitioners: [{ kind: 'person', name: '周某某', phone: b }],
    });
    expect(fifth).toMatchObject({ repeat: true, firstCaseId: first.id });
    // Another matter is no 重件, whatever phone.
    const other = await register({
      categoryCode: '090101',
      petitioners: [{ kind: 'person', name: '周某某', phone: a }],
    });
    expect(other).toMatchObject({ repeat: false, firstCaseId: null });
  });

  it("a search by the old phone or the new one finds the person's cases", async () => {
    const id = idNumber();
    const a = phone();
    const b = otherPhone(a);
    const first = await register({
      petitioners: [{ kind: 'person', name: '吴某某', idNumber: id, phone: a }],
    });
    const second = await register({
      categoryCode: '020101',
      petitioners: [{ kind: 'person', name: '吴某某', idNumber: id, phone: b }],
    });
    const third = await register({ petitioners: [{ kind: 'person', name: '吴某某', phone: a }] });
    expect(third).toMatchObject({ repeat: true, firstCaseId: first.id });
    // Phone A: the person (cases 1 and 2) and the case given with A alone.
    expect(await listIds(`phone=${a}`)).toEqual([third.id, second.id, first.id]);
    expect(await listIds(`phone=${b}`)).toEqual([second.id, first.id]);
    expect(await listIds(`phone=${a}&categoryCode=020101`)).toEqual([second.id]);
  });

  it('with neither ID number nor phone, the full name and an address given before find the person', async () => {
    const id = idNumber();
    const name = '郑' + idNumber().slice(-6, -1);
    const first = await register({
      petitioners: [
        { kind: 'person', name, idNumber: id, phone: phone(), address: '某市某区幸福路 8 号' },
      ],
    });
    // Since then a new address (and phone), on another matter.
    const second = await register({
      categoryCode: '020101',
      petitioners: [
        { kind: 'person', name, idNumber: id, phone: phone(), address: '某市新区和平路 2 号' },
      ],
    });
    // The old address, typed with other spaces and full-width digits.
    const third = await register({
      petitioners: [{ kind: 'person', name: ` ${name} `, address: '某市某区 幸福路８号' }],
    });
    expect(third).toMatchObject({ repeat: true, firstCaseId: first.id });
    const fourth = await register({
      categoryCode: '020101',
      petitioners: [{ kind: 'person', name, address: '某市某区幸福路8号' }],
    });
    expect(fourth).toMatchObject({ repeat: true, firstCaseId: second.id });
    // Another name at that address, the name with no address, or someone with an ID number of
    // their own under the same name at the same address, is not the person.
    for (const p of [
      { kind: 'person', name: name + '甲', address: '某市某区幸福路 8 号' },
      { kind: 'person', name },
      { kind: 'person', name, idNumber: idNumber(), address: '某市某区幸福路 8 号' },
    ]) {
      expect(await register({ petitioners: [p] })).toMatchObject({ repeat: false });
    }
  });

  it('finds by name and address the details written before addresses were indexed, once reindexed', async () => {
    const name = '冯' + idNumber().slice(-6, -1);
    const address = '某市某区长安街 5 号';
    const first = await register({
      petitioners: [{ kind: 'person', name, idNumber: idNumber(), address }],
    });
    // As written before the migration: no address index on the person or the case's link.
    await t.db.query('UPDATE petitioners SET address_bidx = NULL WHERE id = ?', [
      first.petitioners[0].id,
    ]);
    await t.db.query('UPDATE case_petitioners SET address_bidx = NULL WHERE case_id = ?', [
      first.id,
    ]);
    const before = await register({ petitioners: [{ kind: 'person', name, address }] });
    expect(before).toMatchObject({ repeat: false });

    const indexer = new NameIndexer(new NameIndexRepository(t.db), t.app.get(PersonalDataCipher));
    expect((await indexer.reindex()).petitioners).toBeGreaterThanOrEqual(1);
    expect(await indexer.reindex()).toEqual({ petitioners: 0, links: 0 });
    const after = await register({ petitioners: [{ kind: 'person', name, address }] });
    expect(after).toMatchObject({ repeat: true, firstCaseId: first.id });
  });
});
