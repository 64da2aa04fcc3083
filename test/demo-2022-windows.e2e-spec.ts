import { CasesService } from '@app/cases';
import { PETITIONER_WINDOW_KINDS } from '@app/deadlines';
import { ReminderSweepService } from '@app/reminders';
import { ReviewsService } from '@app/reviews';
import { runDemo2022 } from '../apps/cli/src/demo/demo-2022';
import type { CaseJson } from './support/cases';
import { flushTestRedis } from './support/reminders';
import { createTestApp, type TestApp } from './support/test-app';

// Sweeps are called by the test; the scheduled one (and its wake-ups) stay out of the way.
process.env.REMINDER_SWEEP_INTERVAL_MS = '3600000';

/** As in demo-2022.e2e-spec.ts: smaller than the real demo's ordinary volume. */
const ORDINARY = 300;

/**
 * The 2022 demo loaded, then the worker's first sweeps as in a fresh start in 2026: the
 * thousands of petitioners' windows left over from 2022 are nobody's overdue work (DESIGN §4).
 */
describe('the 2022 demo start (e2e): the petitioners’ windows are no one’s overdue work', () => {
  let t: TestApp;
  let leader: string;

  beforeAll(async () => {
    await flushTestRedis();
    t = await createTestApp();
    t.clock.set(new Date('2026-01-20T02:00:00Z'));
    leader = (await t.tokenFor('leader')).token;
    await t.tokenFor('supervisor');
    const result = await runDemo2022(t.app, { ordinaryCases: ORDINARY });
    expect(result).toEqual(expect.objectContaining({ import: 'ran', errorRows: 0 }));
  }, 240_000);
  afterAll(async () => {
    await t?.close();
  });

  const windowReminders = async () => {
    const [row] = await t.db.query<{ n: number }[]>(
      'SELECT COUNT(*) AS n FROM reminders WHERE clock_kind IN (?)',
      [PETITIONER_WINDOW_KINDS],
    );
    return Number(row.n);
  };
  const windowNotifications = async () => {
    const [row] = await t.db.query<{ n: number }[]>(
      `SELECT COUNT(*) AS n FROM notifications n JOIN reminders r ON r.id = n.reminder_id
        WHERE r.clock_kind IN (?)`,
      [PETITIONER_WINDOW_KINDS],
    );
    return Number(row.n);
  };
  /** Cases late on a clock the bureau or a unit must meet, counted from the clocks themselves. */
  const lateOnStaffClocks = async () => {
    const rows = await t.db.query<{ id: number }[]>(
      `SELECT DISTINCT case_id AS id FROM clocks
        WHERE status = 'running' AND case_id IS NOT NULL AND kind NOT IN (?) AND due_at < ?`,
      [PETITIONER_WINDOW_KINDS, t.clock.now()],
    );
    return rows.map((r) => Number(r.id)).sort((a, b) => a - b);
  };
  /** Every case of `GET /cases?overdue=true`, all pages walked. */
  const overdueList = async () => {
    const items: CaseJson[] = [];
    for (let cursor: string | null = null, page = 0; page < 100; page++) {
      const q: string = cursor ? `&cursor=${encodeURIComponent(cursor)}` : '';
      const res = await t.request('GET', `/api/v1/cases?overdue=true&limit=200${q}`, {
        token: leader,
      });
      expect(res.statusCode).toBe(200);
      const body = res.json<{ items: CaseJson[]; nextCursor: string | null }>();
      items.push(...body.items);
      cursor = body.nextCursor;
      if (!cursor) break;
    }
    return items;
  };

  it('the first reminder sweep records no reminder for a petitioner window', async () => {
    await t.app.get(ReminderSweepService).sweep();
    expect(await windowReminders()).toBe(0);
    expect(await windowNotifications()).toBe(0);
  }, 240_000);

  it('overdue=true lists only the cases late on a clock the bureau or a unit must meet', async () => {
    const listed = await overdueList();
    for (const c of listed) {
      expect(c.nextClock).toMatchObject({ overdue: true });
      expect(PETITIONER_WINDOW_KINDS).not.toContain(c.nextClock!.kind);
    }
    expect(listed.map((c) => c.id).sort((a, b) => a - b)).toEqual(await lateOnStaffClocks());
    const summary = await t.request('GET', '/api/v1/me/summary', { token: leader });
    const overdue = summary
      .json<{ items: { key: string; count: number }[] }>()
      .items.find((i) => i.key === 'overdue');
    expect(overdue?.count).toBe(listed.length);
  }, 240_000);

  it('one run of the window sweeps lapses every passed window, and still no one is reminded', async () => {
    // Batches of 100: the demo leaves a few hundred windows open, all stopped in one run.
    await t.app.get(CasesService).lapseEvaluations(100);
    await t.app.get(ReviewsService).lapseRequestWindows(100);
    const [left] = await t.db.query<{ n: number }[]>(
      `SELECT COUNT(*) AS n FROM clocks WHERE kind IN (?) AND status = 'running' AND due_at <= ?`,
      [PETITIONER_WINDOW_KINDS, t.clock.now()],
    );
    expect(Number(left.n)).toBe(0);
    await t.app.get(ReminderSweepService).sweep();
    expect(await windowReminders()).toBe(0);
    expect(await windowNotifications()).toBe(0);
  }, 240_000);
});
