import { InjectQueue, Processor } from '@nestjs/bullmq';
import { Logger, type OnApplicationBootstrap } from '@nestjs/common';
import type { Job, Queue } from 'bullmq';
import { CalendarService, type ClockKind, missingCalendarMessage } from '@app/calendar';
import { AppConfig } from '@app/core';
import { CasesService, ChainCheckpointService, type ChainBreak } from '@app/cases';
import { ReviewsService } from '@app/reviews';
import {
  CALENDAR_COVERAGE_SCHEDULER_ID,
  CASES_QUEUE,
  CasesJob,
  CHAIN_CHECKPOINT_SCHEDULER_ID,
  LAPSE_EVALUATIONS_SCHEDULER_ID,
  type RecomputeClocksPayload,
} from '@app/queue';
import { AdminAlertsService } from '@app/reminders';
import { type JobHandlers, JobProcessor } from '../job-handlers';

/** Case housekeeping: thin, the rules live in the cases lib. Every job is safe to run twice. */
@Processor(CASES_QUEUE)
export class CasesProcessor
  extends JobProcessor<typeof CASES_QUEUE>
  implements OnApplicationBootstrap
{
  private readonly logger = new Logger(CasesProcessor.name);
  readonly queueName = CASES_QUEUE;
  readonly handlers: JobHandlers<typeof CASES_QUEUE> = {
    [CasesJob.RecomputeClocks]: (job) => this.recomputeClocks(job),
    // The same sweep also stops unused 复查/复核 request windows (answer delivered + 30 days).
    [CasesJob.LapseEvaluations]: async () =>
      (await this.cases.lapseEvaluations()) + (await this.reviews.lapseRequestWindows()),
    [CasesJob.ChainCheckpoint]: (job) => this.checkpoint(job),
    [CasesJob.CalendarCoverage]: () => this.calendarCoverage(),
  };

  constructor(
    private readonly cases: CasesService,
    private readonly reviews: ReviewsService,
    private readonly checkpoints: ChainCheckpointService,
    private readonly alerts: AdminAlertsService,
    private readonly calendar: CalendarService,
    private readonly config: AppConfig,
    @InjectQueue(CASES_QUEUE) private readonly queue: Queue,
  ) {
    super();
  }

  async onApplicationBootstrap(): Promise<void> {
    await this.queue.upsertJobScheduler(
      LAPSE_EVALUATIONS_SCHEDULER_ID,
      { every: this.config.worker.windowSweepIntervalMs },
      { name: CasesJob.LapseEvaluations, data: {} },
    );
    await this.queue.upsertJobScheduler(
      CHAIN_CHECKPOINT_SCHEDULER_ID,
      { pattern: this.config.worker.chainCheckpointCron, tz: 'Asia/Shanghai' },
      { name: CasesJob.ChainCheckpoint, data: {} },
    );
    await this.queue.upsertJobScheduler(
      CALENDAR_COVERAGE_SCHEDULER_ID,
      { every: this.config.worker.calendarCheckIntervalMs },
      { name: CasesJob.CalendarCoverage, data: {} },
    );
  }

  /**
   * From 1 November (and all year for a current year never loaded): the admins are reminded, at
   * most once a day, to load the missing State Council notice. Returns how many admins were told.
   */
  private async calendarCoverage(): Promise<number> {
    const missing = await this.calendar.missingYears();
    if (missing.length === 0) return 0;
    return this.alerts.notifyAdminsOncePerDay({
      kind: 'calendar_missing',
      title: `请载入${missing.map((y) => `${y}年`).join('、')}国务院节假日安排`,
      body: `${missingCalendarMessage(missing)}。请按通知载入该年的放假与调休日期（工作日历接口 PUT /api/v1/calendar/{年份}）。`,
      payload: { missingYears: missing },
    });
  }

  private async recomputeClocks(job: Job<RecomputeClocksPayload>): Promise<number> {
    const moved = await this.cases.recomputeClocks({
      reason: job.data.reason,
      kind: job.data.kind as ClockKind | undefined,
      userId: job.data.userId,
    });
    this.logger.log({ jobId: job.id, moved }, 'clocks recomputed');
    return moved;
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
