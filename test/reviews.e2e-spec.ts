import { ReviewsService } from '@app/reviews';
import { countRows, makeUnit } from '@app/testing';
import { caseApi, idNumber as newIdNumber, type CaseJson } from './support/cases';
import { createTestApp, expectError, type Reply, type TestApp } from './support/test-app';

/** An instant given as a Shanghai wall-clock time. */
const sh = (date: string, time = '10:00') => new Date(`${date}T${time}:00+08:00`);

interface ReviewJson extends CaseJson {
  reviewKind: string | null;
  originalCaseId: number | null;
  reviewStage: string | null;
  finalMatchCaseId: number | null;
  finalMatch: { caseId: number; caseNo: string } | null;
  review: {
    kind: string;
    contestedCaseId: number;
    late: boolean;
    lateJustification: string | null;
    hearingDays: number;
    decision: string | null;
    decisionBody: string | null;
    deliveredAt: string | null;
    windowDueAt: string;
  } | null;
  reviewChain: { caseId: number; caseNo: string; kind: string; status: string }[];
  disposal: { notAcceptedRoute: string | null; reason: string } | null;
}

interface TimelineJson {
  events: { type: string; toStatus: string; data: Record<string, unknown> }[];
  chainIntact: boolean;
}

describe('review and re-review (复查/复核) (e2e)', () => {
  let t: TestApp;
  let api: ReturnType<typeof caseApi>;
  let reception: string;
  let officer: string;
  let leader: string;
  let unitA: number;
  let handlerA: string;
  let government: number;

  beforeAll(async () => {
    t = await createTestApp();
    api = caseApi(t);
    reception = (await t.tokenFor('reception')).token;
    officer = (await t.tokenFor('officer')).token;
    leader = (await t.tokenFor('leader')).token;
    unitA = (await makeUnit(t.app, { name: '区住房和城乡建设局' })).id;
    handlerA = (await t.tokenFor('unit_handler', unitA)).token;
    government = (await makeUnit(t.app, { name: '区人民政府', kind: 'upper_office' })).id;
  });
  afterAll(() => t.close());

  const ok = async (res: Promise<Reply> | Reply, status = 200): Promise<ReviewJson> => {
    const r = await res;
    if (r.statusCode !== status) throw new Error(`${r.statusCode} ${r.body}`);
    return r.json<ReviewJson>();
  };
  const get = (id: number, token = officer) =>
    ok(t.request('GET', `/api/v1/cases/${id}`, { token }));
  const timeline = async (id: number) =>
    (
      await t.request('GET', `/api/v1/cases/${id}/timeline`, { token: officer })
    ).json<TimelineJson>();
  const clock = (c: CaseJson, kind: string) => c.clocks.filter((k) => k.kind === kind).at(-1);
  const at = (date: string, time = '10:00') => t.clock.set(sh(date, time));

  /** A case answered (delivered) on `delivered` and closed, the way a unit and the bureau do it. */
  async function answeredCase(delivered: string, overrides: Record<string, unknown> = {}) {
    at(delivered, '09:00');
    const c = await ok(api.register(reception, overrides), 201);
    await ok(api.act(officer, c.id, 'transfer', { unitId: unitA }));
    await ok(api.act(handlerA, c.id, 'accept'));
    at(delivered);
    await ok(
      api.act(handlerA, c.id, 'answer', {
        decision: 'reject',
        facts: '经查，诉求缺乏依据。',
        basis: '《物业管理条例》',
        deliveryMethod: 'in_person',
        deliveredAt: sh(delivered).toISOString(),
      }),
    );
    return ok(api.act(officer, c.id, 'close'));
  }

  const requestReview = (token: string, id: number, version: number, body = {}) =>
    t.request('POST', `/api/v1/cases/${id}/review-request`, {
      token,
      body: { version, channel: 'letter', reasons: '对处理意见不服，请求复查。', ...body },
    });
  const decide = (id: number, version: number, body: Record<string, unknown> = {}) =>
    t.request('POST', `/api/v1/cases/${id}/review-decision`, {
      token: officer,
      body: {
        version,
        decision: 'uphold',
        reasons: '原处理意见认定事实清楚，适用依据正确。',
        decisionBody: '区人民政府',
        deliveryMethod: 'post',
        deliveredAt: t.clock.now().toISOString(),
        ...body,
      },
    });
  const hearing = (id: number, version: number, step: 'start' | 'end', when: Date) =>
    t.request('POST', `/api/v1/cases/${id}/hearing/${step}`, {
      token: officer,
      body: { version, at: when.toISOString() },
    });

  const TABLES = ['cases', 'case_events', 'case_reviews', 'clocks', 'case_petitioners'];
  const counts = () => Promise.all(TABLES.map((x) => countRows(t.db, x)));

  it('walks answer → 复查 → decision → 复核 with a hearing → final, all on the original timeline', async () => {
    const idNumber = newIdNumber();
    const person = [{ kind: 'person', name: '张某某', idNumber }];
    const original = await answeredCase('2022-03-01', { petitioners: person });
    // The review request window starts at delivery: 30 calendar days → 2022-03-31.
    expect(clock(original, 'review_request_window')).toMatchObject({
      status: 'running',
      dueDate: '2022-03-31',
    });

    at('2022-03-11');
    const review = await ok(requestReview(officer, original.id, original.version), 201);
    expect(review).toMatchObject({
      status: 'under_review',
      reviewKind: 'review',
      originalCaseId: original.id,
      reviewStage: null,
    });
    expect(review.caseNo).toMatch(/^[A-Z]+-2022-\d{6}$/);
    expect(review.caseNo).not.toBe(original.caseNo);
    expect(review.review).toMatchObject({
      kind: 'review',
      contestedCaseId: original.id,
      late: false,
    });
    expect(review.petitioners.map((p) => p.name)).toEqual(original.petitioners.map((p) => p.name));
    // Decision due 30 days after receipt: 2022-04-10 is a Sunday, rolled to Monday 04-11.
    expect(clock(review, 'review_decision')).toMatchObject({
      status: 'running',
      dueDate: '2022-04-11',
    });
    expect(review.nextClock?.kind).toBe('review_decision');

    let orig = await get(original.id);
    expect(orig.reviewStage).toBe('review');
    expect(clock(orig, 'review_request_window')?.status).toBe('satisfied');
    expect(orig.reviewChain.map((m) => [m.caseId, m.kind])).toEqual([
      [original.id, 'original'],
      [review.id, 'review'],
    ]);
    expectError(
      await requestReview(officer, original.id, orig.version),
      409,
      'REVIEW_ALREADY_REQUESTED',
    );
    // The unit sees its own case and the chain, but not the bureau's review case.
    expect((await get(original.id, handlerA)).reviewChain).toHaveLength(2);
    expectError(
      await t.request('GET', `/api/v1/cases/${review.id}`, { token: handlerA }),
      403,
      'CASE_OUT_OF_SCOPE',
    );

    at('2022-03-25');
    const decided = await ok(
      decide(review.id, review.version, { decisionUnitId: government, decision: 'uphold' }),
    );
    expect(decided.status).toBe('review_decided');
    expect(decided.review).toMatchObject({ decision: 'uphold', decisionBody: '区人民政府' });
    expect(clock(decided, 'review_decision')?.status).toBe('satisfied');
    // The re-review window starts at delivery of the review decision: → 2022-04-24.
    expect(clock(decided, 're_review_request_window')).toMatchObject({
      status: 'running',
      dueDate: '2022-04-24',
    });
    expectError(
      await hearing(review.id, decided.version, 'start', sh('2022-03-25')),
      409,
      'HEARING_NOT_ALLOWED',
    );

    at('2022-04-12');
    const reReview = await ok(
      requestReview(officer, review.id, decided.version, { reasons: '对复查意见不服，请求复核。' }),
      201,
    );
    expect(reReview).toMatchObject({
      status: 'under_review',
      reviewKind: 're_review',
      originalCaseId: original.id,
    });
    expect(reReview.review?.contestedCaseId).toBe(review.id);
    // 2022-04-12 + 30 = 05-12 (Thursday).
    expect(clock(reReview, 're_review_decision')).toMatchObject({ dueDate: '2022-05-12' });
    expect((await get(original.id)).reviewStage).toBe('re_review');
    expect(clock(await get(review.id), 're_review_request_window')?.status).toBe('satisfied');

    // 听证 from Monday 04-18 to Friday 04-22: five days not counted, due 05-12 → 05-17.
    at('2022-04-18');
    const started = await ok(
      hearing(reReview.id, reReview.version, 'start', sh('2022-04-18', '09:00')),
    );
    expect(clock(started, 're_review_decision')?.dueDate).toBe('2022-05-12');
    at('2022-04-20');
    expectError(await decide(reReview.id, started.version), 409, 'HEARING_IN_PROGRESS');
    expectError(
      await hearing(reReview.id, started.version, 'start', sh('2022-04-20')),
      409,
      'HEARING_ALREADY_STARTED',
    );
    at('2022-04-22', '18:00');
    const ended = await ok(hearing(reReview.id, started.version, 'end', sh('2022-04-22', '17:00')));
    expect(ended.review?.hearingDays).toBe(5);
    expect(clock(ended, 're_review_decision')).toMatchObject({
      status: 'running',
      dueDate: '2022-05-17',
    });
    const paused = await t.db.query<{ paused_days: number }[]>(
      "SELECT paused_days FROM clocks WHERE case_id = ? AND kind = 're_review_decision'",
      [reReview.id],
    );
    expect(paused).toEqual([{ paused_days: 5 }]);

    at('2022-05-10');
    const final = await ok(
      decide(reReview.id, ended.version, { decision: 'uphold', decisionBody: '市信访局' }),
    );
    expect(final.status).toBe('final');
    expect(clock(final, 're_review_decision')?.status).toBe('satisfied');
    orig = await get(original.id);
    expect(orig).toMatchObject({ status: 'final', reviewStage: 'final' });
    expect((await get(review.id)).status).toBe('final');
    expect(orig.reviewChain.map((m) => [m.kind, m.status])).toEqual([
      ['original', 'final'],
      ['review', 'final'],
      ['re_review', 'final'],
    ]);
    for (const id of [original.id, review.id, reReview.id]) {
      expect((await get(id)).clocks.filter((k) => k.status === 'running')).toEqual([]);
    }

    const tl = await timeline(original.id);
    expect(tl.chainIntact).toBe(true);
    expect(tl.events.map((e) => e.type)).toEqual([
      'registered',
      'transferred',
      'accepted',
      'answered',
      'closed',
      'review_requested',
      'review_decided',
      'review_requested',
      'hearing_started',
      'hearing_ended',
      'review_decided',
      'matter_final',
    ]);
    expect(tl.events.filter((e) => e.type === 'review_requested').map((e) => e.data.kind)).toEqual([
      'review',
      're_review',
    ]);
    expect(tl.events.at(-1)).toMatchObject({
      toStatus: 'final',
      data: expect.objectContaining({ reReviewCaseNo: reReview.caseNo }),
    });
    for (const id of [review.id, reReview.id]) expect((await timeline(id)).chainIntact).toBe(true);

    // Nothing re-opens a final matter.
    for (const c of [orig, await get(review.id), await get(reReview.id)]) {
      expectError(await requestReview(officer, c.id, c.version), 409, 'MATTER_FINAL');
    }
    expectError(await api.act(officer, original.id, 'close'), 409, 'INVALID_TRANSITION_FROM_FINAL');
    expectError(
      await t.request('PATCH', `/api/v1/cases/${original.id}`, {
        token: officer,
        body: { version: orig.version, title: '改个标题' },
      }),
      409,
      'INVALID_TRANSITION_FROM_FINAL',
    );

    // List filters by review stage.
    const list = async (q: string) =>
      (await t.request('GET', `/api/v1/cases?${q}&limit=200`, { token: leader }))
        .json<{ items: { id: number }[] }>()
        .items.map((i) => i.id);
    expect(await list('reviewStage=final')).toContain(original.id);
    expect(await list('reviewStage=review')).not.toContain(original.id);
    expect(await list('reviewKind=review')).toEqual(expect.arrayContaining([review.id]));
    expect(await list('reviewKind=re_review')).toEqual(expect.arrayContaining([reReview.id]));
    expect(await list('reviewKind=re_review')).not.toContain(review.id);
    const none = await list('reviewStage=none');
    for (const id of [original.id, review.id, reReview.id]) expect(none).not.toContain(id);
    expectError(
      await t.request('GET', '/api/v1/cases?reviewStage=maybe', { token: leader }),
      400,
      'VALIDATION_FAILED',
    );

    // The same petitioner on the same matter again: recognised at registration, then refused.
    at('2022-06-01');
    const again = await ok(
      api.register(reception, {
        petitioners: person,
      }),
      201,
    );
    expect(again.finalMatchCaseId).toBe(original.id);
    expect(again.finalMatch).toEqual({ caseId: original.id, caseNo: original.caseNo });
    expect((await get(again.id)).finalMatch).toEqual({
      caseId: original.id,
      caseNo: original.caseNo,
    });
    expect(await list('finalMatch=true')).toContain(again.id);
    const otherMatter = await ok(
      api.register(reception, {
        categoryCode: '010302',
        petitioners: [{ kind: 'person', name: '张某某', idNumber }],
      }),
      201,
    );
    expect(otherMatter.finalMatchCaseId).toBeNull();

    const refused = await ok(
      t.request('POST', `/api/v1/cases/${again.id}/final-match`, {
        token: officer,
        body: { version: again.version, confirm: true },
      }),
    );
    expect(refused.status).toBe('not_accepted');
    expect(refused.disposal?.notAcceptedRoute).toBe('not_reaccepted');
    expect(refused.disposal?.reason).toContain(reReview.caseNo);
    expect(clock(refused, 'triage')?.status).toBe('satisfied');
    expect((await timeline(again.id)).events.at(-1)).toMatchObject({
      type: 'not_reaccepted',
      toStatus: 'not_accepted',
      data: expect.objectContaining({
        finalCaseNo: original.caseNo,
        reReviewCaseNo: reReview.caseNo,
      }),
    });
    expectError(
      await t.request('POST', `/api/v1/cases/${otherMatter.id}/final-match`, {
        token: officer,
        body: { version: otherMatter.version, confirm: true },
      }),
      409,
      'NO_FINAL_MATCH',
    );

    // An officer may dismiss a match that is not the same matter, with a reason.
    const third = await ok(
      api.register(reception, { petitioners: [{ kind: 'person', name: '张某某', idNumber }] }),
      201,
    );
    expect(third.finalMatchCaseId).toBe(original.id);
    // Until the flag is settled the case goes nowhere: once routed, 不再受理 could not be decided.
    const offered = (await get(third.id)) as unknown as { allowedActions: string[] };
    expect(offered.allowedActions).toContain('settle_final_match');
    for (const a of ['transfer', 'assign', 'refer', 'not_accept'])
      expect(offered.allowedActions).not.toContain(a);
    for (const [action, body] of [
      ['transfer', { unitId: unitA }],
      ['assign', { unitId: unitA, reportDueDate: '2022-07-01' }],
      ['not-accept', { reason: '不属于信访事项', route: 'litigation' }],
    ] as const)
      expectError(await api.act(officer, third.id, action, body), 409, 'FINAL_MATCH_UNSETTLED');
    expect((await get(third.id)).status).toBe('registered');
    expectError(
      await t.request('POST', `/api/v1/cases/${third.id}/final-match`, {
        token: officer,
        body: { version: third.version, confirm: false },
      }),
      400,
      'NOTE_REQUIRED',
    );
    const dismissed = await ok(
      t.request('POST', `/api/v1/cases/${third.id}/final-match`, {
        token: officer,
        body: {
          version: third.version,
          confirm: false,
          note: '反映的是新发生的漏水问题，不是同一事项',
        },
      }),
    );
    expect(dismissed).toMatchObject({
      status: 'registered',
      finalMatchCaseId: null,
      finalMatch: null,
    });
    expect((await timeline(third.id)).events.at(-1)?.type).toBe('final_match_dismissed');
    // Settled, it is routed as any other case.
    expect(
      ((await get(third.id)) as unknown as { allowedActions: string[] }).allowedActions,
    ).toContain('transfer');
    expect((await ok(api.act(officer, third.id, 'transfer', { unitId: unitA }))).status).toBe(
      'transferred',
    );
    // 不再受理 is not a route an officer picks by hand.
    expectError(
      await api.act(officer, third.id, 'not-accept', { reason: '已终结', route: 'not_reaccepted' }),
      400,
      'VALIDATION_FAILED',
    );
  });

  it('a review request outside its 30 days is refused with the reason, unless justified', async () => {
    const original = await answeredCase('2022-03-01');

    // The last minute of the window (2022-03-31, Shanghai) is inside it.
    at('2022-04-02');
    const lastMinute = await ok(
      requestReview(officer, original.id, original.version, {
        receivedAt: sh('2022-03-31', '23:59').toISOString(),
      }),
      201,
    );
    expect(lastMinute.review?.late).toBe(false);

    const other = await answeredCase('2022-03-01');
    at('2022-04-01', '00:01');
    const before = await counts();
    const refused = expectError(
      await requestReview(officer, other.id, other.version),
      409,
      'REVIEW_WINDOW_PASSED',
    );
    expect(refused.message).toContain('2022-03-31');
    expect(refused.details).toMatchObject({ kind: 'review', windowDueDate: '2022-03-31' });
    expect(await counts()).toEqual(before);
    expect((await get(other.id)).version).toBe(other.version);

    // A justification is only for late requests.
    expectError(
      await requestReview(officer, other.id, other.version, {
        receivedAt: sh('2022-03-30').toISOString(),
        lateJustification: '住院治疗',
      }),
      400,
      'LATE_JUSTIFICATION_NOT_NEEDED',
    );
    expect(await counts()).toEqual(before);

    const justified = await ok(
      requestReview(officer, other.id, other.version, {
        lateJustification: '信访人住院治疗，有医院证明',
      }),
      201,
    );
    expect(justified.review).toMatchObject({
      late: true,
      lateJustification: '信访人住院治疗，有医院证明',
    });
    // The refused attempt gave its number back: numbers stay gapless (only \`other\` between).
    const seq = (no: string) => Number(no.slice(-6));
    expect(seq(other.caseNo)).toBe(seq(lastMinute.caseNo) + 1);
    expect(seq(justified.caseNo)).toBe(seq(other.caseNo) + 1);
    const event = (await timeline(other.id)).events.at(-1)!;
    expect(event).toMatchObject({
      type: 'review_requested',
      data: expect.objectContaining({ late: true, reviewCaseNo: justified.caseNo }),
    });
  });

  it('a re-review request outside its 30 days is refused, unless justified', async () => {
    const original = await answeredCase('2022-03-01');
    at('2022-03-05');
    const review = await ok(requestReview(officer, original.id, original.version), 201);
    at('2022-03-20');
    const decided = await ok(decide(review.id, review.version, { decision: 'modify' }));
    expect(clock(decided, 're_review_request_window')?.dueDate).toBe('2022-04-19');

    at('2022-04-19', '20:00');
    const inside = await ok(requestReview(officer, review.id, decided.version), 201);
    expect(inside.review).toMatchObject({ kind: 're_review', late: false });

    const original2 = await answeredCase('2022-03-01');
    at('2022-03-05');
    const review2 = await ok(requestReview(officer, original2.id, original2.version), 201);
    at('2022-03-20');
    const decided2 = await ok(decide(review2.id, review2.version));
    at('2022-04-20');
    const before = await counts();
    expect(
      expectError(
        await requestReview(officer, review2.id, decided2.version),
        409,
        'REVIEW_WINDOW_PASSED',
      ).details,
    ).toMatchObject({ kind: 're_review', windowDueDate: '2022-04-19' });
    expect(await counts()).toEqual(before);
    expect((await get(original2.id)).reviewStage).toBe('review');

    const justified = await ok(
      requestReview(officer, review2.id, decided2.version, {
        lateJustification: '因不可抗力未能按期提出',
      }),
      201,
    );
    expect(justified.review).toMatchObject({ kind: 're_review', late: true });
    expect((await get(original2.id)).reviewStage).toBe('re_review');
  });

  it('refuses bad input with a clear 4xx and writes nothing', async () => {
    const original = await answeredCase('2022-03-01');
    const registered = await ok(api.register(reception), 201);
    at('2022-03-10');
    const before = await counts();
    const bad = async (res: Promise<Reply>, status: number, code: string) => {
      expectError(await res, status, code);
      expect(await counts()).toEqual(before);
    };
    const v = original.version;
    await bad(requestReview(officer, original.id, v, { reasons: '' }), 400, 'VALIDATION_FAILED');
    await bad(
      requestReview(officer, original.id, v, { channel: 'pigeon' }),
      400,
      'VALIDATION_FAILED',
    );
    await bad(requestReview(officer, original.id, v, { extra: 1 }), 400, 'VALIDATION_FAILED');
    await bad(
      requestReview(officer, original.id, v, { receivedAt: 'yesterday' }),
      400,
      'VALIDATION_FAILED',
    );
    await bad(
      requestReview(officer, original.id, v, { receivedAt: sh('2022-03-12').toISOString() }),
      400,
      'RECEIVED_IN_FUTURE',
    );
    await bad(
      requestReview(officer, original.id, v, { receivedAt: sh('2022-02-27').toISOString() }),
      400,
      'RECEIVED_BEFORE_DELIVERY',
    );
    await bad(requestReview(officer, original.id, v - 1), 409, 'STALE_VERSION');
    await bad(requestReview(reception, original.id, v), 403, 'FORBIDDEN_ROLE');
    await bad(requestReview(handlerA, original.id, v), 403, 'FORBIDDEN_ROLE');
    await bad(
      requestReview(officer, registered.id, registered.version),
      409,
      'INVALID_TRANSITION_FROM_REGISTERED',
    );
    await bad(requestReview(officer, 999_999, 1), 404, 'CASE_NOT_FOUND');
    await bad(decide(original.id, v), 409, 'NOT_A_REVIEW_CASE');
    await bad(hearing(original.id, v, 'start', sh('2022-03-10')), 409, 'NOT_A_REVIEW_CASE');

    const review = await ok(requestReview(officer, original.id, v), 201);
    const after = await counts();
    const bad2 = async (res: Promise<Reply>, status: number, code: string) => {
      expectError(await res, status, code);
      expect(await counts()).toEqual(after);
      expect((await get(review.id)).version).toBe(review.version);
    };
    await bad2(decide(review.id, review.version, { decision: 'maybe' }), 400, 'VALIDATION_FAILED');
    await bad2(
      decide(review.id, review.version, { decisionBody: undefined }),
      400,
      'DECISION_BODY_REQUIRED',
    );
    await bad2(
      decide(review.id, review.version, { decisionUnitId: 987_654 }),
      400,
      'DECISION_UNIT_INVALID',
    );
    await bad2(
      decide(review.id, review.version, { deliveredAt: sh('2022-03-09').toISOString() }),
      400,
      'DELIVERED_BEFORE_REQUEST',
    );
    await bad2(
      decide(review.id, review.version, { deliveredAt: sh('2022-03-11').toISOString() }),
      400,
      'DELIVERED_IN_FUTURE',
    );
    await bad2(decide(review.id, review.version, { reasons: 'x' }), 400, 'VALIDATION_FAILED');
    await bad2(decide(review.id, review.version + 1), 409, 'STALE_VERSION');
    await bad2(
      hearing(review.id, review.version, 'start', sh('2022-03-10')),
      409,
      'HEARING_NOT_ALLOWED',
    );
    await bad2(
      t.request('POST', `/api/v1/cases/${review.id}/hearing/end`, {
        token: officer,
        body: { version: review.version },
      }),
      400,
      'VALIDATION_FAILED',
    );
    await bad2(
      t.request('POST', `/api/v1/cases/${review.id}/final-match`, {
        token: officer,
        body: { version: review.version, confirm: 'yes' },
      }),
      400,
      'VALIDATION_FAILED',
    );

    // Re-review: hearing out of order, or ending before it started.
    const decided = await ok(decide(review.id, review.version));
    const reReview = await ok(requestReview(officer, review.id, decided.version), 201);
    const after2 = await counts();
    expectError(
      await hearing(reReview.id, reReview.version, 'end', sh('2022-03-10')),
      409,
      'HEARING_NOT_STARTED',
    );
    expectError(
      await hearing(reReview.id, reReview.version, 'start', sh('2022-03-09')),
      400,
      'HEARING_BEFORE_REQUEST',
    );
    at('2022-03-10', '15:00');
    const started = await ok(
      hearing(reReview.id, reReview.version, 'start', sh('2022-03-10', '12:00')),
    );
    expectError(
      await hearing(reReview.id, started.version, 'end', sh('2022-03-10', '11:00')),
      400,
      'HEARING_ENDS_BEFORE_START',
    );
    expect((await get(reReview.id)).review?.hearingDays).toBe(0);
    expect(await countRows(t.db, 'case_reviews')).toBe(after2[2]);
  });

  it('two officers recording the same request at once: one review case, the other gets 409', async () => {
    const original = await answeredCase('2022-03-01');
    at('2022-03-08');
    const before = await countRows(t.db, 'case_reviews');
    const replies = await Promise.all(
      [1, 2, 3].map(() => requestReview(officer, original.id, original.version)),
    );
    const codes = replies.map((r) => r.statusCode).sort();
    expect(codes).toEqual([201, 409, 409]);
    for (const r of replies.filter((x) => x.statusCode === 409))
      expectError(r, 409, 'STALE_VERSION');
    expect(await countRows(t.db, 'case_reviews')).toBe(before + 1);
    const events = (await timeline(original.id)).events.filter(
      (e) => e.type === 'review_requested',
    );
    expect(events).toHaveLength(1);
  });

  it('counts 复查复核 handled by year of delivery, deciding body and decision; lists the routes', async () => {
    const reviews = t.app.get(ReviewsService);
    const before = await reviews.handledInYear(2023);
    const original = await answeredCase('2023-12-01');
    at('2023-12-05');
    const review = await ok(requestReview(officer, original.id, original.version), 201);
    // Delivered 2023-12-31 23:30 Shanghai (15:30 UTC): counted in 2023, not 2024.
    at('2023-12-31', '23:40');
    await ok(
      decide(review.id, review.version, {
        decision: 'revoke',
        decisionBody: undefined,
        decisionUnitId: government,
        deliveredAt: sh('2023-12-31', '23:30').toISOString(),
      }),
    );
    const after = await reviews.handledInYear(2023);
    const revoked = (rows: typeof after) =>
      rows.find((r) => r.decisionUnitId === government && r.decision === 'revoke')?.count ?? 0;
    expect(revoked(after)).toBe(revoked(before) + 1);
    expect(after.find((r) => r.decisionUnitId === government)).toMatchObject({ kind: 'review' });
    expect(revoked(await reviews.handledInYear(2024))).toBe(0);

    const doc = (await t.request('GET', '/api/docs-json')).json<{ paths: object }>();
    expect(Object.keys(doc.paths)).toEqual(
      expect.arrayContaining([
        '/api/v1/cases/{id}/review-request',
        '/api/v1/cases/{id}/review-decision',
        '/api/v1/cases/{id}/hearing/start',
        '/api/v1/cases/{id}/hearing/end',
        '/api/v1/cases/{id}/final-match',
      ]),
    );
  });

  it('request windows that pass unused stop holding the case, once', async () => {
    const original = await answeredCase('2022-03-01');
    // Evaluated, so the evaluation window is no longer the nearest clock.
    await ok(api.act(reception, original.id, 'evaluate', { evaluation: 'satisfied' }));
    at('2022-04-05');
    const reviews = t.app.get(ReviewsService);
    expect(await reviews.lapseRequestWindows()).toBeGreaterThanOrEqual(1);
    const lapsed = await get(original.id);
    expect(clock(lapsed, 'review_request_window')?.status).toBe('cancelled');
    expect(lapsed.nextClock).toBeNull();
    const events = (await timeline(original.id)).events.map((e) => e.type);
    expect(events.filter((e) => e === 'review_window_lapsed')).toHaveLength(1);
    expect(await reviews.lapseRequestWindows()).toBe(0);
    expect((await timeline(original.id)).events).toHaveLength(events.length);

    // A late request can still be accepted with a justification.
    const late = await ok(
      requestReview(officer, original.id, lapsed.version, { lateJustification: '外出务工未收到' }),
      201,
    );
    expect(late.review?.late).toBe(true);
  });
});
