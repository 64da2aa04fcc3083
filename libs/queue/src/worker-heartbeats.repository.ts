import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { WorkerHeartbeatEntity } from './worker-heartbeat.entity';

/** The `worker_heartbeats` table. */
@Injectable()
export class WorkerHeartbeatsRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  /** Counts job `jobId` once for the worker, however often it is recorded. */
  async record(
    worker: { id: string; hostname: string; pid: number; startedAt: Date },
    at: Date,
    jobId: string,
  ): Promise<void> {
    await this.db.query(
      `INSERT INTO worker_heartbeats (worker_id, hostname, pid, started_at, last_beat_at, last_job_id, beats)
       VALUES (?, ?, ?, ?, ?, ?, 1)
       ON DUPLICATE KEY UPDATE
         beats = beats + IF(last_job_id = VALUES(last_job_id), 0, 1),
         last_beat_at = VALUES(last_beat_at),
         last_job_id = VALUES(last_job_id)`,
      [worker.id, worker.hostname, worker.pid, worker.startedAt, at, jobId],
    );
  }

  list(): Promise<WorkerHeartbeatEntity[]> {
    return this.db.getRepository(WorkerHeartbeatEntity).find({ order: { lastBeatAt: 'DESC' } });
  }
}
