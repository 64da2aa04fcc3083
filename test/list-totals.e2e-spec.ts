import { makeUnit } from '@app/testing';
import { caseApi, idNumber, type CaseJson } from './support/cases';
import { createTestApp, expectError, type TestApp } from './support/test-app';

type Total = { value: number; exact: boolean } | null;
type Page = { items: { id: number }[]; nextCursor: number | null; total: Total };

/** Every page of a list, one row a page; the totals each page reported, and the rows seen. */
async function walk(t: TestApp, token: string, path: string, query: string) {
  const seen: number[] = [];
  const totals: Total[] = [];
  let cursor: number | null = null;
  do {
    const at: string = cursor === null ? '' : `cursor=${cursor}&`;
    const res = await t.request('GET', `${path}?limit=1&${at}${query}`, { token });
    expect(res.statusCode).toBe(200);
    const page = res.json<Page>();
    seen.push(...page.items.map((i) => i.id));
    totals.push(page.total);
    cursor = page.nextCursor;
  } while (cursor !== null);
  return { seen, totals };
}

const letterBody = (caseIds: number[], unitId: number) => ({
  caseIds,
  unitId,
  type: 'ordinary',
  reason: 'overdue',
  requirements: '请于收函后立即组织核查，依法依规妥善处理，并书面报告办理情况。',
  signer: '李局长',
  contactPerson: '王科员',
  contactPhone: '020-81234567',
});

