import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import Redis from 'ioredis';
import { endOfShanghaiDay, shanghaiDate } from '@app/calendar';
import { BENCH, num } from '../lib/config';
import {
  deliveryStates,
  rigEnv,
  sleep,
  startRig,
  startSink,
  startWorkerProcess,
  until,
  type WorkerProc,
} from '../lib/reminder-rig';
import { table } from '../lib/stats';
import type { Scenario } from '../lib/types';

const SOAK_N = Math.round(num('BENCH_SOAK_REMINDERS', 50_000, 500));
/** A Redis of the soak's own (killed and restarted: never the shared one). */
const SOAK_REDIS_PORT = Number(process.env.BENCH_SOAK_REDIS_PORT ?? 6390);

function startRedis(dir: string): ChildProcess {
  return spawn(
    'redis-server',
    ['--port', String(SOAK_REDIS_PORT), '--save', '', '--appendonly', 'no', '--dir', dir],
    { stdio: 'ignore' },
  );
}

async function redisUp(): Promise<Redis> {
  const deadline = Date.now() + 10_000;
  for (;;) {
    const r = new Redis({
      port: SOAK_REDIS_PORT,
      lazyConnect: true,
      maxRetriesPerRequest: 1,
      retryStrategy: () => null,
    });
    r.on('error', () => undefined); // refused while the server starts: retried below
    try {
      await r.connect();
      return r;
    } catch {
      r.disconnect();
      if (Date.now() > deadline) throw new Error(`soak Redis on port ${SOAK_REDIS_PORT} not up`);
      await sleep(200);
    }
  }
}

