import { makeUnit } from '@app/testing';
import { caseApi, idNumber, phone, type CaseJson } from './support/cases';
import { createTestApp, expectError, type TestApp } from './support/test-app';

describe('petitioner lookup before saving (e2e)', () => {
  let t: TestApp;
  let api: ReturnType<typeof caseApi>;
  let reception: string;
  let handler: string;

  beforeAll(async () => {
    t = await createTestApp();
    api = caseApi(t);
    reception = (await t.tokenFor('reception')).token;
    handler = (await t.tokenFor('unit_handler', (await makeUnit(t.app)).id)).token;
  });
  afterAll(() => t.close());

  const lookup = (body: unknown, token = reception) =>
    t.request('POST', '/api/v1/petitioners/lookup', { token, body });

  it("shows the person's earlier cases and warns of a 重件 in the same category, as registration then links it", async () => {
    const id = idNumber();
    const tel = phone();
    const person = { kind: 'person', name: '张某某', idNumber: id, phone: tel };
    const first = (await api.register(reception, { petitioners: [person] })).json<CaseJson>();

    const byId = await lookup({ idNumber: id, categoryCode: '010301' });
    expect(byId.statusCode).toBe(200);
    expect(byId.json()).toMatchObject({
      petitionerCount: 1,
      cases: [{ id: first.id, caseNo: first.caseNo, status: 'registered', statusLabel: '已登记' }],
      repeatOf: { caseId: first.id, caseNo: first.caseNo },
      finalMatch: null,
      warnings: [{ code: 'REPEAT', message: expect.stringContaining(first.caseNo) }],
    });
    // By phone alone, the same person; another category is no 重件.
    const byPhone = (await lookup({ phone: tel, categoryCode: '010302' })).json();
    expect(byPhone).toMatchObject({ cases: [{ id: first.id }], repeatOf: null, warnings: [] });

    // What the lookup said is what registration does.
    const second = (await api.register(reception, { petitioners: [person] })).json<CaseJson>();
    expect(second).toMatchObject({ repeat: true, firstCaseId: first.id });
    const after = (await lookup({ idNumber: id })).json<{ cases: { id: number }[] }>();
    expect(after.cases.map((c) => c.id)).toEqual([second.id, first.id]);
  });

  it('finds nothing for someone new, and asks for an ID number or phone', async () => {
    expect((await lookup({ idNumber: idNumber(), categoryCode: '010301' })).json()).toEqual({
      petitionerCount: 0,
      people: [],
      cases: [],
      repeatOf: null,
      finalMatch: null,
      warnings: [],
    });
    for (const body of [
      {},
      { categoryCode: '010301' },
      { idNumber: '123' },
      { phone: 'abc' },
      { idNumber: idNumber(), categoryCode: '01' },
      { idNumber: idNumber(), extra: 1 },
    ]) {
      expectError(await lookup(body), 400, 'VALIDATION_FAILED');
    }
  });

  it('is for the bureau only', async () => {
    expectError(await lookup({ idNumber: idNumber() }, handler), 403, 'FORBIDDEN_ROLE');
    expectError(await t.request('POST', '/api/v1/petitioners/lookup', { body: {} }), 401);
  });
});
