import { getQueueToken } from '@nestjs/bullmq';
import type { Queue } from 'bullmq';
import Redis from 'ioredis';
import { CalendarService, shanghaiDate } from '@app/calendar';
import { DELIVERIES_QUEUE, redisOptionsFromUrl, REMINDERS_QUEUE } from '@app/queue';
import { DEFAULT_STAGE_RULES, planStages } from '@app/reminders';
import { makeUnit, TEST_ENV } from '@app/testing';
import { caseApi, type CaseJson } from './support/cases';
import {
  spawnWorker,
  startTcpProxy,
  stopSpawnedWorkers,
  startWebhookSink,
  waitFor,
  type WebhookSink,
} from './support/reminders';
import { createTestApp, type TestApp } from './support/test-app';

/**
 * The worker as its own process, on real time: killed, flushed, doubled, cut off from MySQL. After
 * each, every owed reminder is recorded exactly once (unique key) and reaches the webhook.
 */
const WORKER_ENV = {
  REMINDER_SWEEP_INTERVAL_MS: '1000',
  REMINDER_BATCH_SIZE: '100',
  REMINDER_DELIVERY_LEASE_MS: '3000',
  REMINDER_DELIVERY_CONCURRENCY: '16',
  WEBHOOK_BACKOFF_MS: '50',
};

// The webhook sink listens on this host, which a webhook may reach only when listed; the worker
// processes inherit it.
process.env.WEBHOOK_ALLOWED_TARGETS = '127.0.0.1';

