import { getQueueToken } from '@nestjs/bullmq';
import type { INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { type Job, type Queue, QueueEvents } from 'bullmq';
import { HeartbeatService, SYSTEM_QUEUE, redisOptionsFromUrl, WORKER_ID } from '@app/queue';
import { TEST_ENV } from '@app/testing';
import { WorkerModule } from '../apps/worker/src/worker.module';
import { createTestApp, type TestApp } from './support/test-app';

async function waitFor<T>(probe: () => Promise<T | undefined>, timeoutMs = 15_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe('worker (e2e, real Redis)', () => {
  let t: TestApp;
  let worker: INestApplicationContext;
  let admin: string;

  beforeAll(async () => {
    t = await createTestApp();
    const queue = t.app.get<Queue>(getQueueToken(SYSTEM_QUEUE));
    await queue.obliterate({ force: true });
    worker = await NestFactory.createApplicationContext(WorkerModule, { logger: false });
    worker.enableShutdownHooks();
    admin = (await t.tokenFor('admin')).token;
  });
  afterAll(async () => {
    await worker.close();
    await t.close();
  });

  it('a job enqueued by the API is processed by the worker through Redis', async () => {
    const res = await t.request('POST', '/api/v1/system/workers/probe', { token: admin });
    expect(res.statusCode).toBe(202);
    const { jobId } = res.json<{ jobId: string }>();
    expect(jobId).toBeTruthy();

    const row = await waitFor(async () => {
      const [r] = await t.db.query<{ worker_id: string; beats: number }[]>(
        'SELECT * FROM worker_heartbeats WHERE last_job_id = ?',
        [jobId],
      );
      return r;
    });
    expect(row.worker_id).toBe(WORKER_ID);

    const listed = await t.request('GET', '/api/v1/system/workers', { token: admin });
    expect(listed.json()).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ workerId: WORKER_ID, beats: expect.any(Number) }),
      ]),
    );
  });

  it('the heartbeat scheduler exists once however many workers upsert it', async () => {
    const queue = t.app.get<Queue>(getQueueToken(SYSTEM_QUEUE));
    const second = await NestFactory.createApplicationContext(WorkerModule, { logger: false });
    try {
      const schedulers = await queue.getJobSchedulers();
      expect(schedulers.map((s) => s.key)).toEqual(['system-heartbeat']);
    } finally {
      await second.close();
    }
  });

  it('running the same heartbeat job twice has one effect', async () => {
    const service = worker.get(HeartbeatService);
    await service.record('twice-1');
    const [before] = await t.db.query('SELECT beats FROM worker_heartbeats WHERE worker_id = ?', [
      WORKER_ID,
    ]);
    await service.record('twice-1');
    const [after] = await t.db.query('SELECT beats FROM worker_heartbeats WHERE worker_id = ?', [
      WORKER_ID,
    ]);
    expect(after.beats).toBe(before.beats);
    await service.record('twice-2');
    const [third] = await t.db.query('SELECT beats FROM worker_heartbeats WHERE worker_id = ?', [
      WORKER_ID,
    ]);
    expect(third.beats).toBe(before.beats + 1);
  });

  it('a failing job is retried with backoff, then kept as failed', async () => {
    const queue = t.app.get<Queue>(getQueueToken(SYSTEM_QUEUE));
    const events = new QueueEvents(SYSTEM_QUEUE, {
      connection: redisOptionsFromUrl(TEST_ENV.REDIS_URL) as never,
      prefix: TEST_ENV.QUEUE_PREFIX,
    });
    await events.waitUntilReady();
    try {
      const job: Job = await queue.add(
        'no-such-job',
        {},
        { attempts: 3, backoff: { type: 'fixed', delay: 20 } },
      );
      await expect(job.waitUntilFinished(events, 15_000)).rejects.toThrow(/No handler for job/);
      const failed = await queue.getJob(job.id!);
      expect(failed?.attemptsMade).toBe(3);
      expect(await failed?.getState()).toBe('failed');
    } finally {
      await events.close();
    }
  });
});
