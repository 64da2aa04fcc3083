import { InjectQueue, Processor, WorkerHost } from '@nestjs/bullmq';
import { Logger, type OnApplicationBootstrap } from '@nestjs/common';
import type { Job, Queue } from 'bullmq';
import type { ClockKind } from '@app/calendar';
import { CasesService, ChainCheckpointService, type ChainBreak } from '@app/cases';
import { ReviewsService } from '@app/reviews';
import {
  CASES_QUEUE,
  CasesJob,
  CHAIN_CHECKPOINT_SCHEDULER_ID,
  LAPSE_EVALUATIONS_SCHEDULER_ID,
  type RecomputeClocksPayload,
} from '@app/queue';
import { AdminAlertsService } from '@app/reminders';

/** Case housekeeping: thin, the rules live in the cases lib. Every job is safe to run twice. */
@Processor(CASES_QUEUE)
export class CasesProcessor extends WorkerHost implements OnApplicationBootstrap {
  private readonly logger = new Logger(CasesProcessor.name);

  constructor(
    private readonly cases: CasesService,
    private readonly reviews: ReviewsService,
    private readonly checkpoints: ChainCheckpointService,
    private readonly alerts: AdminAlertsService,
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
    await this.queue.upsertJobScheduler(
      CHAIN_CHECKPOINT_SCHEDULER_ID,
      { pattern: '30 2 * * *', tz: 'Asia/Shanghai' },
      { name: CasesJob.ChainCheckpoint, data: {} },
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
      case CasesJob.ChainCheckpoint:
        return this.checkpoint(job);
      default:
        throw new Error(`No handler for job ${job.name}`);
    }
  }

  /** The day's checkpoint is written once; only the run that writes it tells the admins. */
  private async checkpoint(job: Job): Promise<number> {
    const r = await this.checkpoints.take();
    if (r.created && (r.breaks.length > 0 || r.problems.length > 0)) {
      const cases = r.breaks.map(
        (b) =>
          `${b.caseNo}（${BREAK_LABELS[b.kind]}${b.brokenAt ? `，第 ${b.brokenAt} 条起` : ''}）`,
      );
      await this.alerts.notifyAdmins({
        kind: 'event_chain_break',
        title: `办理记录防篡改校验发现 ${r.breaks.length + r.problems.length} 处异常`,
        body: [
          `${r.checkpoint.day} 检查点：`,
          cases.length
            ? `办理记录与密钥或检查点不符的案件：${cases.slice(0, 12).join('、')}${cases.length > 12 ? ` 等 ${cases.length} 件` : ''}。`
            : '',
          r.problems.join('；'),
          '请核查数据库操作记录与备份。',
        ]
          .filter(Boolean)
          .join(''),
        payload: { checkpointId: r.checkpoint.id, breaks: r.breaks, problems: r.problems },
      });
    }
    this.logger.log(
      { jobId: job.id, checkpoint: r.checkpoint.id, created: r.created, breaks: r.breaks.length },
      'chain checkpoint',
    );
    return r.breaks.length + r.problems.length;
  }
}

const BREAK_LABELS: Record<ChainBreak, string> = {
  altered: '记录被改写',
  missing_event: '中间记录缺失',
  inserted: '有伪造插入的记录',
  deleted_tail: '最新记录被删除',
  head_mismatch: '链头被回拨',
  missing_case: '案件已从数据库消失',
};
