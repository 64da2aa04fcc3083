import { hostname } from 'node:os';
import { InjectQueue } from '@nestjs/bullmq';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { Queue } from 'bullmq';
import { DataSource } from 'typeorm';
import { Clock } from '@app/core';
import { type HeartbeatPayload, SYSTEM_QUEUE, SystemJob } from './queues';
import { WorkerHeartbeatEntity } from './worker-heartbeat.entity';

const STARTED_AT = new Date();
export const WORKER_ID = `${hostname()}-${process.pid}`;

@Injectable()
export class HeartbeatService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    @InjectQueue(SYSTEM_QUEUE) private readonly queue: Queue,
    private readonly clock: Clock,
  ) {}

  /** Records that this process ran heartbeat job `jobId`; running the same job twice counts once. */
  async record(jobId: string): Promise<void> {
    const now = this.clock.now();
    await this.db.query(
      `INSERT INTO worker_heartbeats (worker_id, hostname, pid, started_at, last_beat_at, last_job_id, beats)
       VALUES (?, ?, ?, ?, ?, ?, 1)
       ON DUPLICATE KEY UPDATE
         beats = beats + IF(last_job_id = VALUES(last_job_id), 0, 1),
         last_beat_at = VALUES(last_beat_at),
         last_job_id = VALUES(last_job_id)`,
      [WORKER_ID, hostname(), process.pid, STARTED_AT, now, jobId],
    );
  }

  /** Enqueues a one-off heartbeat (the scheduler enqueues the regular ones). */
  async probe(): Promise<string> {
    const payload: HeartbeatPayload = { requestedBy: 'probe' };
    const job = await this.queue.add(SystemJob.Heartbeat, payload);
    return job.id ?? '';
  }

  list(): Promise<WorkerHeartbeatEntity[]> {
    return this.db.getRepository(WorkerHeartbeatEntity).find({ order: { lastBeatAt: 'DESC' } });
  }
}
