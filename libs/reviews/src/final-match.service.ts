import { Injectable } from '@nestjs/common';
import type { AuthUser } from '@app/auth';
import { caseNotFound, CasesService, type CaseEntity } from '@app/cases';
import { noFinalMatch, reviewInvalid } from './review.errors';
import { CaseReviewsRepository } from './case-reviews.repository';
import { ReviewChainRepository } from './review-chain.repository';

export interface FinalMatchInput {
  version: number;
  /** true: the new case is the final matter again → 不再受理; false: not the same matter. */
  confirm: boolean;
  note?: string;
}

/**
 * A new registration that matches a matter the re-review ended (终结): an officer confirms it
 * (不再受理) or dismisses the match.
 */
@Injectable()
export class FinalMatchService {
  constructor(
    private readonly cases: CasesService,
    private readonly caseReviews: CaseReviewsRepository,
    private readonly chainCases: ReviewChainRepository,
  ) {}

  /**
   * An officer settles a registration's final-matter match: confirmed, the new case is refused
   * as 不再受理 citing the re-review that ended the matter; dismissed, the flag is cleared.
   */
  async settle(id: number, input: FinalMatchInput, actor: AuthUser): Promise<CaseEntity> {
    const note = input.note?.trim() || null;
    const n = await this.cases.get(id, actor);
    if (!n.finalMatchCaseId) throw noFinalMatch();
    if (!input.confirm) {
      if (!note) {
        throw reviewInvalid('NOTE_REQUIRED', '排除匹配须说明理由（不是同一事项的依据）', 'note');
      }
      return this.cases.act(id, actor, 'dismiss_final_match', input.version, ({ c }) => ({
        set: { finalMatchCaseId: null },
        event: {
          type: 'final_match_dismissed',
          data: { finalCaseId: c.finalMatchCaseId, note },
        },
      }));
    }
    return this.cases.act(id, actor, 'not_reaccept', input.version, async ({ m, c, book }) => {
      if (!c.finalMatchCaseId) throw noFinalMatch();
      const original = await this.chainCases.caseById(c.finalMatchCaseId, m);
      const reReview = await this.caseReviews.reReviewOf(m, c.finalMatchCaseId);
      const reReviewCase = reReview ? await this.chainCases.caseById(reReview.caseId, m) : null;
      if (!original || !reReviewCase) throw caseNotFound(c.finalMatchCaseId);
      await book.stop(c.id, ['triage'], 'satisfied');
      const reason =
        `该信访事项已经复核终结（复核意见 ${reReviewCase.caseNo}，原信访件 ${original.caseNo}），` +
        `依据《信访工作条例》第三十五条不再受理${note ? `。${note}` : ''}`;
      return {
        set: { notAcceptedRoute: 'not_reaccepted', disposalReason: reason.slice(0, 1000) },
        event: {
          type: 'not_reaccepted',
          data: {
            finalCaseId: original.id,
            finalCaseNo: original.caseNo,
            reReviewCaseId: reReviewCase.id,
            reReviewCaseNo: reReviewCase.caseNo,
            note,
          },
        },
        clocksChanged: true,
      };
    });
  }
}
