import { InjectQueue, Processor } from '@nestjs/bullmq';
import {
  type BeforeApplicationShutdown,
  Logger,
  type OnApplicationBootstrap,
} from '@nestjs/common';
import type { Job, Queue } from 'bullmq';
import { AppConfig } from '@app/core';
import { REMINDER_SWEEP_SCHEDULER_ID, REMINDERS_QUEUE, RemindersJob } from '@app/queue';
import { ReminderSweepService, type SweepResult } from '@app/reminders';
import { type JobHandlers, JobProcessor } from '../job-handlers';

/**
 * The reminder sweep, on a job scheduler (one per queue, whatever the number of workers) and on
 * wake-ups the sweep itself asks for. Thin: the rules live in ReminderSweepService.
 */
@Processor(REMINDERS_QUEUE)
export class ReminderSweepProcessor
  extends JobProcessor<typeof REMINDERS_QUEUE>
  implements OnApplicationBootstrap, BeforeApplicationShutdown
{
  private readonly logger = new Logger(ReminderSweepProcessor.name);
  private stopping = false;
  private keeper: NodeJS.Timeout | undefined;
  readonly queueName = REMINDERS_QUEUE;
  readonly handlers: JobHandlers<typeof REMINDERS_QUEUE> = {
    [RemindersJob.Sweep]: (job) => this.sweep(job),
    [RemindersJob.Rederive]: (job) => this.sweeper.rederive(job.data.clockKind),
  };

  constructor(
    private readonly sweeper: ReminderSweepService,
    private readonly config: AppConfig,
    @InjectQueue(REMINDERS_QUEUE) private readonly queue: Queue,
  ) {
    super();
  }

  async onApplicationBootstrap(): Promise<void> {
    await this.upsertScheduler();
    // Redis may lose its data (FLUSHALL, a restart without persistence): the scheduler is put
    // back within one interval, and the sweep re-derives everything owed from the database.
    this.keeper = setInterval(() => {
      this.upsertScheduler().catch((e: unknown) =>
        this.logger.warn({ err: e }, 'reminder scheduler not refreshed'),
      );
    }, this.config.reminders.sweepIntervalMs);
    this.keeper.unref();
  }

  private async upsertScheduler(): Promise<void> {
    await this.queue.upsertJobScheduler(
      REMINDER_SWEEP_SCHEDULER_ID,
      { every: this.config.reminders.sweepIntervalMs },
      {
        name: RemindersJob.Sweep,
        data: {},
        opts: {
          attempts: 5,
          backoff: { type: 'exponential', delay: 1000 },
          removeOnComplete: { count: 100 },
          removeOnFail: { count: 1000 },
        },
      },
    );
  }

  /** A sweep in progress stops after its current batch; the rest stays owed in the database. */
  beforeApplicationShutdown(): void {
    this.stopping = true;
    clearInterval(this.keeper);
  }

  private async sweep(job: Job): Promise<SweepResult> {
    const result = await this.sweeper.sweep(() => this.stopping);
    if (result.claimed || result.requeued) {
      this.logger.log({ jobId: job.id, ...result }, 'reminder sweep');
    }
    return result;
  }
}
