import { hostname } from 'node:os';
import { InjectQueue } from '@nestjs/bullmq';
import { Injectable } from '@nestjs/common';
import type { Queue } from 'bullmq';
import { Clock } from '@app/core';
import { type HeartbeatPayload, SYSTEM_QUEUE, SystemJob } from './queues';
import type { WorkerHeartbeatEntity } from './worker-heartbeat.entity';
import { WorkerHeartbeatsRepository } from './worker-heartbeats.repository';

const STARTED_AT = new Date();
export const WORKER_ID = `${hostname()}-${process.pid}`;

@Injectable()
export class HeartbeatService {
  constructor(
    private readonly heartbeats: WorkerHeartbeatsRepository,
    @InjectQueue(SYSTEM_QUEUE) private readonly queue: Queue,
    private readonly clock: Clock,
  ) {}

  /** Records that this process ran heartbeat job `jobId`; running the same job twice counts once. */
  async record(jobId: string): Promise<void> {
    await this.heartbeats.record(
      { id: WORKER_ID, hostname: hostname(), pid: process.pid, startedAt: STARTED_AT },
      this.clock.now(),
      jobId,
    );
  }

  /** Enqueues a one-off heartbeat (the scheduler enqueues the regular ones). */
  async probe(): Promise<string> {
    const payload: HeartbeatPayload = { requestedBy: 'probe' };
    const job = await this.queue.add(SystemJob.Heartbeat, payload);
    return job.id ?? '';
  }

  list(): Promise<WorkerHeartbeatEntity[]> {
    return this.heartbeats.list();
  }
}
