import { getQueueToken } from '@nestjs/bullmq';
import type { INestApplicationContext } from '@nestjs/common';
import type { Queue } from 'bullmq';
import Redis from 'ioredis';
import { addDays, CalendarService, shanghaiDate } from '@app/calendar';
import { DELIVERIES_QUEUE, redisOptionsFromUrl, REMINDERS_QUEUE } from '@app/queue';
import {
  decideStages,
  DEFAULT_STAGE_RULES,
  planStages,
  type PlannedStage,
  ReminderRulesService,
  reminderKey,
  ReminderSweepService,
  signWebhook,
} from '@app/reminders';
import { makeUnit, TEST_ENV } from '@app/testing';
import { caseApi, type CaseJson } from './support/cases';
import {
  flushTestRedis,
  startSmtpSink,
  startTcpProxy,
  startWebhookSink,
  startWorker,
  waitFor,
  type WebhookSink,
} from './support/reminders';
import { createTestApp, expectError, type TestApp } from './support/test-app';

// Sweeps are called by the tests; the scheduled one (and its wake-ups) stay out of the way.
process.env.REMINDER_SWEEP_INTERVAL_MS = '3600000';
process.env.WEBHOOK_BACKOFF_MS = '30';
process.env.WEBHOOK_ATTEMPTS = '4';
// The webhook sink listens on this host, which a webhook may reach only when listed.
process.env.WEBHOOK_ALLOWED_TARGETS = '127.0.0.1';
const SMTP_PORT = 20_000 + Math.floor(Math.random() * 20_000);
process.env.SMTP_URL = `smtp://127.0.0.1:${SMTP_PORT}`;

const SECRET = 'test-webhook-secret-0123456789';
const MINUTE = 60_000;
// 1,500 stages and their webhooks on a busy 2-core machine: 40 s seen; the test's limit is above.
const LONG_WAIT_MS = 150_000;

interface InboxJson {
  items: {
    id: number;
    stage: string;
    caseId: number | null;
    letterId: number | null;
    dueDate: string;
    title: string;
    body: string;
    proposedLetter: Record<string, unknown> | null;
    read: boolean;
  }[];
  nextCursor: number | null;
}

