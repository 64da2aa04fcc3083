import { Injectable } from '@nestjs/common';
import type { ClockKind } from '@app/calendar';
import { Clock, DomainError, staleVersion } from '@app/core';
import { CasesService } from '@app/cases';
import { ReviewChainRepository } from './review-chain.repository';

/** The request windows (申请期限): a window that passed without a request lapses. */
@Injectable()
export class RequestWindowsService {
  constructor(
    private readonly clock: Clock,
    private readonly cases: CasesService,
    private readonly chainCases: ReviewChainRepository,
  ) {}

  /**
   * Request windows that passed without a request stop (a lapsed window is no one's lateness),
   * so they no longer hold the case's nearest due time. Safe to run twice.
   */
  async lapse(limit = 500): Promise<number> {
    const now = this.clock.now();
    const due = await this.chainCases.dueWindows(now, limit);
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
    return lapsed;
  }
}
