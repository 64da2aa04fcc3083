import { spawn, type ChildProcess } from 'node:child_process';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { Module, type INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { getDataSourceToken } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { AuthModule } from '@app/auth';
import { CasesModule } from '@app/cases';
import { AppConfigModule, ChangeFeedModule, TimeModule, WorkNoticesModule } from '@app/core';
import { DatabaseModule } from '@app/database';
import { LedgerWriter, MetricsModule } from '@app/metrics';
import { QueueModule } from '@app/queue';
import { RemindersModule, WorkArrivalNotifier } from '@app/reminders';
import { UnitsModule } from '@app/units';
import { BENCH, ROOT } from './config';

export const WORKER_MAIN = join(ROOT, 'dist', 'apps', 'worker', 'apps', 'worker', 'src', 'main.js');
export const REMINDER_QUEUE_PREFIX = 'petitions-bench-rm';

/** The environment of the rig and of the worker processes it starts. */
export function rigEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  return {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    NODE_ENV: 'production',
    DATABASE_URL: BENCH.databaseUrl,
    DATABASE_POOL_SIZE: '32',
    REDIS_URL: BENCH.redisUrl,
    QUEUE_PREFIX: REMINDER_QUEUE_PREFIX,
    JWT_SECRET: 'bench-reminders-secret-bench-reminders-secret',
    PII_ENCRYPTION_KEY: BENCH.piiEncryptionKey,
    PII_INDEX_KEY: BENCH.piiIndexKey,
    EVENT_CHAIN_KEY: BENCH.eventChainKey,
    STORAGE_DIR: join(BENCH.workDir, 'storage'),
    // The webhook sink listens on loopback, which the target policy refuses unless listed.
    WEBHOOK_ALLOWED_TARGETS: '127.0.0.1',
    LOG_LEVEL: 'warn',
    ...extra,
  };
}

export async function startRig(): Promise<{ app: INestApplicationContext; db: DataSource }> {
  Object.assign(process.env, rigEnv());
  // Built here, after the environment is set: AppConfigModule.forRoot() validates it.
  @Module({
    imports: [
      AppConfigModule.forRoot(),
      TimeModule,
      DatabaseModule,
      QueueModule,
      UnitsModule,
      AuthModule,
      CasesModule,
      RemindersModule,
      // the case writers keep the metric summaries through it
      ChangeFeedModule.forRoot({ imports: [MetricsModule], useExisting: LedgerWriter }),
      WorkNoticesModule.forRoot({ imports: [RemindersModule], useExisting: WorkArrivalNotifier }),
    ],
  })
  class ReminderRigModule {}
  const app = await NestFactory.createApplicationContext(ReminderRigModule, { logger: false });
  return { app, db: app.get<DataSource>(getDataSourceToken()) };
}

export interface Sink {
  url: string;
  count: () => number;
  distinct: () => number;
  times: number[];
  close(): Promise<void>;
}

/** The webhook receiver: counts deliveries (and distinct delivery ids) as they arrive. */
export async function startSink(): Promise<Sink> {
  let count = 0;
  const ids = new Set<string>();
  const times: number[] = [];
  const server: Server = createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      count++;
      ids.add(String(req.headers['x-petitions-delivery']));
      times.push(Date.now());
      res.writeHead(204).end();
    });
  });
  server.keepAliveTimeout = 60_000;
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`,
    count: () => count,
    distinct: () => ids.size,
    times,
    close: () =>
      new Promise<void>((r) => {
        server.closeAllConnections();
        server.close(() => r());
      }),
  };
}

export interface WorkerProc {
  child: ChildProcess;
  exited: Promise<void>;
}

export async function startWorkerProcess(env: NodeJS.ProcessEnv): Promise<WorkerProc> {
  // BENCH_REMINDER_PROFILE=<dir>: each worker writes a V8 CPU profile there when it stops.
  const profile = process.env.BENCH_REMINDER_PROFILE;
  const args = profile ? ['--cpu-prof', '--cpu-prof-dir', profile, WORKER_MAIN] : [WORKER_MAIN];
  const child = spawn(process.execPath, args, {
    cwd: BENCH.workDir,
    env: { ...env, LOG_LEVEL: 'info' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr.on('data', (d: Buffer) => (out += d.toString()));
  const exited = new Promise<void>((r) => child.on('exit', () => r()));
  const deadline = Date.now() + 30_000;
  while (!out.includes('worker started')) {
    if (child.exitCode !== null || Date.now() > deadline) {
      throw new Error(`worker did not start:\n${out.slice(-2000)}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  return { child, exited };
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** `explain`, when given, adds what the deliveries are doing to the timeout's message. */
export async function until(
  probe: () => Promise<boolean> | boolean,
  timeoutMs: number,
  what: string,
  explain?: () => Promise<string>,
) {
  const deadline = Date.now() + timeoutMs;
  while (!(await probe())) {
    if (Date.now() > deadline) {
      const why = explain ? `; ${await explain().catch((e: Error) => e.message)}` : '';
      throw new Error(`${what}: not reached in ${timeoutMs} ms${why}`);
    }
    await sleep(100);
  }
}

/** The deliveries by channel and status, with the newest error of each: why none arrive. */
export async function deliveryStates(db: DataSource): Promise<string> {
  const rows = await db.query<{ channel: string; status: string; n: number; error: string }[]>(
    `SELECT d.channel, d.status, COUNT(*) AS n,
            (SELECT e.last_error FROM reminder_deliveries e
              WHERE e.channel = d.channel AND e.status = d.status AND e.last_error IS NOT NULL
              ORDER BY e.updated_at DESC LIMIT 1) AS error
       FROM reminder_deliveries d GROUP BY d.channel, d.status`,
  );
  if (!rows.length) return 'no reminder_deliveries rows';
  return (
    'reminder_deliveries: ' +
    rows
      .map(
        (r) =>
          `${r.channel} ${r.status} ${Number(r.n)}${r.error ? ` (last error: ${r.error})` : ''}`,
      )
      .join(', ')
  );
}
