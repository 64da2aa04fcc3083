import { makeUnit } from '@app/testing';
import { caseApi, type CaseJson } from './support/cases';
import { createTestApp, expectError, type TestApp } from './support/test-app';

const DAY = 86_400_000;

describe('case lifecycle (e2e)', () => {
  let t: TestApp;
  let api: ReturnType<typeof caseApi>;
  let reception: string;
  let officer: string;
  let supervisor: string;
  let unitA: number;
  let unitB: number;
  let handlerA: string;
  let handlerB: string;

  beforeAll(async () => {
    t = await createTestApp();
    t.clock.set(new Date('2022-03-01T02:00:00Z'));
    api = caseApi(t);
    reception = (await t.tokenFor('reception')).token;
    officer = (await t.tokenFor('officer')).token;
    supervisor = (await t.tokenFor('supervisor')).token;
    unitA = (await makeUnit(t.app, { name: '区住房和城乡建设局' })).id;
    unitB = (await makeUnit(t.app, { name: '区城市管理局' })).id;
    handlerA = (await t.tokenFor('unit_handler', unitA)).token;
    handlerB = (await t.tokenFor('unit_handler', unitB)).token;
  });
  afterAll(() => t.close());
  beforeEach(() => t.clock.set(new Date('2022-03-01T02:00:00Z')));

  const newCase = async (overrides: Record<string, unknown> = {}) =>
    (await api.register(reception, overrides)).json<CaseJson>();
  const ok = async (res: Promise<{ statusCode: number; body: string; json<T>(): T }>) => {
    const r = await res;
    if (r.statusCode !== 200) throw new Error(`${r.statusCode} ${r.body}`);
    return r.json<CaseJson>();
  };
  const clock = (c: CaseJson, kind: string) => c.clocks.filter((k) => k.kind === kind).at(-1)!;

  it('walks registered → transferred → accepted → extended → answered → closed → evaluated', async () => {
    const c = await newCase();
    const transferred = await ok(
      api.act(officer, c.id, 'transfer', { unitId: unitA, instructions: '请依法处理' }),
    );
    expect(transferred).toMatchObject({ status: 'transferred', responsibleUnitId: unitA });
    expect(clock(transferred, 'triage').status).toBe('satisfied');
    // Sent 2022-03-01 (Tue): 15 calendar days → 03-16; 5 working days → 03-08.
    expect(clock(transferred, 'acceptance_notice')).toMatchObject({
      status: 'running',
      dueDate: '2022-03-16',
    });
    expect(clock(transferred, 'objection_window')).toMatchObject({
      status: 'running',
      dueDate: '2022-03-08',
    });

    t.clock.advance(2 * DAY);
    const accepted = await ok(api.act(handlerA, c.id, 'accept'));
    expect(accepted.status).toBe('accepted');
    expect(clock(accepted, 'acceptance_notice').status).toBe('satisfied');
    const handling = clock(accepted, 'handling');
    // 03-03 + 60 days = 05-02, inside the 2022 May Day break (04-30..05-04): rolls to 05-05.
    expect(handling).toMatchObject({ status: 'running', dueDate: '2022-05-05' });
    expect(accepted.nextClock?.kind).toBe('handling');

    const extended = await ok(
      api.act(supervisor, c.id, 'extend', { days: 30, reason: '案情复杂，需进一步调查' }),
    );
    expect(clock(extended, 'handling')).toMatchObject({ dueDate: '2022-06-01', extendedDays: 30 });
    expectError(
      await api.act(supervisor, c.id, 'extend', { days: 5, reason: '再次延期' }),
      409,
      'EXTENSION_ALREADY_USED',
    );

    t.clock.advance(20 * DAY);
    const answered = await ok(
      api.act(handlerA, c.id, 'answer', {
        decision: 'support',
        facts: '经查，电梯确有故障。',
        basis: '《物业管理条例》',
        deliveryMethod: 'in_person',
        deliveredAt: t.clock.now().toISOString(),
      }),
    );
    expect(answered.status).toBe('answered');
    expect(clock(answered, 'handling').status).toBe('satisfied');
    expect(clock(answered, 'evaluation_window').status).toBe('running');
    expect(clock(answered, 'review_request_window').status).toBe('running');

    const closed = await ok(api.act(officer, c.id, 'close'));
    expect(closed.status).toBe('closed');
    const evaluated = await ok(api.act(reception, c.id, 'evaluate', { evaluation: 'satisfied' }));
    expect(evaluated).toMatchObject({ status: 'closed', evaluation: 'satisfied' });
    expectError(
      await api.act(reception, c.id, 'evaluate', { evaluation: 'dissatisfied' }),
      409,
      'ALREADY_EVALUATED',
    );

    const timeline = (
      await t.request('GET', `/api/v1/cases/${c.id}/timeline`, { token: officer })
    ).json<{
      events: { seq: number; type: string; fromStatus: string | null; toStatus: string }[];
      chainIntact: boolean;
    }>();
    expect(timeline.events.map((e) => e.type)).toEqual([
      'registered',
      'transferred',
      'accepted',
      'extended',
      'answered',
      'closed',
      'evaluated',
    ]);
    expect(timeline.events.map((e) => e.seq)).toEqual([1, 2, 3, 4, 5, 6, 7]);
    expect(timeline.chainIntact).toBe(true);
  });

  it('an objection returns the case to the bureau, which reroutes it; late objections are refused', async () => {
    const c = await newCase();
    await ok(api.act(officer, c.id, 'transfer', { unitId: unitA }));
    const objected = await ok(api.act(handlerA, c.id, 'object', { reason: '不属于本单位职责' }));
    expect(objected).toMatchObject({ status: 'objected', responsibleUnitId: null });
    expect(objected.hops[0]).toMatchObject({ unitId: unitA, status: 'objected' });
    expect(objected.nextClock?.kind).toBe('triage');
    expectError(await api.act(handlerA, c.id, 'accept'), 409, 'INVALID_TRANSITION_FROM_OBJECTED');

    const rerouted = await ok(api.act(officer, c.id, 'transfer', { unitId: unitB }));
    expect(rerouted.hops.map((h) => h.unitId)).toEqual([unitA, unitB]);
    // 5 working days from the transfer have passed: too late to object.
    t.clock.advance(10 * DAY);
    expectError(
      await api.act(handlerB, c.id, 'object', { reason: '不属于本单位职责' }),
      409,
      'OBJECTION_WINDOW_PASSED',
    );
    expect((await ok(api.act(handlerB, c.id, 'accept'))).status).toBe('accepted');
  });

  it('not accepted with reason and route; referred to the discipline channel', async () => {
    const a = await newCase();
    const na = await ok(
      api.act(officer, a.id, 'not-accept', { reason: '属于诉讼程序处理事项', route: 'litigation' }),
    );
    expect(na).toMatchObject({ status: 'not_accepted', nextClock: null });
    expect(na.disposal).toEqual({
      notAcceptedRoute: 'litigation',
      referredTo: null,
      reason: '属于诉讼程序处理事项',
    });
    expectError(
      await api.act(officer, a.id, 'transfer', { unitId: unitA }),
      409,
      'INVALID_TRANSITION_FROM_NOT_ACCEPTED',
    );

    const b = await newCase({ purpose: 'accusation' });
    const referred = await ok(
      api.act(officer, b.id, 'refer', { to: 'discipline', reason: '反映公职人员违纪问题' }),
    );
    expect(referred.status).toBe('referred');
  });

  it('an assignment (交办) needs its completion report before it can close', async () => {
    const c = await newCase({
      source: 'assigned',
      sourceLevel: 'municipal',
      externalRef: 'SH-ASSIGN-0001',
    });
    const assigned = await ok(
      api.act(officer, c.id, 'assign', { unitId: unitA, reportDueDate: '2022-03-31' }),
    );
    expect(clock(assigned, 'assignment_report')).toMatchObject({
      dueDate: '2022-03-31',
      status: 'running',
    });
    await ok(api.act(handlerA, c.id, 'accept'));
    await ok(
      api.act(handlerA, c.id, 'answer', {
        decision: 'explain',
        facts: '已核查。',
        basis: '相关规定',
        deliveryMethod: 'post',
        deliveredAt: t.clock.now().toISOString(),
      }),
    );
    expectError(await api.act(officer, c.id, 'close'), 409, 'COMPLETION_REPORT_MISSING');
    const reported = await ok(
      api.act(handlerA, c.id, 'report', { report: '已办结，群众表示理解。' }),
    );
    expect(clock(reported, 'assignment_report').status).toBe('satisfied');
    expect((await ok(api.act(officer, c.id, 'close'))).status).toBe('closed');

    expectError(
      await api.act(officer, c.id, 'assign', { unitId: unitA }),
      400,
      'VALIDATION_FAILED',
    );
  });

  it('refuses forbidden transitions with 409 naming the current status', async () => {
    const c = await newCase();
    expectError(await api.act(officer, c.id, 'accept'), 409, 'INVALID_TRANSITION_FROM_REGISTERED');
    // A unit that never received the case cannot even see it.
    expectError(await api.act(handlerA, c.id, 'accept'), 403, 'CASE_OUT_OF_SCOPE');
    expectError(await api.act(officer, c.id, 'close'), 409, 'INVALID_TRANSITION_FROM_REGISTERED');
    expectError(
      await api.act(supervisor, c.id, 'extend', { days: 10, reason: '需要延期' }),
      409,
      'INVALID_TRANSITION_FROM_REGISTERED',
    );
  });

  it('refuses an answer delivered before the unit accepted the case', async () => {
    const c = await newCase();
    await ok(api.act(officer, c.id, 'transfer', { unitId: unitA }));
    t.clock.advance(DAY);
    await ok(api.act(handlerA, c.id, 'accept'));
    expectError(
      await api.act(handlerA, c.id, 'answer', {
        decision: 'support',
        facts: '经查属实。',
        basis: '相关规定',
        deliveryMethod: 'post',
        deliveredAt: new Date(t.clock.now().getTime() - 2 * DAY).toISOString(),
      }),
      400,
      'DELIVERED_BEFORE_ACCEPTANCE',
    );
  });

  it('refuses an extension over 30 days and routing to a non-district unit', async () => {
    const c = await newCase();
    await ok(api.act(officer, c.id, 'transfer', { unitId: unitA }));
    await ok(api.act(handlerA, c.id, 'accept'));
    expectError(await api.act(supervisor, c.id, 'extend', { days: 31, reason: '太长' }), 400);
    const other = await newCase();
    const bureau = await makeUnit(t.app, { kind: 'bureau' });
    expectError(
      await api.act(officer, other.id, 'transfer', { unitId: bureau.id }),
      400,
      'UNIT_NOT_ROUTABLE',
    );
  });

  it('detects concurrent edits: 100 parallel edits with one version give 1 winner and 99 × 409', async () => {
    const c = await newCase();
    const results = await Promise.all(
      Array.from({ length: 100 }, (_, i) =>
        t.request('PATCH', `/api/v1/cases/${c.id}`, {
          token: officer,
          body: { version: c.version, title: `修改后的标题 ${i}` },
        }),
      ),
    );
    expect(results.filter((r) => r.statusCode === 200)).toHaveLength(1);
    for (const r of results.filter((x) => x.statusCode !== 200))
      expectError(r, 409, 'STALE_VERSION');
    const after = await api.get(officer, c.id);
    const winner = results.find((r) => r.statusCode === 200)!.json<CaseJson>();
    expect(after).toMatchObject({ version: 2, title: winner.title });
    const events = await t.db.query<{ type: string }[]>(
      'SELECT type FROM case_events WHERE case_id = ?',
      [c.id],
    );
    expect(events.map((e) => e.type)).toEqual(['registered', 'edited']);
  });

  it('two simultaneous transitions: one wins, the other gets 409 and leaves no trace', async () => {
    const c = await newCase();
    const [a, b] = await Promise.all([
      t.request('POST', `/api/v1/cases/${c.id}/transfer`, {
        token: officer,
        body: { version: 1, unitId: unitA },
      }),
      t.request('POST', `/api/v1/cases/${c.id}/transfer`, {
        token: officer,
        body: { version: 1, unitId: unitB },
      }),
    ]);
    expect([a.statusCode, b.statusCode].sort()).toEqual([200, 409]);
    const [{ n }] = await t.db.query<{ n: string }[]>(
      'SELECT COUNT(*) AS n FROM case_hops WHERE case_id = ?',
      [c.id],
    );
    expect(Number(n)).toBe(1);
  });

  it('scopes unit handlers to cases handed to their unit', async () => {
    const c = await newCase({
      purpose: 'accusation',
      petitioners: [{ kind: 'person', name: '检举人甲' }],
    });
    await ok(api.act(officer, c.id, 'transfer', { unitId: unitA }));
    expectError(
      await t.request('GET', `/api/v1/cases/${c.id}`, { token: handlerB }),
      403,
      'CASE_OUT_OF_SCOPE',
    );
    expectError(await t.request('GET', `/api/v1/cases/${c.id}/timeline`, { token: handlerB }), 403);
    expectError(
      await t.request('POST', `/api/v1/cases/${c.id}/accept`, {
        token: handlerB,
        body: { version: 2 },
      }),
      403,
    );
    const listB = await t.request('GET', '/api/v1/cases?limit=200', { token: handlerB });
    expect(listB.json().items.map((i: { id: number }) => i.id)).not.toContain(c.id);

    const seenByA = await t.request('GET', `/api/v1/cases/${c.id}`, { token: handlerA });
    expect(seenByA.statusCode).toBe(200);
    // 检举控告: the accuser is never shown to the handling unit, not even as an id.
    expect(seenByA.json().petitioners[0]).toMatchObject({
      name: '（保密）',
      id: null,
      idNumber: null,
    });
    expectError(
      await t.request('GET', '/api/v1/cases?idNumber=440103199001011234', { token: handlerA }),
      403,
      'PII_SEARCH_FORBIDDEN',
    );
    expect(seenByA.body).not.toContain('检举人甲');
    const listA = await t.request('GET', '/api/v1/cases?limit=200', { token: handlerA });
    const row = listA.json().items.find((i: { id: number }) => i.id === c.id);
    expect(row.firstPetitionerName).toBe('（保密）');
  });

  it('lapses evaluations whose window passed without a rating', async () => {
    const c = await newCase();
    await ok(api.act(officer, c.id, 'transfer', { unitId: unitA }));
    await ok(api.act(handlerA, c.id, 'accept'));
    await ok(
      api.act(handlerA, c.id, 'answer', {
        decision: 'reject',
        facts: '不符合政策。',
        basis: '相关政策',
        deliveryMethod: 'sms',
        deliveredAt: t.clock.now().toISOString(),
      }),
    );
    t.clock.advance(31 * DAY);
    expectError(
      await api.act(reception, c.id, 'evaluate', { evaluation: 'satisfied' }),
      409,
      'EVALUATION_WINDOW_CLOSED',
    );
    const { CasesService } = await import('@app/cases');
    expect(await t.app.get(CasesService).lapseEvaluations()).toBeGreaterThanOrEqual(1);
    expect((await api.get(officer, c.id)).evaluation).toBe('lapsed');
    // Run twice, one effect.
    expect(await t.app.get(CasesService).lapseEvaluations()).toBe(0);
    const events = await t.db.query<{ type: string }[]>(
      "SELECT type FROM case_events WHERE case_id = ? AND type = 'evaluation_lapsed'",
      [c.id],
    );
    expect(events).toHaveLength(1);
  });

  it('reassigns the case officer (承办人), recorded on the timeline', async () => {
    const c = await newCase();
    const other = await t.tokenFor('officer');
    const res = await ok(api.act(supervisor, c.id, 'officer', { officerId: other.userId }));
    expect(res.officerId).toBe(other.userId);
    const handler = await t.tokenFor('unit_handler', unitA);
    expectError(
      await api.act(supervisor, c.id, 'officer', { officerId: handler.userId }),
      400,
      'OFFICER_INVALID',
    );
    const timeline = (
      await t.request('GET', `/api/v1/cases/${c.id}/timeline`, { token: officer })
    ).json();
    expect(timeline.events.at(-1)).toMatchObject({
      type: 'officer_reassigned',
      data: { to: other.userId },
    });
  });

  it('the timeline cannot be edited in the database', async () => {
    const c = await newCase();
    await expect(
      t.db.query("UPDATE case_events SET type = 'x' WHERE case_id = ?", [c.id]),
    ).rejects.toThrow(/append-only/);
    await expect(t.db.query('DELETE FROM case_events WHERE case_id = ?', [c.id])).rejects.toThrow(
      /append-only/,
    );
  });
});
