import { caseApi, type CaseJson } from './support/cases';
import { readXlsx } from './support/exchange';
import { createTestApp, expectError, type TestApp } from './support/test-app';

interface RevealJson {
  id: number;
  at: string;
  user: { id: number; username: string; displayName: string; role: string };
  caseId: number;
  caseNo: string;
  petitionerId: number;
  reason: string;
  kind: string;
}
interface ExportJson {
  id: number;
  startedAt: string;
  finishedAt: string | null;
  user: { id: number; username: string; displayName: string; role: string };
  role: string;
  what: string;
  filters: Record<string, unknown>;
  fullPersonalData: boolean;
  rowCount: number | null;
  reason: string;
}
interface Page<T> {
  items: T[];
  nextCursor: number | null;
}

/** Who looked at whose personal data, and who exported what: the admin's view of both logs. */
describe('audit of reveals and exports (e2e)', () => {
  let t: TestApp;
  let admin: string;
  let one: { token: string; userId: number };
  let two: { token: string; userId: number };
  let cases: CaseJson[];

  // Three days in Shanghai; 2022-03-02 16:30Z is already the 3rd there.
  const DAYS = ['2022-03-01T02:00:00Z', '2022-03-02T16:30:00Z', '2022-03-04T03:00:00Z'];

  beforeAll(async () => {
    t = await createTestApp();
    t.clock.set(new Date(DAYS[0]));
    admin = (await t.tokenFor('admin')).token;
    one = await t.tokenFor('officer');
    two = await t.tokenFor('supervisor');
    const api = caseApi(t);
    cases = [];
    for (let i = 0; i < 3; i++) cases.push((await api.register(one.token)).json<CaseJson>());
    const reveal = (who: { token: string }, c: CaseJson, reason: string) =>
      t.request('POST', `/api/v1/cases/${c.id}/petitioners/${c.petitioners[0].id}/reveal`, {
        token: who.token,
        body: { reason },
      });
    const exportCases = (who: { token: string }, query: string) =>
      t.request('GET', `/api/v1/cases/export?${query}`, { token: who.token });
    for (const [day, at] of DAYS.entries()) {
      t.clock.set(new Date(at));
      expect((await reveal(one, cases[day], `核实身份 第${day + 1}天`)).statusCode).toBe(200);
      expect((await reveal(two, cases[day], `复核 第${day + 1}天`)).statusCode).toBe(200);
      expect((await exportCases(one, `reason=月度核对${day + 1}&channel=visit`)).statusCode).toBe(
        200,
      );
    }
    expect(
      (await exportCases(two, 'reason=全量核对&personalData=full&status=registered')).statusCode,
    ).toBe(200);
  });
  afterAll(() => t.close());

  const get = <T>(url: string, token = admin) =>
    t.request('GET', url, { token }).then((r) => {
      expect(r.statusCode).toBe(200);
      return r.json<T>();
    });

  it('lists every reveal, newest first: who, when, which case and petitioner, why', async () => {
    const page = await get<Page<RevealJson>>('/api/v1/audit/reveals');
    expect(page.items).toHaveLength(6);
    expect(page.items[0]).toEqual({
      id: expect.any(Number),
      at: new Date(DAYS[2]).toISOString(),
      user: {
        id: two.userId,
        username: expect.stringMatching(/^supervisor-/),
        displayName: expect.any(String),
        role: 'supervisor',
      },
      caseId: cases[2].id,
      caseNo: cases[2].caseNo,
      petitionerId: cases[2].petitioners[0].id,
      reason: '复核 第3天',
      kind: 'reveal',
    });
    expect(page.items.map((r) => r.reason)).toEqual([
      '复核 第3天',
      '核实身份 第3天',
      '复核 第2天',
      '核实身份 第2天',
      '复核 第1天',
      '核实身份 第1天',
    ]);
    // Nothing of the petitioner's own data is in the audit list.
    expect(JSON.stringify(page)).not.toContain(cases[0].petitioners[0].name);
  });

  it('filters reveals by user, by case and by Shanghai dates, and pages with a cursor', async () => {
    const byUser = await get<Page<RevealJson>>(`/api/v1/audit/reveals?userId=${one.userId}`);
    expect(byUser.items.map((r) => r.reason)).toEqual([
      '核实身份 第3天',
      '核实身份 第2天',
      '核实身份 第1天',
    ]);
    const byCase = await get<Page<RevealJson>>(`/api/v1/audit/reveals?caseId=${cases[1].id}`);
    expect(byCase.items.map((r) => r.reason)).toEqual(['复核 第2天', '核实身份 第2天']);
    // 2022-03-02 16:30Z is the 3rd in Shanghai.
    const third = await get<Page<RevealJson>>(
      '/api/v1/audit/reveals?from=2022-03-03&to=2022-03-03',
    );
    expect(third.items.map((r) => r.reason)).toEqual(['复核 第2天', '核实身份 第2天']);
    const upTo = await get<Page<RevealJson>>(
      `/api/v1/audit/reveals?to=2022-03-03&userId=${two.userId}`,
    );
    expect(upTo.items.map((r) => r.reason)).toEqual(['复核 第2天', '复核 第1天']);

    const first = await get<Page<RevealJson>>('/api/v1/audit/reveals?limit=4');
    expect(first.items).toHaveLength(4);
    const rest = await get<Page<RevealJson>>(
      `/api/v1/audit/reveals?limit=4&cursor=${first.nextCursor}`,
    );
    expect(rest.items.map((r) => r.reason)).toEqual(['复核 第1天', '核实身份 第1天']);
    expect(rest.nextCursor).toBeNull();
  });

  it('lists exports with their filters, row counts and reasons, filterable the same way', async () => {
    const page = await get<Page<ExportJson>>('/api/v1/audit/exports');
    expect(page.items).toHaveLength(4);
    expect(page.items[0]).toEqual({
      id: expect.any(Number),
      startedAt: new Date(DAYS[2]).toISOString(),
      finishedAt: expect.any(String),
      user: expect.objectContaining({ id: two.userId, role: 'supervisor' }),
      role: 'supervisor',
      what: 'cases',
      filters: { status: ['registered'] },
      fullPersonalData: true,
      rowCount: 3,
      reason: '全量核对',
    });
    const mine = await get<Page<ExportJson>>(
      `/api/v1/audit/exports?userId=${one.userId}&from=2022-03-01&to=2022-03-03`,
    );
    expect(mine.items.map((e) => [e.reason, e.filters, e.fullPersonalData])).toEqual([
      ['月度核对2', { channel: 'visit' }, false],
      ['月度核对1', { channel: 'visit' }, false],
    ]);
  });

  it('downloads either list as .xlsx or .csv with the same filters', async () => {
    const xlsx = await t.app.inject({
      method: 'GET',
      url: `/api/v1/audit/reveals/download?userId=${two.userId}`,
      headers: { authorization: `Bearer ${admin}` },
    });
    expect(xlsx.statusCode).toBe(200);
    expect(xlsx.headers['content-type']).toContain('spreadsheetml');
    const rows = await readXlsx(xlsx.rawPayload);
    expect(rows[0]).toEqual([
      '编号',
      '查看时间',
      '用户名',
      '姓名',
      '角色',
      '信访件编号',
      '信访人编号',
      '事由',
      '类型',
    ]);
    expect(rows.slice(1).map((r) => [r[1], r[5], r[7]])).toEqual([
      ['2022-03-04 11:00', cases[2].caseNo, '复核 第3天'],
      ['2022-03-03 00:30', cases[1].caseNo, '复核 第2天'],
      ['2022-03-01 10:00', cases[0].caseNo, '复核 第1天'],
    ]);

    const csv = await t.app.inject({
      method: 'GET',
      url: '/api/v1/audit/exports/download?format=csv&from=2022-03-04',
      headers: { authorization: `Bearer ${admin}` },
    });
    expect(csv.statusCode).toBe(200);
    expect(csv.headers['content-type']).toBe('text/csv; charset=utf-8');
    const lines = csv.body
      .replace(/^\uFEFF/, '')
      .trim()
      .split('\r\n');
    expect(lines[0]).toBe(
      '编号,开始时间,完成时间,用户名,姓名,角色,导出内容,筛选条件,完整个人信息,行数,事由',
    );
    expect(lines).toHaveLength(3);
    expect(lines[1]).toContain('全量核对');
    expect(lines[1]).toContain('是');
    expect(lines[2]).toContain('月度核对3');
  });

  it('is for admins only, and refuses bad filters with 400', async () => {
    for (const url of [
      '/api/v1/audit/reveals',
      '/api/v1/audit/exports',
      '/api/v1/audit/reveals/download',
      '/api/v1/audit/exports/download',
    ]) {
      for (const token of [one.token, two.token])
        expectError(await t.request('GET', url, { token }), 403, 'FORBIDDEN_ROLE');
      expectError(await t.request('GET', url), 401);
    }
    for (const query of [
      'from=2022-02-30',
      'to=20220301',
      'userId=abc',
      'userId=0',
      'limit=500',
      'format=pdf',
    ]) {
      const url = query.startsWith('format')
        ? `/api/v1/audit/reveals/download?${query}`
        : `/api/v1/audit/reveals?${query}`;
      expectError(await t.request('GET', url, { token: admin }), 400, 'VALIDATION_FAILED');
    }
  });
});
