import { OnWorkerEvent, Processor } from '@nestjs/bullmq';
import { Logger } from '@nestjs/common';
import type { Job } from 'bullmq';
import { ImportRunner } from '@app/exchange';
import { EXCHANGE_QUEUE, ExchangeJob, type ImportPayload } from '@app/queue';
import { type JobHandlers, JobProcessor } from '../job-handlers';

/**
 * Imports run one at a time per worker (they are long and write in batches); the lock is long
 * enough for a batch and is renewed while the job runs.
 */
@Processor(EXCHANGE_QUEUE, { concurrency: 1, lockDuration: 120_000 })
export class ImportsProcessor extends JobProcessor<typeof EXCHANGE_QUEUE> {
  private readonly logger = new Logger(ImportsProcessor.name);
  readonly queueName = EXCHANGE_QUEUE;
  readonly handlers: JobHandlers<typeof EXCHANGE_QUEUE> = {
    [ExchangeJob.Import]: (job) => this.runner.run(job.data.importId),
  };

  constructor(private readonly runner: ImportRunner) {
    super();
  }

  @OnWorkerEvent('failed')
  async onFailed(job: Job | undefined, error: Error): Promise<void> {
    if (!job || job.name !== ExchangeJob.Import) return;
    this.logger.error({ jobId: job.id, err: error.message }, 'import attempt failed');
    if (job.attemptsMade >= (job.opts.attempts ?? 1)) {
      await this.runner.giveUp((job.data as ImportPayload).importId);
    }
  }
}