describe('list totals: the count of the filter in every page envelope (e2e)', () => {
  let t: TestApp;
  let api: ReturnType<typeof caseApi>;
  let officer: string;
  let admin: string;
  let handlerA: string;
  let unitA: number;
  let unitB: number;
  const made: CaseJson[] = [];

  beforeAll(async () => {
    t = await createTestApp();
    t.clock.set(new Date('2022-06-01T02:00:00Z'));
    api = caseApi(t);
    officer = (await t.tokenFor('officer')).token;
    admin = (await t.tokenFor('admin')).token;
    unitA = (await makeUnit(t.app)).id;
    unitB = (await makeUnit(t.app)).id;
    handlerA = (await t.tokenFor('unit_handler', unitA)).token;
    const specs: Record<string, unknown>[] = [
      { channel: 'letter', title: '关于拖欠工资的来信', categoryCode: '020101' },
      { channel: 'online', title: '噪声扰民', categoryCode: '090101' },
      { channel: 'visit', title: '拖欠工资又来访', categoryCode: '020101' },
      // An accusation handed to unit A (the unit sees it, the accuser hidden) and one to unit B.
      { channel: 'letter', title: '举报乱收费', purpose: 'accusation', categoryCode: '020101' },
      { channel: 'letter', title: '举报另一单位', purpose: 'accusation', categoryCode: '020101' },
    ];
    for (const s of specs) made.push((await api.register(officer, s)).json<CaseJson>());
    await api.act(officer, made[2].id, 'transfer', { unitId: unitA });
    await api.act(officer, made[3].id, 'transfer', { unitId: unitA });
    await api.act(officer, made[4].id, 'transfer', { unitId: unitB });
  });
  afterAll(() => t.close());

  it('gives the exact total of each filter, the same on every page, equal to the rows the pages hold', async () => {
    const queries = [
      '',
      'status=registered',
      'status=transferred',
      'categoryCode=02',
      'channel=letter',
      'purpose=accusation',
      `keyword=${encodeURIComponent('工资')}`,
      `unitId=${unitA}`,
      'status=closed',
    ];
    for (const [token, who] of [
      [officer, 'officer'],
      [handlerA, 'unit A'],
    ]) {
      for (const q of queries) {
        const { seen, totals } = await walk(t, token, '/api/v1/cases', q);
        const expected = { value: seen.length, exact: true };
        expect({ who, q, totals }).toEqual({ who, q, totals: totals.map(() => expected) });
      }
    }
    const first = await t.request('GET', '/api/v1/cases?categoryCode=02', { token: officer });
    expect(first.json<Page>().total).toEqual({ value: 4, exact: true });
  });

  it("counts a unit's cases only: its total equals its visible rows, never a case it was not handed", async () => {
    const { seen, totals } = await walk(t, handlerA, '/api/v1/cases', '');
    expect(seen).toEqual([made[3].id, made[2].id]);
    expect(totals[0]).toEqual({ value: 2, exact: true });
    // The accusation handed to unit B is not counted in A's total, whatever the filter.
    const accusations = await t.request('GET', '/api/v1/cases?purpose=accusation', {
      token: handlerA,
    });
    expect(accusations.json<Page>().total).toEqual({ value: 1, exact: true });
    const byNumber = await t.request('GET', `/api/v1/cases?keyword=${made[4].caseNo}`, {
      token: handlerA,
    });
    expect(byNumber.json<Page>()).toMatchObject({ items: [], total: { value: 0, exact: true } });
    // A unit may not look a person up: the list, and so its total, is refused, not counted.
    for (const q of [`idNumber=${idNumber()}`, `name=${encodeURIComponent('张三')}`]) {
      expectError(
        await t.request('GET', `/api/v1/cases?${q}`, { token: handlerA }),
        403,
        'PII_SEARCH_FORBIDDEN',
      );
    }
  });

  it('counts a person search in the scope of the people found', async () => {
    const id = idNumber();
    const mine: number[] = [];
    for (let i = 0; i < 2; i++) {
      const body = { petitioners: [{ kind: 'person', name: '王五', idNumber: id }] };
      mine.push((await api.register(officer, body)).json<CaseJson>().id);
    }
    const { seen, totals } = await walk(t, officer, '/api/v1/cases', `idNumber=${id}`);
    expect(seen).toEqual([...mine].reverse());
    expect(totals).toEqual([
      { value: 2, exact: true },
      { value: 2, exact: true },
    ]);
    const nobody = await t.request('GET', `/api/v1/cases?idNumber=${idNumber()}`, {
      token: officer,
    });
    expect(nobody.json<Page>().total).toEqual({ value: 0, exact: true });
  });

  it('skips counting for total=none, and refuses a mode it does not know', async () => {
    const none = await t.request('GET', '/api/v1/cases?total=none', { token: officer });
    expect(none.json<Page>().total).toBeNull();
    expect(none.json<Page>().items.length).toBeGreaterThan(0);
    for (const path of [
      '/api/v1/cases',
      '/api/v1/supervision-letters',
      '/api/v1/notifications',
      '/api/v1/imports',
      '/api/v1/audit/reveals',
    ]) {
      const token = path.startsWith('/api/v1/audit') ? admin : officer;
      const res = await t.request('GET', `${path}?total=all`, { token });
      expectError(res, 400, 'VALIDATION_FAILED');
    }
  });

  it("gives the letters', the inbox's, the imports' and the audit logs' totals with their filters and scope", async () => {
    const issued = await t.request('POST', '/api/v1/supervision-letters', {
      token: officer,
      body: letterBody([made[2].id], unitA),
    });
    expect(issued.statusCode).toBe(201);
    const toB = await t.request('POST', '/api/v1/supervision-letters', {
      token: officer,
      body: letterBody([made[4].id], unitB),
    });
    expect(toB.statusCode).toBe(201);
    const letters = async (token: string, q: string) =>
      (await t.request('GET', `/api/v1/supervision-letters?${q}`, { token })).json<Page>();
    expect((await letters(officer, '')).total).toEqual({ value: 2, exact: true });
    expect((await letters(officer, `unitId=${unitB}`)).total).toEqual({ value: 1, exact: true });
    // Unit A counts only the letters to itself.
    const forA = await walk(t, handlerA, '/api/v1/supervision-letters', '');
    expect(forA.seen).toHaveLength(1);
    expect(forA.totals).toEqual([{ value: 1, exact: true }]);

    // Unit A's handler was told of two cases and a letter: the inbox counts them, and its unread.
    const inbox = await walk(t, handlerA, '/api/v1/notifications', '');
    expect(inbox.seen.length).toBeGreaterThanOrEqual(3);
    expect(inbox.totals.every((x) => x?.value === inbox.seen.length && x.exact)).toBe(true);
    const unread = await t.request('GET', '/api/v1/notifications?unread=true', { token: handlerA });
    expect(unread.json<Page>().total).toEqual({ value: inbox.seen.length, exact: true });

    const imports = await t.request('GET', '/api/v1/imports?kind=history', { token: officer });
    expect(imports.json<Page>().total).toEqual({ value: 0, exact: true });

    const petitioner = made[0].petitioners[0].id;
    for (const reason of ['核实身份', '电话回访']) {
      const res = await t.request(
        'POST',
        `/api/v1/cases/${made[0].id}/petitioners/${petitioner}/reveal`,
        { token: officer, body: { reason } },
      );
      expect(res.statusCode).toBe(200);
    }
    const reveals = await walk(t, admin, '/api/v1/audit/reveals', `caseId=${made[0].id}`);
    expect(reveals.seen).toHaveLength(2);
    expect(reveals.totals[0]).toEqual({ value: 2, exact: true });
    const other = await t.request('GET', `/api/v1/audit/reveals?caseId=${made[1].id}`, {
      token: admin,
    });
    expect(other.json<Page>().total).toEqual({ value: 0, exact: true });
    const exportsLog = await t.request('GET', '/api/v1/audit/exports', { token: admin });
    expect(exportsLog.json<Page>().total).toEqual({ value: 0, exact: true });
    const dead = await t.request('GET', '/api/v1/reminder-deliveries/dead', { token: admin });
    expect(dead.statusCode).toBe(200);
    expect(dead.json<Page>().total).toEqual({ value: 0, exact: true });
  });
});

