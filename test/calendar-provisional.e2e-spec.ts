import { getQueueToken } from '@nestjs/bullmq';
import type { INestApplicationContext } from '@nestjs/common';
import type { Job, Queue } from 'bullmq';
import { CALENDAR_COVERAGE_SCHEDULER_ID, CASES_QUEUE, CasesJob } from '@app/queue';
import { makeUnit } from '@app/testing';
import { CasesProcessor } from '../apps/worker/src/cases/cases.processor';
import { caseApi, type CaseJson } from './support/cases';
import { startWorker, waitFor } from './support/reminders';
import { loadTest2027 } from './support/calendar';
import { createTestApp, type TestApp } from './support/test-app';

/**
 * The calendar runs out: the shipped notices end with 2026. Until 2027 is loaded, a clock counted
 * into it is provisional (暂定, weekends only); loading the year recomputes it with an event.
 */
describe('provisional clocks in a year with no calendar (e2e)', () => {
  let t: TestApp;
  let worker: INestApplicationContext;
  let admin: string;
  let officer: string;
  let handler: string;
  let unitId: number;

  beforeAll(async () => {
    t = await createTestApp();
    // 18:00 on 31 October (Shanghai): the worker's first calendar check finds nothing missing.
    t.clock.set(new Date('2026-10-31T10:00:00Z'));
    worker = await startWorker(t.clock);
    admin = (await t.tokenFor('admin')).token;
    officer = (await t.tokenFor('officer')).token;
    unitId = (await makeUnit(t.app)).id;
    handler = (await t.tokenFor('unit_handler', unitId)).token;
  });
  afterAll(async () => {
    await worker.close();
    await t.close();
  });

  interface InboxJson {
    items: { clockKind: string; stage: string; title: string; body: string; createdAt: string }[];
  }
  const calendarAlerts = async (token: string) => {
    const res = await t.request('GET', '/api/v1/notifications', { token });
    expect(res.statusCode).toBe(200);
    return res.json<InboxJson>().items.filter((n) => n.clockKind === 'calendar_missing');
  };
  const checkCalendar = () =>
    worker
      .get(CasesProcessor)
      .handlers[CasesJob.CalendarCoverage]({} as Job<Record<string, never>>);

  it('reminds the admins from 1 November, at most once a day, while 2027 is not loaded', async () => {
    const queue = t.app.get<Queue>(getQueueToken(CASES_QUEUE));
    const schedulers = await queue.getJobSchedulers();
    expect(schedulers.find((s) => s.key === CALENDAR_COVERAGE_SCHEDULER_ID)).toMatchObject({
      every: 60 * 60_000,
    });

    t.clock.set(new Date('2026-10-31T10:00:00Z'));
    expect(await checkCalendar()).toBe(0);
    expect(await calendarAlerts(admin)).toHaveLength(0);

    t.clock.set(new Date('2026-10-31T16:30:00Z')); // 00:30 on 1 November, Shanghai
    expect(await checkCalendar()).toBe(1);
    const [alert] = await calendarAlerts(admin);
    expect(alert.title).toContain('2027年');
    expect(alert.body).toContain('国务院办公厅关于2027年部分节假日安排的通知');
    expect(alert.body).toContain('暂定');
    // Staff who cannot load a calendar are not told.
    expect(await calendarAlerts(officer)).toHaveLength(0);

    // Later the same day: no second reminder; the next day: one more.
    t.clock.set(new Date('2026-11-01T15:00:00Z')); // 23:00 on 1 November, Shanghai
    expect(await checkCalendar()).toBe(0);
    expect(await calendarAlerts(admin)).toHaveLength(1);
    t.clock.set(new Date('2026-11-01T16:30:00Z')); // 00:30 on 2 November, Shanghai
    expect(await checkCalendar()).toBe(1);
    expect(await calendarAlerts(admin)).toHaveLength(2);
  });

  it('a handling clock due in 2027 is provisional until 2027 is loaded, then recomputed once', async () => {
    const api = caseApi(t);
    // Accepted 2026-11-02: 60 days end on 2027-01-01 (元旦), a Friday by the weekend rule.
    t.clock.set(new Date('2026-11-02T02:00:00Z'));
    const c = (await api.register(officer)).json<CaseJson>();
    await api.act(officer, c.id, 'transfer', { unitId });
    const accepted = (await api.act(handler, c.id, 'accept')).json<CaseJson>();
    const handling = accepted.clocks.find((k) => k.kind === 'handling' && k.status === 'running')!;
    expect(handling).toMatchObject({ dueDate: '2027-01-01', provisional: true });
    // A clock that ends in a loaded year is not.
    expect(accepted.clocks.find((k) => k.kind === 'triage')!.provisional).toBe(false);

    const detail = await api.get(officer, c.id);
    expect(detail.clocks.find((k) => k.id === handling.id)!.provisional).toBe(true);
    expect(detail.nextClock).toMatchObject({ kind: 'handling', provisional: true });
    const list = (
      await t.request('GET', `/api/v1/cases?unitId=${unitId}`, {
        token: officer,
      })
    ).json<{ items: CaseJson[] }>();
    expect(list.items.find((x) => x.id === c.id)!.nextClock).toMatchObject({ provisional: true });

    const res = await loadTest2027(t, admin);
    expect(res.statusCode).toBe(200);

    const moved = await waitFor(async () => {
      const now = await api.get(officer, c.id);
      const k = now.clocks.find((x) => x.id === handling.id)!;
      return k.provisional ? undefined : now;
    });
    // 2027-01-01 is now a day off: the last day rolls to Monday 2027-01-04.
    expect(moved.clocks.find((x) => x.id === handling.id)).toMatchObject({
      dueDate: '2027-01-04',
      provisional: false,
    });
    expect(moved.nextClock).toMatchObject({ kind: 'handling', provisional: false });
    const timeline = (
      await t.request('GET', `/api/v1/cases/${c.id}/timeline`, { token: officer })
    ).json<{ events: { type: string; data: Record<string, unknown> }[]; chainIntact: boolean }>();
    const recomputed = timeline.events.filter((e) => e.type === 'clock_recomputed');
    expect(recomputed).toHaveLength(1);
    expect(recomputed[0].data).toMatchObject({
      kind: 'handling',
      fromDueDate: '2027-01-01',
      toDueDate: '2027-01-04',
      provisional: false,
    });
    expect(timeline.chainIntact).toBe(true);
  });
});
