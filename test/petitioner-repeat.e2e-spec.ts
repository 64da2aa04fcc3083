import { caseApi, idNumber, otherPhone, phone, type CaseJson } from './support/cases';
import { createTestApp, type TestApp } from './support/test-app';

/**
 * 重件 by person, not by the newest details (DESIGN §2): a person who comes back with only a phone
 * they gave on an earlier case, after giving a newer one since, is the same person.
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
});
