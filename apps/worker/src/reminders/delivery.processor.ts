import { Processor, WorkerHost } from '@nestjs/bullmq';
import type { OnApplicationBootstrap } from '@nestjs/common';
import type { Job } from 'bullmq';
import { AppConfig } from '@app/core';
import { DELIVERIES_QUEUE, DeliveriesJob, type DeliverPayload } from '@app/queue';
import { DeliveriesService, type DeliveryOutcome } from '@app/reminders';

/** Outbound reminder deliveries; BullMQ retries a failed attempt with exponential backoff. */
@Processor(DELIVERIES_QUEUE)
export class DeliveryProcessor extends WorkerHost implements OnApplicationBootstrap {
  constructor(
    private readonly deliveries: DeliveriesService,
    private readonly config: AppConfig,
  ) {
    super();
  }

  onApplicationBootstrap(): void {
    this.worker.concurrency = this.config.reminders.deliveryConcurrency;
  }

  async process(job: Job): Promise<DeliveryOutcome> {
    if (job.name !== DeliveriesJob.Deliver) throw new Error(`No handler for job ${job.name}`);
    const { deliveryId } = job.data as DeliverPayload;
    const lastAttempt = job.attemptsMade + 1 >= (job.opts.attempts ?? 1);
    return this.deliveries.deliver(deliveryId, job.attemptsMade, lastAttempt);
  }
}
