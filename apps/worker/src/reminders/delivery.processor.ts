import { Processor } from '@nestjs/bullmq';
import type { OnApplicationBootstrap } from '@nestjs/common';
import type { Job } from 'bullmq';
import { AppConfig } from '@app/core';
import { DELIVERIES_QUEUE, DeliveriesJob, type DeliverPayload } from '@app/queue';
import { DeliveriesService, type DeliveryOutcome } from '@app/reminders';
import { type JobHandlers, JobProcessor } from '../job-handlers';

/** Outbound reminder deliveries; BullMQ retries a failed attempt with exponential backoff. */
@Processor(DELIVERIES_QUEUE)
export class DeliveryProcessor
  extends JobProcessor<typeof DELIVERIES_QUEUE>
  implements OnApplicationBootstrap
{
  readonly queueName = DELIVERIES_QUEUE;
  readonly handlers: JobHandlers<typeof DELIVERIES_QUEUE> = {
    [DeliveriesJob.Deliver]: (job) => this.deliver(job),
  };

  constructor(
    private readonly deliveries: DeliveriesService,
    private readonly config: AppConfig,
  ) {
    super();
  }

  onApplicationBootstrap(): void {
    this.worker.concurrency = this.config.reminders.deliveryConcurrency;
  }

  private deliver(job: Job<DeliverPayload>): Promise<DeliveryOutcome> {
    const { deliveryId } = job.data;
    const lastAttempt = job.attemptsMade + 1 >= (job.opts.attempts ?? 1);
    return this.deliveries.deliver(deliveryId, job.attemptsMade, lastAttempt);
  }
}
