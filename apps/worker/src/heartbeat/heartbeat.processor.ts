import { InjectQueue, Processor, WorkerHost } from '@nestjs/bullmq';
import { Logger, type OnApplicationBootstrap } from '@nestjs/common';
import type { Job, Queue } from 'bullmq';
import { AppConfig } from '@app/core';
import {
  HEARTBEAT_SCHEDULER_ID,
  HeartbeatService,
  type HeartbeatPayload,
  SYSTEM_QUEUE,
  SystemJob,
} from '@app/queue';

@Processor(SYSTEM_QUEUE)
export class SystemProcessor extends WorkerHost implements OnApplicationBootstrap {
  private readonly logger = new Logger(SystemProcessor.name);

  constructor(
    private readonly heartbeat: HeartbeatService,
    private readonly config: AppConfig,
    @InjectQueue(SYSTEM_QUEUE) private readonly queue: Queue,
  ) {
    super();
  }

  /** Every worker upserts the same scheduler: several workers still produce one beat per interval. */
  async onApplicationBootstrap(): Promise<void> {
    const payload: HeartbeatPayload = { requestedBy: 'scheduler' };
    await this.queue.upsertJobScheduler(
      HEARTBEAT_SCHEDULER_ID,
      { every: this.config.worker.heartbeatIntervalMs },
      { name: SystemJob.Heartbeat, data: payload },
    );
  }

  async process(job: Job): Promise<void> {
    switch (job.name) {
      case SystemJob.Heartbeat:
        await this.heartbeat.record(job.id ?? 'unknown');
        return;
      default:
        // Fails loudly rather than silently dropping a job nobody handles.
        this.logger.error({ jobName: job.name, jobId: job.id }, 'no handler for job');
        throw new Error(`No handler for job ${job.name}`);
    }
  }
}
