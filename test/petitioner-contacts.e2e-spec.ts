import { randomInt } from 'node:crypto';
import { NameIndexer, NameIndexRepository } from '@app/cases';
import { PersonalDataCipher } from '@app/core';
import { makeUnit } from '@app/testing';
import { caseApi, idNumber, otherPhone, phone, type CaseJson } from './support/cases';
import { createTestApp, expectError, type TestApp } from './support/test-app';

/** A full name nobody else in the run has (three characters). */
const uniqueName = () =>
  Array.from(
    { length: 3 },
    () => '赵钱孙李周吴郑王冯陈褚卫蒋沈韩杨朱秦尤许何吕施'[randomInt(24)],
  ).join('') + '甲乙丙丁戊己庚辛壬癸'[randomInt(10)];

describe("a returning petitioner's details and name search (e2e)", () => {
  let t: TestApp;
  let api: ReturnType<typeof caseApi>;
  let reception: string;
  let officer: string;
  let handler: string;

  beforeAll(async () => {
    t = await createTestApp();
    api = caseApi(t);
    reception = (await t.tokenFor('reception')).token;
    officer = (await t.tokenFor('officer')).token;
    handler = (await t.tokenFor('unit_handler', (await makeUnit(t.app)).id)).token;
  });
  afterAll(() => t.close());

  const listIds = async (query: string, token = officer) =>
    (await t.request('GET', `/api/v1/cases?${query}`, { token }))
      .json<{ items: { id: number }[] }>()
      .items.map((i) => i.id);
  const reveal = async (c: CaseJson) =>
    (
      await t.request('POST', `/api/v1/cases/${c.id}/petitioners/${c.petitioners[0].id}/reveal`, {
        token: officer,
        body: { reason: '核实联系方式' },
      })
    ).json<{ name: string; phone: string; address: string; idNumber: string }>();

  it('keeps the new phone, address and name of a known person: each case shows and reveals its own, both phones find the person', async () => {
    const id = idNumber();
    const oldPhone = phone();
    const newPhone = otherPhone(oldPhone);
    const [oldName, newName] = [uniqueName(), uniqueName()];
    const first = (
      await api.register(reception, {
        petitioners: [
          {
            kind: 'person',
            name: oldName,
            idNumber: id,
            phone: oldPhone,
            address: '甲市老城区旧街 1 号',
          },
        ],
      })
    ).json<CaseJson>();
    t.clock.advance(60_000);
    const second = (
      await api.register(reception, {
        categoryCode: '020101',
        petitioners: [
          {
            kind: 'person',
            name: newName,
            idNumber: id,
            phone: newPhone,
            address: '乙市新区新路 88 号',
          },
        ],
      })
    ).json<CaseJson>();
    // One person across both cases.
    expect(second.petitioners[0].id).toBe(first.petitioners[0].id);

    const [a, b] = [await api.get(officer, first.id), await api.get(officer, second.id)];
    expect(a.petitioners[0]).toMatchObject({
      name: oldName,
      phone: `${oldPhone.slice(0, 3)}****${oldPhone.slice(-4)}`,
    });
    expect(b.petitioners[0]).toMatchObject({
      name: newName,
      phone: `${newPhone.slice(0, 3)}****${newPhone.slice(-4)}`,
    });

    expect(await reveal(a)).toMatchObject({
      name: oldName,
      phone: oldPhone,
      address: '甲市老城区旧街 1 号',
      idNumber: id,
    });
    expect(await reveal(b)).toMatchObject({
      name: newName,
      phone: newPhone,
      address: '乙市新区新路 88 号',
      idNumber: id,
    });

    // The new phone and the old one both find the person and all their cases.
    for (const p of [newPhone, oldPhone]) {
      expect(await listIds(`phone=${p}`)).toEqual([second.id, first.id]);
    }
    const lookup = await t.request('POST', '/api/v1/petitioners/lookup', {
      token: reception,
      body: { phone: newPhone },
    });
    expect(lookup.json()).toMatchObject({
      petitionerCount: 1,
      cases: [{ id: second.id }, { id: first.id }],
      // The register page shows the person's newest details.
      people: [
        {
          id: first.petitioners[0].id,
          name: newName,
          phone: `${newPhone.slice(0, 3)}****${newPhone.slice(-4)}`,
          address: expect.stringContaining('乙市'),
        },
      ],
    });
    const byOld = await t.request('POST', '/api/v1/petitioners/lookup', {
      token: reception,
      body: { phone: oldPhone },
    });
    expect(byOld.json()).toMatchObject({ petitionerCount: 1, people: [{ name: newName }] });

    // A third visit with no phone or address keeps the newest known ones on the person.
    t.clock.advance(60_000);
    const third = (
      await api.register(reception, {
        categoryCode: '090101',
        petitioners: [{ kind: 'person', name: newName, idNumber: id }],
      })
    ).json<CaseJson>();
    expect((await api.get(officer, third.id)).petitioners[0]).toMatchObject({ phone: null });
    const after = await t.request('POST', '/api/v1/petitioners/lookup', {
      token: reception,
      body: { idNumber: id },
    });
    expect(after.json()).toMatchObject({
      people: [{ phone: `${newPhone.slice(0, 3)}****${newPhone.slice(-4)}` }],
    });
    // Both names find the person too.
    expect(await listIds(`name=${encodeURIComponent(oldName)}`)).toEqual([
      third.id,
      second.id,
      first.id,
    ]);
  });

  it('finds a person by full name (not part of it), combined with other filters; a unit may not', async () => {
    const name = uniqueName();
    const c = (
      await api.register(reception, {
        petitioners: [{ kind: 'person', name, idNumber: idNumber(), phone: phone() }],
      })
    ).json<CaseJson>();
    const q = (s: string) => encodeURIComponent(s);
    expect(await listIds(`name=${q(name)}`)).toEqual([c.id]);
    // Spaces around and full-width spaces are the same name.
    expect(await listIds(`name=${q(`\u3000${name}\u3000 `)}`)).toEqual([c.id]);
    expect(await listIds(`name=${q(name.slice(0, 2))}`)).toEqual([]);
    expect(await listIds(`name=${q(name)}&status=registered`)).toEqual([c.id]);
    expect(await listIds(`name=${q(name)}&status=closed`)).toEqual([]);
    expect(
      (await t.request('GET', `/api/v1/cases/count?name=${q(name)}`, { token: officer })).json(),
    ).toMatchObject({ total: 1 });
    for (const url of [`/api/v1/cases?name=${q(name)}`, `/api/v1/cases/count?name=${q(name)}`]) {
      expectError(await t.request('GET', url, { token: handler }), 403, 'PII_SEARCH_FORBIDDEN');
    }
  });

  it('indexes the names written before name search with the reindex (petitions reindex), once', async () => {
    const name = uniqueName();
    const c = (
      await api.register(reception, {
        petitioners: [{ kind: 'person', name, idNumber: idNumber(), phone: phone() }],
      })
    ).json<CaseJson>();
    // As a row from before the migration: no name index on the person or the case's link.
    await t.db.query('UPDATE petitioners SET name_bidx = NULL WHERE id = ?', [c.petitioners[0].id]);
    await t.db.query('UPDATE case_petitioners SET name_bidx = NULL WHERE case_id = ?', [c.id]);
    const byName = `name=${encodeURIComponent(name)}`;
    expect(await listIds(byName)).toEqual([]);

    const indexer = new NameIndexer(new NameIndexRepository(t.db), t.app.get(PersonalDataCipher));
    const first = await indexer.reindex();
    expect(first.petitioners).toBeGreaterThanOrEqual(1);
    expect(first.links).toBeGreaterThanOrEqual(1);
    expect(await listIds(byName)).toEqual([c.id]);
    expect(await indexer.reindex()).toEqual({ petitioners: 0, links: 0 });
  });
});
