import { Injectable } from '@nestjs/common';
import type { ClockKind } from '@app/calendar';
import { AppConfig, Clock, DomainError, staleVersion } from '@app/core';
import { CasesService } from '@app/cases';
import { sweepPassedWindows, type WindowBatch } from '@app/deadlines';
import { ReviewChainRepository } from './review-chain.repository';

/** The request windows (申请期限): a window that passed without a request lapses. */
@Injectable()
export class RequestWindowsService {
  constructor(
    private readonly clock: Clock,
    private readonly cases: CasesService,
    private readonly chainCases: ReviewChainRepository,
    private readonly config: AppConfig,
  ) {}

  /**
   * Request windows that passed without a request stop (a lapsed window is no one's lateness):
   * batch after batch until none is left or the run's time is spent. Safe to run twice.
   */
  lapse(batchSize = this.config.worker.windowSweepBatchSize): Promise<number> {
    return sweepPassedWindows((afterId, size) => this.lapseBatch(afterId, size), {
      batchSize,
      budgetMs: this.config.worker.windowSweepBudgetMs,
    });
  }

  private async lapseBatch(afterId: number, limit: number): Promise<WindowBatch> {
    const now = this.clock.now();
    const due = await this.chainCases.dueWindows(now, afterId, limit);
    let lapsed = 0;
    for (const clock of due) {
      if (clock.caseId === null) continue; // request windows are case clocks
      const c = await this.chainCases.caseById(clock.caseId);
      if (!c) continue;
      try {
        await this.cases.act(c.id, null, 'lapse_window', c.version, async ({ book }) => {
          const stopped = await book.stop(c.id, [clock.kind as ClockKind], 'cancelled');
          if (stopped === 0) throw staleVersion('时限', clock.id);
          return {
            event: {
              type: 'review_window_lapsed',
              data: { kind: clock.kind, dueAt: clock.dueAt.toISOString() },
            },
            clocksChanged: true,
          };
        });
        lapsed++;
      } catch (e) {
        // Someone acted on the case meanwhile; the next run looks again.
        if (!(e instanceof DomainError && e.code === 'STALE_VERSION')) throw e;
      }
    }
    return { ids: due.map((k) => k.id), lapsed };
  }
}
