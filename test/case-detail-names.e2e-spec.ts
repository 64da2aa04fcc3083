import { UsersService } from '@app/auth';
import { makeUnit } from '@app/testing';
import { caseApi, idNumber, phone, type CaseJson } from './support/cases';
import { createTestApp, expectError, type TestApp } from './support/test-app';

interface CaseLink {
  id: number;
  caseNo: string;
  openable: boolean;
}
interface NamedCase extends CaseJson {
  officer: { id: number | null; name: string | null; role: string };
  firstCase: CaseLink | null;
  originalCase: CaseLink | null;
}

/**
 * The case detail names the people and cases it refers to (承办人, 初件, 原信访件) instead of ids,
 * and the officer picker lists who may be made 承办人; a unit reads the bureau's people by role
 * only and nothing of a hidden accuser's other cases.
 */
describe('case detail names and numbers (e2e)', () => {
  let t: TestApp;
  let api: ReturnType<typeof caseApi>;
  let officer: { token: string; userId: number };
  let supervisor: { token: string; userId: number };
  let unitA: number;
  let unitB: number;
  let handlerA: { token: string; userId: number };

  const rename = async (userId: number, displayName: string) => {
    const users = t.app.get(UsersService);
    const u = await users.get(userId);
    await users.update(userId, { displayName, version: u.version });
  };

  beforeAll(async () => {
    t = await createTestApp();
    t.clock.set(new Date('2026-03-02T02:00:00Z'));
    api = caseApi(t);
    officer = await t.tokenFor('officer');
    supervisor = await t.tokenFor('supervisor');
    await rename(officer.userId, '承办人王晓东');
    await rename(supervisor.userId, '督查员李明');
    unitA = (await makeUnit(t.app, { name: '区住房和城乡建设局' })).id;
    unitB = (await makeUnit(t.app, { name: '区城市管理局' })).id;
    handlerA = await t.tokenFor('unit_handler', unitA);
  });
  afterAll(() => t.close());

  const ok = async <T = NamedCase>(
    res: Promise<{ statusCode: number; body: string; json<J>(): J }>,
  ) => {
    const r = await res;
    if (r.statusCode >= 300) throw new Error(`${r.statusCode} ${r.body}`);
    return r.json<T>();
  };
  const detail = (id: number, token: string) =>
    ok(t.request('GET', `/api/v1/cases/${id}`, { token }));
  const person = () => ({
    kind: 'person',
    name: '信访人赵某',
    idNumber: idNumber(),
    phone: phone(),
    address: '某市某区某路 3 号',
  });

  it('the bureau reads the officer by name and the first case by number', async () => {
    const p = person();
    const first = await ok(api.register(officer.token, { petitioners: [p] }));
    expect(first).toMatchObject({
      officer: { id: officer.userId, name: '承办人王晓东', role: 'officer' },
      firstCase: null,
      originalCase: null,
    });
    const repeat = await ok(api.register(officer.token, { petitioners: [p] }));
    expect(repeat.firstCase).toEqual({ id: first.id, caseNo: first.caseNo, openable: true });

    const moved = await ok(
      api.act(officer.token, repeat.id, 'officer', { officerId: supervisor.userId }),
    );
    expect(moved.officer).toEqual({
      id: supervisor.userId,
      name: '督查员李明',
      role: 'supervisor',
    });
    expect((await detail(repeat.id, officer.token)).officer.name).toBe('督查员李明');
  });

  it('a review case names its original case', async () => {
    const c = await ok(api.register(officer.token));
    await ok(api.act(officer.token, c.id, 'transfer', { unitId: unitA }));
    await ok(api.act(handlerA.token, c.id, 'accept'));
    await ok(
      api.act(handlerA.token, c.id, 'answer', {
        decision: 'reject',
        facts: '经查，诉求缺乏依据。',
        basis: '《物业管理条例》',
        deliveryMethod: 'in_person',
        deliveredAt: t.clock.now().toISOString(),
      }),
    );
    const closed = await ok(api.act(officer.token, c.id, 'close'));
    const review = await ok(
      t.request('POST', `/api/v1/cases/${c.id}/review-request`, {
        token: officer.token,
        body: { version: closed.version, channel: 'letter', reasons: '对处理意见不服，请求复查。' },
      }),
    );
    expect(review.originalCase).toEqual({ id: c.id, caseNo: c.caseNo, openable: true });
    expect((await detail(review.id, officer.token)).originalCase).toEqual({
      id: c.id,
      caseNo: c.caseNo,
      openable: true,
    });
  });

  it('a unit reads the officer by role only, and links only a first case it had itself', async () => {
    const elsewhere = person();
    const firstB = await ok(api.register(officer.token, { petitioners: [elsewhere] }));
    await ok(api.act(officer.token, firstB.id, 'transfer', { unitId: unitB }));
    const repeatB = await ok(api.register(officer.token, { petitioners: [elsewhere] }));
    await ok(api.act(officer.token, repeatB.id, 'transfer', { unitId: unitA }));

    const res = await t.request('GET', `/api/v1/cases/${repeatB.id}`, { token: handlerA.token });
    const seen = res.json<NamedCase>();
    expect(seen.officer).toEqual({ id: null, name: null, role: 'officer' });
    expect(res.body).not.toContain('承办人王晓东');
    expect(seen.firstCase).toEqual({ id: firstB.id, caseNo: firstB.caseNo, openable: false });

    const here = person();
    const firstA = await ok(api.register(officer.token, { petitioners: [here] }));
    await ok(api.act(officer.token, firstA.id, 'transfer', { unitId: unitA }));
    const repeatA = await ok(api.register(officer.token, { petitioners: [here] }));
    await ok(api.act(officer.token, repeatA.id, 'transfer', { unitId: unitA }));
    expect((await detail(repeatA.id, handlerA.token)).firstCase).toEqual({
      id: firstA.id,
      caseNo: firstA.caseNo,
      openable: true,
    });
  });

  it("a unit reads nothing of a hidden accuser's other case", async () => {
    const p = person();
    const first = await ok(api.register(officer.token, { petitioners: [p] }));
    await ok(api.act(officer.token, first.id, 'transfer', { unitId: unitA }));
    const c = await ok(
      api.register(officer.token, {
        purpose: 'accusation',
        confidentialAccuser: true,
        title: '检举某单位违规收费',
        petitioners: [p],
      }),
    );
    expect(c.firstCase).toEqual({ id: first.id, caseNo: first.caseNo, openable: true });
    await ok(api.act(officer.token, c.id, 'transfer', { unitId: unitA }));

    const res = await t.request('GET', `/api/v1/cases/${c.id}`, { token: handlerA.token });
    expect(res.json<NamedCase>()).toMatchObject({
      firstCase: null,
      officer: { id: null, name: null, role: 'officer' },
    });
    expect(res.body).not.toContain(first.caseNo);
    expect(res.body).not.toContain('承办人王晓东');
    // The bureau still reads the link.
    expect((await detail(c.id, officer.token)).firstCase?.caseNo).toBe(first.caseNo);
  });

  it('the officer picker lists active bureau staff by name and role, for officers and supervisors', async () => {
    const gone = await t.tokenFor('officer');
    await rename(gone.userId, '已停用承办人');
    const users = t.app.get(UsersService);
    await users.update(gone.userId, {
      active: false,
      version: (await users.get(gone.userId)).version,
    });

    const res = await t.request('GET', '/api/v1/case-officers', { token: officer.token });
    expect(res.statusCode).toBe(200);
    const list = res.json<{ id: number; name: string; role: string }[]>();
    expect(list).toEqual(
      expect.arrayContaining([
        { id: officer.userId, name: '承办人王晓东', role: 'officer' },
        { id: supervisor.userId, name: '督查员李明', role: 'supervisor' },
      ]),
    );
    expect(list.map((u) => u.id)).not.toContain(gone.userId);
    expect(list.map((u) => u.id)).not.toContain(handlerA.userId);
    for (const u of list) expect(Object.keys(u).sort()).toEqual(['id', 'name', 'role']);
    // Whoever the picker offers, the API accepts as 承办人.
    const c = await ok(api.register(officer.token));
    for (const u of list) {
      const moved = await ok(api.act(officer.token, c.id, 'officer', { officerId: u.id }));
      expect(moved.officer.id).toBe(u.id);
    }

    expect(
      (await t.request('GET', '/api/v1/case-officers', { token: supervisor.token })).statusCode,
    ).toBe(200);
    expectError(await t.request('GET', '/api/v1/case-officers', { token: handlerA.token }), 403);
  });

  it('the case list finds a case by part of its number (the case picker)', async () => {
    const c = await ok(api.register(officer.token, { title: '编号检索测试' }));
    const tail = c.caseNo.slice(-6);
    const page = await ok<{ items: { id: number; caseNo: string; title: string }[] }>(
      t.request('GET', `/api/v1/cases?keyword=${tail}&limit=20`, { token: officer.token }),
    );
    expect(page.items.map((r) => r.id)).toContain(c.id);
  });
});