describe('reminders under failure (e2e, worker processes)', () => {
  let t: TestApp;
  let sink: WebhookSink;
  let redis: Redis;
  let officer: string;
  let handler: string;
  let unitId: number;

  beforeAll(async () => {
    redis = new Redis(redisOptionsFromUrl(TEST_ENV.REDIS_URL));
    await redis.flushdb();
    t = await createTestApp();
    sink = await startWebhookSink();
    const admin = (await t.tokenFor('admin')).token;
    officer = (await t.tokenFor('officer')).token;
    unitId = (await makeUnit(t.app)).id;
    handler = (await t.tokenFor('unit_handler', unitId)).token;
    await t.request('POST', '/api/v1/webhooks', {
      token: admin,
      body: { name: 'sink', url: sink.url, secret: 'failure-test-secret-0123' },
    });
  });
  afterEach(async () => {
    await stopSpawnedWorkers();
  });
  afterAll(async () => {
    await stopSpawnedWorkers();
    await sink?.close();
    await redis?.quit();
    await t?.close();
  });

  async function worker(env: Record<string, string> = {}) {
    return spawnWorker({ ...WORKER_ENV, ...env });
  }

  /** `n` clocks of a fresh case, each owing its "due today" stage now (real time). */
  async function owedClocks(n: number): Promise<number[]> {
    const api = caseApi(t);
    const c = (await api.register(officer)).json<CaseJson>();
    await api.act(officer, c.id, 'transfer', { unitId });
    await api.act(handler, c.id, 'accept');
    const now = new Date();
    const today = shanghaiDate(now);
    const plan = planStages(today, DEFAULT_STAGE_RULES, await t.app.get(CalendarService).current());
    const values = Array.from({ length: n }, () => [c.id, now, today, plan[2].fireAt, now, now]);
    for (let i = 0; i < values.length; i += 1000) {
      const chunk = values.slice(i, i + 1000);
      await t.db.query(
        `INSERT INTO clocks (case_id, kind, status, started_at, length, unit, roll_over_holiday,
                             extended_days, paused_days, fixed_due, due_date, due_at, version,
                             updated_at, next_stage_at)
         VALUES ${chunk.map(() => `(?, 'assignment_report', 'running', ?, 0, 'calendar_days', 0, 0, 0, 1, ?, ?, 1, ?, ?)`).join(', ')}`,
        chunk.flat(),
      );
    }
    const rows = await t.db.query<{ id: number }[]>(
      `SELECT id FROM clocks WHERE case_id = ? AND kind = 'assignment_report'`,
      [c.id],
    );
    return rows.map((r) => Number(r.id));
  }

  async function state(ids: number[]) {
    const [row] = await t.db.query<
      { reminders: number; distinct_keys: number; inbox: number; delivered: number }[]
    >(
      `SELECT COUNT(*) AS reminders,
              COUNT(DISTINCT r.clock_id, r.stage, r.due_date) AS distinct_keys,
              (SELECT COUNT(*) FROM notifications n JOIN reminders x ON x.id = n.reminder_id
                WHERE x.clock_id BETWEEN ? AND ?) AS inbox,
              (SELECT COUNT(*) FROM reminder_deliveries d JOIN reminders y ON y.id = d.reminder_id
                WHERE y.clock_id BETWEEN ? AND ? AND d.status = 'delivered') AS delivered
         FROM reminders r WHERE r.clock_id BETWEEN ? AND ?`,
      [ids[0], ids.at(-1), ids[0], ids.at(-1), ids[0], ids.at(-1)],
    );
    return {
      reminders: Number(row.reminders),
      distinctKeys: Number(row.distinct_keys),
      inbox: Number(row.inbox),
      delivered: Number(row.delivered),
    };
  }

  /**
   * Every owed reminder recorded once, in two inboxes, and delivered to the webhook. Jobs a killed
   * worker held come back only after BullMQ's stall check (30 s), and a worker under ts-node starts
   * slowly on a loaded machine: the wait is generous, the assertion exact.
   */
  async function expectAllOnce(ids: number[], timeoutMs = 150_000) {
    const n = ids.length;
    await waitFor(
      async () => {
        const s = await state(ids);
        return s.reminders === n && s.delivered === n ? true : undefined;
      },
      timeoutMs,
      'every reminder recorded and delivered',
    );
    expect(await state(ids)).toEqual({ reminders: n, distinctKeys: n, inbox: 2 * n, delivered: n });
    const seen = [...sink.counts().entries()].filter(([k]) => {
      const clockId = Number(k.split('-')[0]);
      return clockId >= ids[0] && clockId <= ids.at(-1)!;
    });
    expect(seen).toHaveLength(n);
    return seen.filter(([, count]) => count > 1).length;
  }

  it('a worker killed (SIGKILL) mid-sweep and restarted: every reminder exactly once', async () => {
    const ids = await owedClocks(3000);
    const first = await worker();
    const atKill = await waitFor(async () => {
      const s = await state(ids);
      return s.reminders > 0 && s.reminders < ids.length ? s : undefined;
    }, 30_000);
    first.child.kill('SIGKILL');
    expect(await first.exited).toBe('SIGKILL');
    expect(atKill.reminders).toBeLessThan(ids.length);

    await worker();
    const repeatedWebhooks = await expectAllOnce(ids);
    // HTTP is at-least-once: only a POST in flight at the kill can arrive twice (same delivery id).
    expect(repeatedWebhooks).toBeLessThanOrEqual(16);
  }, 240_000);

  it('two workers at once, and Redis flushed in the middle: nothing lost, nothing twice', async () => {
    const ids = await owedClocks(2000);
    await worker();
    await worker();
    await waitFor(async () => ((await state(ids)).reminders > 0 ? true : undefined), 30_000);
    await redis.flushdb();
    expect(await expectAllOnce(ids)).toBe(0);
  }, 240_000);

  it('a graceful stop (SIGTERM) finishes the job in hand; a restart finishes the rest', async () => {
    const ids = await owedClocks(2000);
    const w = await worker();
    await waitFor(async () => ((await state(ids)).reminders > 0 ? true : undefined), 30_000);
    w.child.kill('SIGTERM');
    // Nest closes the BullMQ workers (each waits for its job in hand), then re-raises the signal.
    expect(await w.exited).toBe('SIGTERM');
    // Deliveries a closing queue could not take stay pending (their lease re-enqueues them):
    // warnings, never errors.
    expect(w.output()).not.toMatch(/"level":(50|60)/);
    // Nothing left locked by the stopped process (a killed one leaves jobs to the stall check).
    for (const name of [REMINDERS_QUEUE, DELIVERIES_QUEUE]) {
      expect(await t.app.get<Queue>(getQueueToken(name)).getActiveCount()).toBe(0);
    }
    await worker();
    expect(await expectAllOnce(ids)).toBe(0);
  }, 240_000);

  it('MySQL unreachable for a while: the sweeps fail, retry, and catch up', async () => {
    const proxy = await startTcpProxy('127.0.0.1', 3306);
    try {
      const url = TEST_ENV.DATABASE_URL.replace('127.0.0.1:3306', `127.0.0.1:${proxy.port}`);
      const w = await worker({ DATABASE_URL: url });
      proxy.cut();
      const ids = await owedClocks(500);
      await new Promise((r) => setTimeout(r, 3000));
      expect((await state(ids)).reminders).toBe(0);
      proxy.restore();
      expect(await expectAllOnce(ids)).toBe(0);
      expect(w.child.exitCode).toBeNull();
    } finally {
      await proxy.close();
    }
  }, 240_000);
});
