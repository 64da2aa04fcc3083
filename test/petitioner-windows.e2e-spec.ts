import { CasesService } from '@app/cases';
import { PETITIONER_WINDOW_KINDS } from '@app/deadlines';
import { REMINDER_STAGES, ReminderSweepService } from '@app/reminders';
import { ReviewsService } from '@app/reviews';
import { makeUnit } from '@app/testing';
import { caseApi, type CaseJson } from './support/cases';
import { flushTestRedis } from './support/reminders';
import { createTestApp, expectError, type TestApp } from './support/test-app';

// Sweeps are called by the tests; the scheduled one (and its wake-ups) stay out of the way.
process.env.REMINDER_SWEEP_INTERVAL_MS = '3600000';

const DAY = 86_400_000;

/**
 * The petitioner's windows (复查/复核申请期限, 满意度评价期限) are no one's overdue work (DESIGN §4):
 * no reminder stage, no escalation, never in the overdue or due-soon lists; a passed window is
 * recorded and stops, batch after batch in one sweep run.
 */
describe('petitioner windows (e2e)', () => {
  let t: TestApp;
  let api: ReturnType<typeof caseApi>;
  let officer: string;
  let handler: string;
  let unitId: number;

  beforeAll(async () => {
    await flushTestRedis();
    t = await createTestApp();
    t.clock.set(new Date('2026-06-01T02:00:00Z'));
    api = caseApi(t);
    officer = (await t.tokenFor('officer')).token;
    unitId = (await makeUnit(t.app, { name: '区人力资源和社会保障局' })).id;
    handler = (await t.tokenFor('unit_handler', unitId)).token;
    await t.tokenFor('supervisor');
  });
  afterAll(async () => {
    await t?.close();
  });

  const ok = async (p: Promise<{ statusCode: number; body: string; json<T>(): T }>) => {
    const res = await p;
    if (res.statusCode >= 300) throw new Error(`${res.statusCode} ${res.body}`);
    return res.json<CaseJson>();
  };

  const accepted = async () => {
    const c = await ok(api.register(officer));
    await ok(api.act(officer, c.id, 'transfer', { unitId }));
    return ok(api.act(handler, c.id, 'accept'));
  };

  /** Answered and delivered now: the handling clock is met, the petitioner's windows run. */
  const answered = async () => {
    const c = await accepted();
    return ok(
      api.act(handler, c.id, 'answer', {
        decision: 'explain',
        facts: '经核查，已向信访人解释说明有关政策。',
        basis: '有关政策规定',
        deliveryMethod: 'post',
        deliveredAt: t.clock.now().toISOString(),
      }),
    );
  };

  const windowReminders = async (caseIds: number[]) =>
    t.db.query<{ clock_kind: string; stage: string }[]>(
      `SELECT clock_kind, stage FROM reminders WHERE case_id IN (?) AND clock_kind IN (?)`,
      [caseIds, PETITIONER_WINDOW_KINDS],
    );

  /** Staff inbox entries of a clock's reminder stage (not the notices of arriving work). */
  const notificationsAbout = async (caseIds: number[]) => {
    const [row] = await t.db.query<{ n: number }[]>(
      `SELECT COUNT(*) AS n FROM notifications n JOIN reminders r ON r.id = n.reminder_id
        WHERE r.case_id IN (?) AND r.stage IN (?)`,
      [caseIds, REMINDER_STAGES],
    );
    return Number(row.n);
  };

  const sweepReminders = () => t.app.get(ReminderSweepService).sweep();
  const lapseWindows = async (batchSize?: number) => ({
    evaluations: await t.app.get(CasesService).lapseEvaluations(batchSize),
    requests: await t.app.get(ReviewsService).lapseRequestWindows(batchSize),
  });

  it('a passed window has no reminder stage for staff: it lapses, is recorded and stops', async () => {
    const c = await answered();
    const late = await accepted(); // the unit's handling clock: its stages still go out
    expect((await api.get(officer, c.id)).clocks).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ kind: 'evaluation_window', status: 'running' }),
        expect.objectContaining({ kind: 'review_request_window', status: 'running' }),
      ]),
    );
    // Through the windows (30 days) and past the handling clock (60 days), sweeping every 3 days.
    for (let day = 0; day < 66; day += 3) {
      t.clock.advance(3 * DAY);
      await sweepReminders();
    }
    expect(await windowReminders([c.id])).toEqual([]);
    expect(await notificationsAbout([c.id])).toBe(0);
    const [handling] = await t.db.query<{ n: number }[]>(
      "SELECT COUNT(*) AS n FROM reminders WHERE case_id = ? AND clock_kind = 'handling'",
      [late.id],
    );
    expect(Number(handling.n)).toBeGreaterThan(0);

    // The window sweep records each passed window on the timeline and stops it, telling no one.
    const inboxOf = async (caseId: number) => {
      const [row] = await t.db.query<{ n: number }[]>(
        `SELECT COUNT(*) AS n FROM notifications n JOIN reminders r ON r.id = n.reminder_id
          WHERE r.case_id = ?`,
        [caseId],
      );
      return Number(row.n);
    };
    const toldBefore = await inboxOf(c.id);
    const lapsed = await lapseWindows();
    expect(lapsed.evaluations).toBeGreaterThanOrEqual(1);
    expect(lapsed.requests).toBeGreaterThanOrEqual(1);
    const after = await api.get(officer, c.id);
    expect(after.evaluation).toBe('lapsed');
    expect(after.clocks.filter((k) => k.status === 'running')).toEqual([]);
    expect(after.nextClock).toBeNull();
    const events = await t.db.query<{ type: string }[]>(
      `SELECT type FROM case_events WHERE case_id = ?
          AND type IN ('evaluation_lapsed', 'review_window_lapsed') ORDER BY id`,
      [c.id],
    );
    expect(events.map((e) => e.type).sort()).toEqual(['evaluation_lapsed', 'review_window_lapsed']);
    await sweepReminders();
    expect(await windowReminders([c.id])).toEqual([]);
    expect(await notificationsAbout([c.id])).toBe(0);
    expect(await inboxOf(c.id)).toBe(toldBefore);
    // Run twice, one effect.
    expect(await lapseWindows()).toEqual({ evaluations: 0, requests: 0 });
  });

  it('overdue=true and the due-soon list count only clocks the bureau or a unit must meet', async () => {
    // Day 0: answered, its windows end on day 30; day 29: another answered (windows to day 59),
    // a registration (triage to day 44), an acceptance (handling to day 89); day 57: a
    // registration (triage to day 72). On day 92 every one of them is past its clock.
    const windowsPassed = await answered();
    t.clock.advance(29 * DAY);
    const answeredLater = await answered();
    const triageLate = await ok(api.register(officer));
    const handlingLate = await accepted();
    t.clock.advance(28 * DAY);
    const triageLater = await ok(api.register(officer));
    t.clock.advance(35 * DAY);

    const ids = async (query: string) => {
      const res = await t.request('GET', `/api/v1/cases?limit=200&${query}`, { token: officer });
      expect(res.statusCode).toBe(200);
      const items = res.json<{ items: CaseJson[] }>().items;
      for (const i of items) {
        if (i.nextClock) expect(PETITIONER_WINDOW_KINDS).not.toContain(i.nextClock.kind);
      }
      return items.map((i) => i.id);
    };
    const overdue = await ids('overdue=true');
    expect(overdue).toEqual(
      expect.arrayContaining([triageLate.id, handlingLate.id, triageLater.id]),
    );
    expect(overdue).not.toContain(windowsPassed.id);
    expect(overdue).not.toContain(answeredLater.id);
    expect(await ids('overdue=false')).toEqual(
      expect.arrayContaining([windowsPassed.id, answeredLater.id]),
    );

    // The case row holds no staff deadline; its detail still shows the petitioner's window,
    // never as overdue.
    const detail = await api.get(officer, windowsPassed.id);
    expect(detail.nextClock).toMatchObject({ kind: 'evaluation_window', overdue: false });
    const windows = detail.clocks.filter((k) =>
      (PETITIONER_WINDOW_KINDS as readonly string[]).includes(k.kind),
    );
    expect(windows).toEqual([
      expect.objectContaining({ late: false }),
      expect.objectContaining({ late: false }),
    ]);
    const summary = await t.request('GET', '/api/v1/me/summary', { token: officer });
    const items = summary.json<{ items: { key: string; count: number }[] }>().items;
    expect(items.find((i) => i.key === 'overdue')?.count).toBe(overdue.length);
  });

  it('a petitioner window closing soon is not due soon for staff', async () => {
    const c = await answered();
    t.clock.advance(28 * DAY);
    const res = await t.request('GET', '/api/v1/cases?limit=200&dueWithinDays=3', {
      token: officer,
    });
    expect(res.json<{ items: CaseJson[] }>().items.map((i) => i.id)).not.toContain(c.id);
  });

  it('one run of the window sweep lapses every passed window, batch after batch', async () => {
    const cases: CaseJson[] = [];
    for (let i = 0; i < 5; i++) cases.push(await answered());
    t.clock.advance(31 * DAY);
    // Batches of 2: five cases (and any window passed earlier) need three or more of each.
    const lapsed = await lapseWindows(2);
    expect(lapsed.evaluations).toBeGreaterThanOrEqual(5);
    expect(lapsed.requests).toBeGreaterThanOrEqual(5);
    const [left] = await t.db.query<{ n: number }[]>(
      `SELECT COUNT(*) AS n FROM clocks WHERE kind IN (?) AND status = 'running' AND due_at <= ?`,
      [PETITIONER_WINDOW_KINDS, t.clock.now()],
    );
    expect(Number(left.n)).toBe(0);
    for (const c of cases) expect((await api.get(officer, c.id)).evaluation).toBe('lapsed');
    expect(await notificationsAbout(cases.map((c) => c.id))).toBe(0);
  });

  it('the reminder rules of the petitioner windows are off and cannot be switched on', async () => {
    const admin = (await t.tokenFor('admin')).token;
    const rules = (await t.request('GET', '/api/v1/reminder-rules', { token: admin })).json<
      { clockKind: string; stage: string; enabled: boolean; version: number }[]
    >();
    const windows = rules.filter((r) =>
      (PETITIONER_WINDOW_KINDS as readonly string[]).includes(r.clockKind),
    );
    expect(windows).toHaveLength(3 * 4);
    expect(windows.filter((r) => r.enabled)).toEqual([]);
    const overdue = windows.find(
      (r) => r.clockKind === 'review_request_window' && r.stage === 'overdue',
    )!;
    expectError(
      await t.request('PATCH', '/api/v1/reminder-rules/review_request_window/overdue', {
        token: admin,
        body: { version: overdue.version, enabled: true },
      }),
      400,
      'REMINDER_RULE_INVALID',
    );
    // The bureau's and the units' clocks keep theirs.
    expect(rules.filter((r) => r.clockKind === 'handling').every((r) => r.enabled)).toBe(true);
  });
});