export const scenario: Scenario = {
  name: 'reminders-soak',
  title: `reminders-soak — ${SOAK_N.toLocaleString('en-US')} reminders through worker kills, a Redis kill, a FLUSHALL and dropped database connections`,
  order: 91,
  needsDataset: false,
  async run(ctx) {
    const dir = join(BENCH.workDir, 'soak-redis');
    mkdirSync(dir, { recursive: true });
    let redisProc = startRedis(dir);
    let redis: Redis | null = null;
    const { app, db } = await startRig();
    const sink = await startSink();
    const workers: WorkerProc[] = [];
    const events: string[][] = [];
    const t0 = Date.now();
    const note = (what: string) => {
      events.push([`${((Date.now() - t0) / 1000).toFixed(1)} s`, what]);
      ctx.log(`  soak: ${what}`);
    };
    try {
      redis = await redisUp();
      const [range] = await db.query<{ a: number; b: number }[]>(
        `SELECT MIN(id) AS a, MAX(id) AS b FROM clocks WHERE kind = 'handling' AND fixed_due = 1`,
      );
      if (!range?.a || Number(range.b) - Number(range.a) < SOAK_N) {
        throw new Error('run `npm run bench -- reminders` first: it generates the clocks');
      }
      const [pick] = await db.query<{ a: number; b: number }[]>(
        `SELECT MIN(id) AS a, MAX(id) AS b FROM (SELECT id FROM clocks
          WHERE id >= ? AND kind = 'handling' AND fixed_due = 1 ORDER BY id LIMIT ?) x`,
        [Number(range.a) + Math.floor((Number(range.b) - Number(range.a)) * 0.8), SOAK_N],
      );
      const [first, last] = [Number(pick.a), Number(pick.b)];
      await db.query('DELETE FROM webhook_endpoints');
      await db.query(
        `INSERT INTO webhook_endpoints (name, url, secret, enabled, version, created_at, updated_at)
         VALUES ('soak sink', ?, 'soak-webhook-secret-0123', 1, 1, UTC_TIMESTAMP(3), UTC_TIMESTAMP(3))`,
        [sink.url],
      );
      await db.query(
        `DELETE n FROM notifications n JOIN reminders r ON r.id = n.reminder_id WHERE r.clock_id BETWEEN ? AND ?`,
        [first, last],
      );
      await db.query(
        `DELETE d FROM reminder_deliveries d JOIN reminders r ON r.id = d.reminder_id WHERE r.clock_id BETWEEN ? AND ?`,
        [first, last],
      );
      await db.query('DELETE FROM reminders WHERE clock_id BETWEEN ? AND ?', [first, last]);
      // Owed "due today" stages falling due over the next 90 s.
      const today = shanghaiDate(new Date());
      await db.query(
        `UPDATE clocks SET due_date = ?, due_at = ?, next_stage = NULL,
                next_stage_at = UTC_TIMESTAMP(3) + INTERVAL MOD(id * 7919, 90000) * 1000 MICROSECOND
          WHERE id BETWEEN ? AND ? AND kind = 'handling' AND fixed_due = 1`,
        [today, endOfShanghaiDay(today), first, last],
      );
      const env = rigEnv({
        REDIS_URL: `redis://127.0.0.1:${SOAK_REDIS_PORT}/0`,
        REMINDER_SWEEP_INTERVAL_MS: '5000',
        REMINDER_DELIVERY_LEASE_MS: '15000',
        WEBHOOK_BACKOFF_MS: '200',
      });
      const spawnOne = async () => {
        const w = await startWorkerProcess(env);
        workers.push(w);
        return w;
      };
      await spawnOne();
      await spawnOne();
      note('two workers started');
      const recorded = async () => {
        const [r] = await db.query<{ n: number }[]>(
          'SELECT COUNT(*) AS n FROM reminders WHERE clock_id BETWEEN ? AND ?',
          [first, last],
        );
        return Number(r.n);
      };

      for (let kill = 1; kill <= 10; kill++) {
        await sleep(4_000);
        const alive = workers.filter(
          (w) => w.child.exitCode === null && w.child.signalCode === null,
        );
        const victim = alive[kill % alive.length];
        victim.child.kill('SIGKILL');
        await victim.exited;
        note(`SIGKILL worker ${kill}/10 (${await recorded()} recorded)`);
        await spawnOne();
        if (kill === 4) {
          redisProc.kill('SIGKILL');
          redis.disconnect();
          await new Promise((r) => redisProc.once('exit', r));
          note('Redis killed');
          await sleep(3_000);
          redisProc = startRedis(dir);
          redis = await redisUp();
          note('Redis restarted empty');
        }
        if (kill === 6) {
          await redis.flushall();
          note('FLUSHALL');
        }
        if (kill === 8) {
          const conns = await db.query<{ id: number }[]>(
            `SELECT ID AS id FROM information_schema.PROCESSLIST
              WHERE DB = ? AND ID <> CONNECTION_ID()`,
            [BENCH.databaseUrl.replace(/^.*\//, '')],
          );
          for (const c of conns) await db.query(`KILL CONNECTION ${Number(c.id)}`).catch(() => 0);
          note(`dropped ${conns.length} database connections (KILL CONNECTION)`);
        }
      }
      await until(
        async () => {
          const [r] = await db.query<{ n: number; d: number }[]>(
            `SELECT COUNT(*) AS n,
                    (SELECT COUNT(*) FROM reminder_deliveries d JOIN reminders x ON x.id = d.reminder_id
                      WHERE x.clock_id BETWEEN ? AND ? AND d.status = 'delivered') AS d
               FROM reminders WHERE clock_id BETWEEN ? AND ?`,
            [first, last, first, last],
          );
          return Number(r.n) >= SOAK_N && Number(r.d) >= SOAK_N;
        },
        600_000,
        'soak: every reminder recorded and delivered',
        () => deliveryStates(db),
      );
      note('all recorded and delivered');

      // The invariant: every owed clock has exactly one reminder for its stage and due date.
      const [inv] = await db.query<
        { owed: number; with_one: number; over_one: number; missing: number; inbox: number }[]
      >(
        `SELECT COUNT(*) AS owed,
                SUM(n = 1) AS with_one, SUM(n > 1) AS over_one, SUM(n = 0) AS missing,
                (SELECT COUNT(*) FROM notifications nn JOIN reminders rr ON rr.id = nn.reminder_id
                  WHERE rr.clock_id BETWEEN ? AND ?) AS inbox
           FROM (SELECT c.id, COUNT(r.id) AS n FROM clocks c
                   LEFT JOIN reminders r ON r.clock_id = c.id AND r.stage = 'due_today' AND r.due_date = c.due_date
                  WHERE c.id BETWEEN ? AND ? AND c.kind = 'handling' AND c.fixed_due = 1
                  GROUP BY c.id) x`,
        [first, last, first, last],
      );
      const ok = Number(inv.with_one) === SOAK_N && Number(inv.over_one) === 0;
      const body = [
        `${SOAK_N.toLocaleString('en-US')} clocks owing a stage over 90 s; 2 worker processes (built), ` +
          `a Redis of its own on port ${SOAK_REDIS_PORT} (no persistence), 5 s sweep interval, 15 s delivery lease.`,
        '',
        table(['when', 'event'], events),
        '',
        table(
          ['invariant', 'count'],
          [
            ['owed clocks', Number(inv.owed)],
            ['with exactly one reminder (clock, stage, due date)', Number(inv.with_one)],
            ['with more than one', Number(inv.over_one)],
            ['with none', Number(inv.missing)],
            ['inbox rows (3 recipients each)', Number(inv.inbox)],
            ['webhook requests / distinct delivery ids', `${sink.count()} / ${sink.distinct()}`],
          ],
        ),
        '',
        'Webhooks are at-least-once over HTTP: a POST in flight when a worker is killed can arrive ' +
          'again with the same `X-Petitions-Delivery` id, which the receiver drops.',
      ].join('\n');
      return {
        targets: [
          {
            name: 'every owed reminder recorded exactly once (SQL invariant)',
            target: `${SOAK_N.toLocaleString('en-US')} of ${SOAK_N.toLocaleString('en-US')}, 0 twice`,
            actual: `${Number(inv.with_one).toLocaleString('en-US')}, ${Number(inv.over_one)} twice`,
            pass: ok,
          },
        ],
        body,
      };
    } finally {
      for (const w of workers) if (w.child.exitCode === null) w.child.kill('SIGKILL');
      await Promise.all(workers.map((w) => w.exited));
      await sink.close();
      redis?.disconnect();
      redisProc.kill('SIGKILL');
      await app.close();
    }
  },
};