describe('reminders and escalation (e2e, real MariaDB and Redis)', () => {
  let t: TestApp;
  let worker: INestApplicationContext;
  let sink: WebhookSink;
  let smtp: Awaited<ReturnType<typeof startSmtpSink>>;
  let sweeper: ReminderSweepService;
  let admin: string;
  let officer: { token: string; userId: number };
  let supervisor: { token: string; userId: number };
  let handler: { token: string; userId: number };
  let otherHandler: { token: string; userId: number };
  let unitId: number;

  beforeAll(async () => {
    await flushTestRedis();
    t = await createTestApp();
    t.clock.set(new Date('2026-06-01T02:00:00Z'));
    worker = await startWorker(t.clock);
    sweeper = worker.get(ReminderSweepService);
    sink = await startWebhookSink();
    smtp = await startSmtpSink(SMTP_PORT);
    admin = (await t.tokenFor('admin')).token;
    officer = await t.tokenFor('officer');
    supervisor = await t.tokenFor('supervisor');
    unitId = (await makeUnit(t.app, { name: '区住房和城乡建设局' })).id;
    handler = await t.tokenFor('unit_handler', unitId);
    otherHandler = await t.tokenFor('unit_handler');
    const hook = await t.request('POST', '/api/v1/webhooks', {
      token: admin,
      body: { name: '政务协同平台', url: sink.url, secret: SECRET },
    });
    expect(hook.statusCode).toBe(201);
    expect(hook.json()).toMatchObject({ enabled: true, secret: 'te…' });
  });
  afterAll(async () => {
    await worker?.close();
    await sink?.close();
    await smtp?.close();
    await t?.close();
  });

  const api = () => caseApi(t);
  const ok = async (p: Promise<{ statusCode: number; body: string; json<T>(): T }>) => {
    const res = await p;
    if (res.statusCode >= 300) throw new Error(`${res.statusCode} ${res.body}`);
    return res.json<CaseJson>();
  };

  /** A case handed to the unit and accepted: its handling clock runs. */
  async function acceptedCase(): Promise<CaseJson> {
    const c = (await api().register(officer.token)).json<CaseJson>();
    await ok(api().act(officer.token, c.id, 'transfer', { unitId }));
    return ok(api().act(handler.token, c.id, 'accept'));
  }

  async function clockOf(caseId: number, kind: string) {
    const [row] = await t.db.query<
      { id: number; due_date: string; status: string; next_stage: string | null }[]
    >(
      `SELECT id, DATE_FORMAT(due_date, '%Y-%m-%d') AS due_date, status, next_stage
         FROM clocks WHERE case_id = ? AND kind = ? ORDER BY id DESC LIMIT 1`,
      [caseId, kind],
    );
    return row;
  }

  async function planOf(dueDate: string): Promise<PlannedStage[]> {
    return planStages(dueDate, DEFAULT_STAGE_RULES, await t.app.get(CalendarService).current());
  }

  const remindersOf = (clockId: number) =>
    t.db.query<{ id: number; stage: string; due_date: string }[]>(
      `SELECT id, stage, DATE_FORMAT(due_date, '%Y-%m-%d') AS due_date FROM reminders
        WHERE clock_id = ? ORDER BY id`,
      [clockId],
    );

  const inbox = async (token: string, query = '') =>
    (await t.request('GET', `/api/v1/notifications${query}`, { token })).json<InboxJson>();

  it('walks a handling clock through its four stages, each sent once to the right people', async () => {
    const c = await acceptedCase();
    const clock = await clockOf(c.id, 'handling');
    const plan = await planOf(clock.due_date);
    expect(plan.map((p) => p.stage)).toEqual(['due_soon', 'due_today', 'overdue', 'escalated']);

    t.clock.set(new Date(plan[0].fireAt.getTime() - 1));
    await sweeper.sweep();
    expect(await remindersOf(clock.id)).toEqual([]);

    for (const p of plan) {
      t.clock.set(new Date(p.fireAt.getTime() + MINUTE));
      await sweeper.sweep();
      // Run twice, one effect.
      await sweeper.sweep();
      expect((await remindersOf(clock.id)).map((r) => r.stage)).toEqual(
        plan.slice(0, plan.indexOf(p) + 1).map((s) => s.stage),
      );
    }
    expect(await clockOf(c.id, 'handling')).toMatchObject({ status: 'running', next_stage: null });

    const handlerBox = await inbox(handler.token);
    // Besides the notice that the case arrived (test/unit-notices.e2e-spec.ts), the stages.
    const mine = handlerBox.items.filter((n) => n.caseId === c.id && n.stage !== 'notice');
    expect(mine.map((n) => n.stage)).toEqual(['overdue', 'due_today', 'due_soon']);
    expect(mine[2]).toMatchObject({ dueDate: clock.due_date, read: false });
    expect(mine[2].title).toContain('即将到期');
    expect(mine[2].body).toContain(c.caseNo);
    expect(mine[2].body).toContain('区住房和城乡建设局');

    const officerBox = (await inbox(officer.token)).items.filter((n) => n.caseId === c.id);
    expect(officerBox.map((n) => n.stage)).toEqual([
      'escalated',
      'overdue',
      'due_today',
      'due_soon',
    ]);

    // The escalation goes to the supervisors with a supervision letter pre-filled from the case.
    const [escalation] = (await inbox(supervisor.token)).items.filter((n) => n.caseId === c.id);
    expect(escalation.stage).toBe('escalated');
    expect(escalation.proposedLetter).toMatchObject({
      caseIds: [c.id],
      unitId,
      reason: 'overdue',
      type: 'ordinary',
    });
    const draft = { ...escalation.proposedLetter } as Record<string, unknown>;
    delete draft.endpoint;
    const letter = await t.request('POST', '/api/v1/supervision-letters', {
      token: supervisor.token,
      body: { ...draft, signer: '李局长' },
    });
    expect(letter.statusCode).toBe(201);
    expect((await inbox(otherHandler.token)).items).toEqual([]);

    // Each stage reached the webhook once, signed with the endpoint's secret.
    const hooks = await waitFor(() => {
      const got = sink.received.filter(
        (r) => (JSON.parse(r.body) as { clockId: number }).clockId === clock.id,
      );
      return got.length === 4 ? got : undefined;
    });
    for (const h of hooks) {
      const ts = String(h.headers['x-petitions-timestamp']);
      expect(h.headers['x-petitions-signature']).toBe(signWebhook(SECRET, ts, h.body));
    }
    expect(hooks.map((h) => (JSON.parse(h.body) as { stage: string }).stage)).toEqual(
      plan.map((p) => p.stage),
    );
    for (const n of sink.counts().values()) expect(n).toBe(1);
  });

  it('serves the inbox: unread count, unread filter, paging, mark read, read all', async () => {
    const count = async (token: string) =>
      (await t.request('GET', '/api/v1/notifications/unread-count', { token })).json<{
        unread: number;
      }>().unread;
    const before = await count(handler.token);
    expect(before).toBeGreaterThanOrEqual(3);

    const page1 = await inbox(handler.token, '?limit=2');
    expect(page1.items).toHaveLength(2);
    expect(page1.nextCursor).toBe(page1.items[1].id);
    const page2 = await inbox(handler.token, `?limit=2&cursor=${page1.nextCursor}`);
    expect(page2.items[0].id).toBeLessThan(page1.items[1].id);

    const first = page1.items[0];
    const read = await t.request('POST', `/api/v1/notifications/${first.id}/read`, {
      token: handler.token,
    });
    expect(read.statusCode).toBe(200);
    expect(await count(handler.token)).toBe(before - 1);
    const unread = await inbox(handler.token, '?unread=true&limit=100');
    expect(unread.items.map((n) => n.id)).not.toContain(first.id);

    // Someone else's notification is not there for them.
    expectError(
      await t.request('POST', `/api/v1/notifications/${first.id}/read`, {
        token: otherHandler.token,
      }),
      404,
      'NOTIFICATION_NOT_FOUND',
    );
    expectError(
      await t.request('POST', '/api/v1/notifications/abc/read', { token: handler.token }),
      400,
    );
    expectError(
      await t.request('GET', '/api/v1/notifications?unread=maybe', { token: handler.token }),
      400,
    );

    const all = await t.request('POST', '/api/v1/notifications/read-all', { token: handler.token });
    expect(all.json()).toEqual({ marked: before - 1 });
    expect(await count(handler.token)).toBe(0);
  });

  it('an extension reschedules the stages (the stale date is not sent); an answer stops them', async () => {
    const c = await acceptedCase();
    const old = await clockOf(c.id, 'handling');
    const oldPlan = await planOf(old.due_date);
    await ok(api().act(supervisor.token, c.id, 'extend', { days: 20, reason: '案情复杂' }));
    const moved = await clockOf(c.id, 'handling');
    expect(moved.due_date > old.due_date).toBe(true);
    const newPlan = await planOf(moved.due_date);

    // The old due-soon time passes: nothing, that date is gone.
    t.clock.set(new Date(oldPlan[0].fireAt.getTime() + MINUTE));
    await sweeper.sweep();
    expect(await remindersOf(moved.id)).toEqual([]);

    t.clock.set(new Date(newPlan[0].fireAt.getTime() + MINUTE));
    await sweeper.sweep();
    expect(await remindersOf(moved.id)).toEqual([
      expect.objectContaining({ stage: 'due_soon', due_date: moved.due_date }),
    ]);

    await ok(
      api().act(handler.token, c.id, 'answer', {
        decision: 'support',
        facts: '经查属实，已督促整改。',
        basis: '《物业管理条例》',
        deliveryMethod: 'in_person',
        deliveredAt: t.clock.now().toISOString(),
      }),
    );
    expect((await clockOf(c.id, 'handling')).status).toBe('satisfied');
    t.clock.set(new Date(newPlan[3].fireAt.getTime() + MINUTE));
    await sweeper.sweep();
    expect((await remindersOf(moved.id)).map((r) => r.stage)).toEqual(['due_soon']);
  });

  it("chases a supervision letter's reply deadline until the unit replies", async () => {
    const c = (await api().register(officer.token)).json<CaseJson>();
    await ok(api().act(officer.token, c.id, 'transfer', { unitId }));
    const issued = await t.request('POST', '/api/v1/supervision-letters', {
      token: officer.token,
      body: {
        caseIds: [c.id],
        unitId,
        type: 'ordinary',
        reason: 'stalling',
        requirements: '请于收函后立即组织核查，并书面报告办理情况。',
        signer: '李局长',
      },
    });
    expect(issued.statusCode).toBe(201);
    const letter = issued.json<{ id: number; version: number; replyDueDate: string }>();
    const [clock] = await t.db.query<{ id: number; status: string; due_date: string }[]>(
      `SELECT id, status, DATE_FORMAT(due_date, '%Y-%m-%d') AS due_date FROM clocks
        WHERE letter_id = ?`,
      [letter.id],
    );
    expect(clock).toMatchObject({ status: 'running', due_date: letter.replyDueDate });

    const plan = await planOf(letter.replyDueDate);
    t.clock.set(new Date(plan[1].fireAt.getTime() + MINUTE));
    await sweeper.sweep();
    const [today] = (await inbox(handler.token)).items.filter((n) => n.letterId === letter.id);
    expect(today).toMatchObject({ stage: 'due_today', dueDate: letter.replyDueDate });
    expect(today.title).toContain('督办函');
    expect((await inbox(officer.token)).items.filter((n) => n.letterId === letter.id)).toHaveLength(
      1,
    );

    const replied = await t.request('POST', `/api/v1/supervision-letters/${letter.id}/reply`, {
      token: handler.token,
      body: { version: letter.version, text: '已组织核查并整改完毕，特此回复。' },
    });
    expect(replied.statusCode).toBe(200);
    const [after] = await t.db.query<{ status: string }[]>(
      'SELECT status FROM clocks WHERE id = ?',
      [clock.id],
    );
    expect(after.status).toBe('satisfied');
    t.clock.set(new Date(plan[3].fireAt.getTime() + MINUTE));
    await sweeper.sweep();
    expect((await remindersOf(clock.id)).map((r) => r.stage)).toEqual(['due_today']);
  });

  /** Clocks of one case with a stage owed now (due in 2 days: "due soon"), written directly. */
  async function owedClocks(n: number): Promise<number[]> {
    const c = await acceptedCase();
    const now = t.clock.now();
    const plan = await planOf(new Date(now.getTime() + 8 * 3600_000).toISOString().slice(0, 10));
    const due = plan[1].date;
    const rows = Array.from({ length: n }, () => [
      c.id,
      'assignment_report',
      now,
      due,
      new Date(plan[2].fireAt),
      now,
      now,
    ]);
    await t.db.query(
      `INSERT INTO clocks (case_id, kind, status, started_at, length, unit, roll_over_holiday,
                           extended_days, paused_days, fixed_due, due_date, due_at, version,
                           updated_at, next_stage_at)
       VALUES ${rows.map(() => `(?, ?, 'running', ?, 0, 'calendar_days', 0, 0, 0, 1, ?, ?, 1, ?, ?)`).join(', ')}`,
      rows.flat(),
    );
    const ids = await t.db.query<{ id: number }[]>(
      `SELECT id FROM clocks WHERE case_id = ? AND kind = 'assignment_report' ORDER BY id`,
      [c.id],
    );
    return ids.map((r) => Number(r.id));
  }

  const deliveriesOf = (clockIds: number[]) =>
    t.db.query<{ status: string; attempts: number; n: number }[]>(
      `SELECT d.status, d.attempts, COUNT(*) AS n FROM reminder_deliveries d
         JOIN reminders r ON r.id = d.reminder_id
        WHERE r.clock_id IN (?) GROUP BY d.status, d.attempts`,
      [clockIds],
    );

  /** Each webhook delivery of the clocks' reminders: its status, attempts and delivery id. */
  const attemptsOf = async (clockIds: number[]) =>
    (
      await t.db.query<
        {
          status: string;
          attempts: number;
          clock_id: number;
          stage: string;
          due_date: string;
          target_id: number;
        }[]
      >(
        `SELECT d.status, d.attempts, r.clock_id, r.stage,
                DATE_FORMAT(r.due_date, '%Y-%m-%d') AS due_date, d.target_id
           FROM reminder_deliveries d JOIN reminders r ON r.id = d.reminder_id
          WHERE r.clock_id IN (?) AND d.channel = 'webhook'`,
        [clockIds],
      )
    ).map((r) => ({
      status: r.status,
      attempts: Number(r.attempts),
      deliveryId: `${reminderKey(r.clock_id, r.stage, r.due_date)}-webhook-${r.target_id}`,
    }));

  it('a webhook that fails, then recovers, gets each reminder once after retries', async () => {
    const ids = await owedClocks(3);
    sink.failNext = 5;
    await sweeper.sweep();
    const rows = await waitFor(async () => {
      const d = await deliveriesOf(ids);
      return d.length && d.every((r) => r.status === 'delivered') ? d : undefined;
    });
    expect(rows.reduce((s, r) => s + Number(r.n), 0)).toBe(3);
    expect(rows.some((r) => r.attempts > 1)).toBe(true);
    const keys = ids.map((id) => `${id}-`);
    const got = [...sink.counts().entries()].filter(([k]) => keys.some((p) => k.startsWith(p)));
    expect(got).toHaveLength(3);
    for (const [, n] of got) expect(n).toBe(1);
  });

  it('after the retry budget a delivery is a dead letter; an administrator can send it again', async () => {
    const ids = await owedClocks(1);
    sink.failNext = Infinity;
    await sweeper.sweep();
    const dead = await waitFor(async () => {
      const res = await t.request('GET', '/api/v1/reminder-deliveries/dead', { token: admin });
      const items = res.json<{
        items: { id: number; clockId: number; attempts: number; lastError: string }[];
      }>().items;
      return items.find((d) => d.clockId === ids[0]);
    });
    expect(dead).toMatchObject({ attempts: 4, lastError: 'HTTP 503' });
    expectError(
      await t.request('GET', '/api/v1/reminder-deliveries/dead', { token: supervisor.token }),
      403,
    );

    sink.failNext = 0;
    const retry = await t.request('POST', `/api/v1/reminder-deliveries/${dead.id}/retry`, {
      token: admin,
    });
    expect(retry.statusCode).toBe(202);
    expectError(
      await t.request('POST', `/api/v1/reminder-deliveries/${dead.id}/retry`, { token: admin }),
      404,
      'DEAD_LETTER_NOT_FOUND',
    );
    await sweeper.sweep();
    await waitFor(async () => {
      const d = await deliveriesOf(ids);
      return d.length === 1 && d[0].status === 'delivered' ? true : undefined;
    });
  });

  it('Redis flushed with deliveries in flight: the next sweep after the lease delivers them, once', async () => {
    const ids = await owedClocks(5);
    const deliveries = worker.get<Queue>(getQueueToken(DELIVERIES_QUEUE));
    const redis = new Redis(redisOptionsFromUrl(TEST_ENV.REDIS_URL));
    try {
      // Recorded and enqueued, then every queue key is gone before a job could run.
      await deliveries.pause();
      await sweeper.sweep();
      expect((await deliveriesOf(ids))[0]).toMatchObject({ status: 'pending', n: 5 });
      await redis.flushdb();
      await deliveries.resume();
      await sweeper.sweep();
      expect((await deliveriesOf(ids))[0]).toMatchObject({ status: 'pending', n: 5 });

      t.clock.advance(3 * MINUTE);
      await sweeper.sweep();
      await waitFor(async () => {
        const d = await deliveriesOf(ids);
        return d.length === 1 && d[0].status === 'delivered' ? true : undefined;
      });
      // The inbox was never at risk: recorded with the stage, in the database.
      const [n] = await t.db.query<{ n: number }[]>(
        `SELECT COUNT(*) AS n FROM notifications n JOIN reminders r ON r.id = n.reminder_id
          WHERE r.clock_id IN (?)`,
        [ids],
      );
      expect(Number(n.n)).toBe(5 * 2); // the unit's handler and the case officer
      const got = [...sink.counts().entries()].filter(([k]) =>
        ids.some((id) => k.startsWith(`${id}-`)),
      );
      expect(got.map(([, c]) => c)).toEqual([1, 1, 1, 1, 1]);
    } finally {
      await deliveries.resume();
      await redis.quit();
    }
  });

  it(
    'two workers sweeping at once record every owed stage exactly once',
    async () => {
      const ids = await owedClocks(1500);
      const second = await startWorker(t.clock);
      try {
        // A wake-up sweep of the first worker may join in, and on a loaded machine it may record
        // everything before either of these starts (both then record 0): whoever records, each
        // stage is recorded once (the counts below), so how the work split is not asserted.
        await Promise.all([sweeper.sweep(), second.get(ReminderSweepService).sweep()]);
        const counts = async () => {
          const [row] = await t.db.query<{ n: number; d: number; inbox: number }[]>(
            `SELECT COUNT(*) AS n, COUNT(DISTINCT r.clock_id) AS d,
                  (SELECT COUNT(*) FROM notifications n JOIN reminders r2 ON r2.id = n.reminder_id
                    WHERE r2.clock_id IN (?)) AS inbox
             FROM reminders r WHERE r.clock_id IN (?)`,
            [ids, ids],
          );
          return { n: Number(row.n), d: Number(row.d), inbox: Number(row.inbox) };
        };
        // The database says when the work is done (a wake-up sweep may still hold some clocks,
        // the delivery jobs run on): wait for that, not for a time that a busy machine overruns.
        await waitFor(
          async () => ((await counts()).n === 1500 ? true : undefined),
          LONG_WAIT_MS,
          'every owed stage recorded',
        );
        expect(await counts()).toEqual({ n: 1500, d: 1500, inbox: 3000 });
        const rows = await waitFor(
          async () => {
            const d = await attemptsOf(ids);
            return d.length === 1500 && d.every((r) => r.status === 'delivered') ? d : undefined;
          },
          LONG_WAIT_MS,
          'every delivery delivered',
        );
        // Each delivery reached the sink; a repeat of its id only follows a failed attempt that
        // the row recorded (a request the busy sink did not answer in time), never a second
        // sender of the same reminder.
        const arrived = sink.counts();
        const repeats = rows
          .map((r) => ({ ...r, got: arrived.get(r.deliveryId) ?? 0 }))
          .filter((r) => r.got !== 1 && r.got > r.attempts);
        expect(repeats).toEqual([]);
        expect(rows.every((r) => arrived.has(r.deliveryId))).toBe(true);
      } finally {
        await second.close();
      }
    },
    LONG_WAIT_MS + MINUTE,
  );

  it('two batches that claimed side by side both record and advance (no deadlock)', async () => {
    // More than a batch (1000): two batches, the second reaching the end of the index. Each asks for its stage rules right after its
    // claim: the first is held there until the second has claimed too, so both move their
    // clocks to the next stage with the other's claim open (under load this happens by chance).
    const ids = await owedClocks(1200);
    const rules = worker.get(ReminderRulesService);
    const real = rules.forKind.bind(rules);
    let arrived = 0;
    let release!: () => void;
    const bothClaimed = new Promise<void>((r) => (release = r));
    const held = jest.spyOn(rules, 'forKind').mockImplementation(async (kind) => {
      if (++arrived === 2) release();
      await Promise.race([bothClaimed, new Promise((r) => setTimeout(r, 10_000).unref())]);
      return real(kind);
    });
    try {
      const results = await Promise.all([sweeper.sweepBatch(), sweeper.sweepBatch()]);
      expect(arrived).toBeGreaterThanOrEqual(2);
      expect(results.map((r) => r.claimed > 0)).toEqual([true, true]);
    } finally {
      held.mockRestore();
    }
    const [row] = await t.db.query<{ n: number; d: number; moved: number }[]>(
      `SELECT COUNT(*) AS n, COUNT(DISTINCT r.clock_id) AS d,
              (SELECT COUNT(*) FROM clocks WHERE id IN (?) AND next_stage = 'overdue') AS moved
         FROM reminders r WHERE r.clock_id IN (?)`,
      [ids, ids],
    );
    expect({ n: Number(row.n), d: Number(row.d), moved: Number(row.moved) }).toEqual({
      n: 1200,
      d: 1200,
      moved: 1200,
    });
  });

  it('one batch of clocks at different stages moves each to its own next stage', async () => {
    const c = await acceptedCase();
    const now = t.clock.now();
    const today = shanghaiDate(now);
    // Due in two days (due soon owed), today, yesterday (overdue), long ago (escalated, the
    // last stage), and a clock satisfied meanwhile: five different moves in one sweep.
    const dues = [addDays(today, 2), today, addDays(today, -1), addDays(today, -40), today];
    const ids: number[] = [];
    for (const [i, due] of dues.entries()) {
      const res = await t.db.query<{ insertId: number }>(
        `INSERT INTO clocks (case_id, kind, status, started_at, length, unit, roll_over_holiday,
                             extended_days, paused_days, fixed_due, due_date, due_at, version,
                             updated_at, next_stage_at)
         VALUES (?, 'assignment_report', ?, ?, 0, 'calendar_days', 0, 0, 0, 1, ?, ?, 1, ?, ?)`,
        [
          c.id,
          i === 4 ? 'satisfied' : 'running',
          now,
          due,
          now,
          now,
          new Date(now.getTime() - 1000),
        ],
      );
      ids.push(Number(res.insertId));
    }
    await sweeper.sweep();
    const rows = await t.db.query<{ id: number; next_stage: string | null; at: Date | null }[]>(
      'SELECT id, next_stage, next_stage_at AS at FROM clocks WHERE id IN (?) ORDER BY id',
      [ids],
    );
    const expected = await Promise.all(
      dues.map(async (due, i) => {
        if (i === 4) return { stage: null, at: null };
        const next = decideStages(await planOf(due), null, now).next;
        return { stage: next?.stage ?? null, at: next?.fireAt.getTime() ?? null };
      }),
    );
    expect(
      rows.map((r) => ({ stage: r.next_stage, at: r.at ? new Date(r.at).getTime() : null })),
    ).toEqual(expected);
    // Four different next stages (and times), then none at all.
    expect(new Set(expected.map((e) => `${e.stage}|${e.at}`)).size).toBe(4);
    expect(expected[3]).toEqual({ stage: null, at: null });
  });

  it('MySQL briefly unreachable: the sweep fails, then catches up with nothing twice', async () => {
    const proxy = await startTcpProxy('127.0.0.1', 3306);
    const url = process.env.DATABASE_URL!;
    process.env.DATABASE_URL = url.replace('127.0.0.1:3306', `127.0.0.1:${proxy.port}`);
    const cut = await startWorker(t.clock);
    process.env.DATABASE_URL = url;
    try {
      const ids = await owedClocks(20);
      proxy.cut();
      await expect(cut.get(ReminderSweepService).sweep()).rejects.toThrow();
      proxy.restore();
      const result = await waitFor(async () => {
        try {
          return await cut.get(ReminderSweepService).sweep();
        } catch {
          return undefined;
        }
      });
      expect(result.recorded).toBe(20);
      const [row] = await t.db.query<{ n: number }[]>(
        'SELECT COUNT(*) AS n FROM reminders WHERE clock_id IN (?)',
        [ids],
      );
      expect(Number(row.n)).toBe(20);
    } finally {
      await cut.close();
      await proxy.close();
    }
  });

  it('e-mails the reminder to recipients who gave an address (SMTP)', async () => {
    const put = await t.request('PUT', '/api/v1/notifications/contact', {
      token: handler.token,
      body: { email: 'handler@zjj.example.gov.cn' },
    });
    expect(put.statusCode).toBe(200);
    expect(
      (await t.request('GET', '/api/v1/notifications/contact', { token: handler.token })).json(),
    ).toEqual({ email: 'handler@zjj.example.gov.cn' });
    expectError(
      await t.request('PUT', '/api/v1/notifications/contact', {
        token: handler.token,
        body: { email: 'not-an-address' },
      }),
      400,
    );
    const ids = await owedClocks(2);
    await sweeper.sweep();
    // The reminders' mails (the case's arrival was mailed too: a notice, not a clock's stage).
    const reminderMails = () =>
      smtp.messages.filter((m) => !/X-Petitions-Delivery: notice-/.test(m.data));
    const mails = await waitFor(() => (reminderMails().length >= 2 ? reminderMails() : undefined));
    expect(mails.map((m) => m.to)).toEqual([
      ['handler@zjj.example.gov.cn'],
      ['handler@zjj.example.gov.cn'],
    ]);
    expect(mails[0].data).toMatch(/X-Petitions-Delivery: \S+-email-\d+/);
    await waitFor(async () => {
      const [row] = await t.db.query<{ n: number }[]>(
        `SELECT COUNT(*) AS n FROM reminder_deliveries d JOIN reminders r ON r.id = d.reminder_id
          WHERE r.clock_id IN (?) AND d.channel = 'email' AND d.status = 'delivered'`,
        [ids],
      );
      return Number(row.n) === 2 ? true : undefined;
    });
    // The officer gave no address: in-app and webhook only.
    expect(reminderMails()).toHaveLength(2);
  });

  it('administrators change the stages per clock kind (validated, versioned)', async () => {
    const rules = (await t.request('GET', '/api/v1/reminder-rules', { token: admin })).json<
      { clockKind: string; stage: string; offset: number; version: number }[]
    >();
    expect(rules.length).toBeGreaterThanOrEqual(44);
    const esc = rules.find((r) => r.clockKind === 'handling' && r.stage === 'escalated')!;
    expect(esc.offset).toBe(5);
    const url = '/api/v1/reminder-rules/handling/escalated';
    const changed = await t.request('PATCH', url, {
      token: admin,
      body: { version: esc.version, offset: 3, recipients: ['supervisors'] },
    });
    expect(changed.statusCode).toBe(200);
    expect(changed.json()).toMatchObject({ offset: 3, recipients: ['supervisors'] });
    expectError(
      await t.request('PATCH', url, { token: admin, body: { version: esc.version, offset: 4 } }),
      409,
      'STALE_VERSION',
    );
    expectError(
      await t.request('PATCH', '/api/v1/reminder-rules/handling/due_soon', {
        token: admin,
        body: { version: 1, offset: 2 },
      }),
      400,
      'REMINDER_RULE_INVALID',
    );
    expectError(
      await t.request('PATCH', '/api/v1/reminder-rules/nonsense/due_soon', {
        token: admin,
        body: { version: 1 },
      }),
      404,
      'REMINDER_RULE_NOT_FOUND',
    );
    expectError(
      await t.request('PATCH', url, {
        token: admin,
        body: { version: esc.version + 1, recipients: ['everyone'] },
      }),
      400,
    );
    // The worker re-derives the kind's running clocks.
    const queue = t.app.get<Queue>(getQueueToken(REMINDERS_QUEUE));
    await waitFor(async () => {
      const job = await queue.getJob(`rederive-handling-escalated-${esc.version + 1}`);
      return job && (await job.isCompleted()) ? true : undefined;
    });
  });
});