describe('list totals above LIST_EXACT_TOTAL_LIMIT are marked as not exact (e2e)', () => {
  let t: TestApp;
  afterAll(() => t?.close());

  it('says "at least the limit" with exact false, the exact figure below it, and counts all for total=exact', async () => {
    t = await createTestApp({ env: { LIST_EXACT_TOTAL_LIMIT: '2' } });
    t.clock.set(new Date('2022-06-01T02:00:00Z'));
    const api = caseApi(t);
    const officer = (await t.tokenFor('officer')).token;
    const unit = (await makeUnit(t.app)).id;
    const handler = (await t.tokenFor('unit_handler', unit)).token;
    const made: CaseJson[] = [];
    for (let i = 0; i < 5; i++) made.push((await api.register(officer, {})).json<CaseJson>());
    for (const c of made.slice(0, 3)) await api.act(officer, c.id, 'transfer', { unitId: unit });
    const total = async (token: string, path: string, query = '') => {
      const res = await t.request('GET', `${path}?${query}`, { token });
      expect(res.statusCode).toBe(200);
      return res.json<Page>().total;
    };
    expect(await total(officer, '/api/v1/cases')).toEqual({ value: 2, exact: false });
    expect(await total(officer, '/api/v1/cases', 'status=registered')).toEqual({
      value: 2,
      exact: true,
    });
    expect(await total(officer, '/api/v1/cases', 'status=transferred')).toEqual({
      value: 2,
      exact: false,
    });
    expect(await total(officer, '/api/v1/cases', 'total=exact')).toEqual({
      value: 5,
      exact: true,
    });
    // The unit's own cases, above the limit too, and exact when asked.
    expect(await total(handler, '/api/v1/cases')).toEqual({ value: 2, exact: false });
    expect(await total(handler, '/api/v1/cases', 'total=exact')).toEqual({
      value: 3,
      exact: true,
    });
    expect(await total(handler, '/api/v1/cases', 'total=exact&status=registered')).toEqual({
      value: 0,
      exact: true,
    });
    // The inbox: the unit was told of three cases.
    expect(await total(handler, '/api/v1/notifications')).toEqual({ value: 2, exact: false });
    expect(await total(handler, '/api/v1/notifications', 'total=exact')).toEqual({
      value: 3,
      exact: true,
    });
  });
});
