import { InjectQueue, Processor, WorkerHost } from '@nestjs/bullmq';
import { Logger, type OnApplicationBootstrap } from '@nestjs/common';
import type { Job, Queue } from 'bullmq';
import type { ClockKind } from '@app/calendar';
import { CasesService, ReviewsService } from '@app/cases';
import {
  CASES_QUEUE,
  CasesJob,
  LAPSE_EVALUATIONS_SCHEDULER_ID,
  type RecomputeClocksPayload,
} from '@app/queue';

/** Case housekeeping: thin, the rules live in CasesService. Both jobs are safe to run twice. */
@Processor(CASES_QUEUE)
export class CasesProcessor extends WorkerHost implements OnApplicationBootstrap {
  private readonly logger = new Logger(CasesProcessor.name);

  constructor(
    private readonly cases: CasesService,
    private readonly reviews: ReviewsService,
    @InjectQueue(CASES_QUEUE) private readonly queue: Queue,
  ) {
    super();
  }

  async onApplicationBootstrap(): Promise<void> {
    await this.queue.upsertJobScheduler(
      LAPSE_EVALUATIONS_SCHEDULER_ID,
      { every: 15 * 60_000 },
      { name: CasesJob.LapseEvaluations, data: {} },
    );
  }

  async process(job: Job): Promise<number> {
    switch (job.name) {
      case CasesJob.RecomputeClocks: {
        const data = job.data as RecomputeClocksPayload;
        const moved = await this.cases.recomputeClocks({
          reason: data.reason,
          kind: data.kind as ClockKind | undefined,
          userId: data.userId,
        });
        this.logger.log({ jobId: job.id, moved }, 'clocks recomputed');
        return moved;
      }
      case CasesJob.LapseEvaluations:
        // The same sweep also stops unused 复查/复核 request windows (answer delivered + 30 days).
        return (await this.cases.lapseEvaluations()) + (await this.reviews.lapseRequestWindows());
      default:
        throw new Error(`No handler for job ${job.name}`);
    }
  }
}
