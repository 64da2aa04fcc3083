import { InjectQueue, Processor } from '@nestjs/bullmq';
import type { OnApplicationBootstrap } from '@nestjs/common';
import type { Queue } from 'bullmq';
import { AppConfig } from '@app/core';
import {
  HEARTBEAT_SCHEDULER_ID,
  HeartbeatService,
  type HeartbeatPayload,
  SYSTEM_QUEUE,
  SystemJob,
} from '@app/queue';
import { type JobHandlers, JobProcessor } from '../job-handlers';

@Processor(SYSTEM_QUEUE)
export class SystemProcessor
  extends JobProcessor<typeof SYSTEM_QUEUE>
  implements OnApplicationBootstrap
{
  readonly queueName = SYSTEM_QUEUE;
  readonly handlers: JobHandlers<typeof SYSTEM_QUEUE> = {
    [SystemJob.Heartbeat]: (job) => this.heartbeat.record(job.id ?? 'unknown'),
  };

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
}
