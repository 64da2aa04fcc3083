import { Injectable } from '@nestjs/common';
import type { AuthUser } from '@app/auth';
import { CalendarService, computeDue } from '@app/calendar';
import { Clock } from '@app/core';
import {
  caseNotFound,
  CasesService,
  type ActContext,
  type ActOutcome,
  type Channel,
  type ReviewKind,
} from '@app/cases';
import {
  matterFinal,
  reviewAlreadyRequested,
  reviewInvalid,
  reviewWindowPassed,
} from './review.errors';
import {
  assertNotInFuture,
  decisionKind,
  kindAgainst,
  reviewNotices,
  windowKind,
} from './review-levels';
import { CaseReviewsRepository } from './case-reviews.repository';
import { NewReviewCaseRepository } from './new-review-case.repository';
import { ReviewChainRepository } from './review-chain.repository';

export interface ReviewRequestInput {
  /** The version of the contested case (the original, or the review case for a 复核). */
  version: number;
  channel: Channel;
  /** When the request reached the bureau; now when absent. */
  receivedAt?: Date;
  reasons: string;
  /** Why a request outside its window is accepted anyway (an officer's record). */
  lateJustification?: string;
}

/**
 * Requesting a review (复查, against the original's answer) or a re-review (复核, against the
 * review decision) and accepting it: the 30-day window, an officer's justification for a late
 * request, and the linked review case the request opens.
 */
@Injectable()
export class ReviewRequestService {
  constructor(
    private readonly clock: Clock,
    private readonly calendar: CalendarService,
    private readonly cases: CasesService,
    private readonly caseReviews: CaseReviewsRepository,
    private readonly chainCases: ReviewChainRepository,
    private readonly newReviewCase: NewReviewCaseRepository,
  ) {}

  /**
   * Records a review request against `contestedId` (the original: 复查; a decided review case:
   * 复核) and opens the linked case. Outside the window the request is refused with the reason
   * unless the input carries an officer's justification. Returns the new case's id.
   */
  async request(contestedId: number, input: ReviewRequestInput, actor: AuthUser): Promise<number> {
    const now = this.clock.now();
    const receivedAt = input.receivedAt ?? now;
    assertNotInFuture(receivedAt, now, {
      code: 'RECEIVED_IN_FUTURE',
      message: '收到申请的时间不能晚于当前时间',
      field: 'receivedAt',
    });
    const contested = await this.cases.get(contestedId, actor);
    const kind = kindAgainst(contested);
    const step = await this.requestStep(kind, { ...input, receivedAt }, actor.id);
    // The unit that handled the original hears of the request (not the history import's replay).
    const work = async (ctx: ActContext): Promise<ActOutcome> => {
      const outcome = await step.work(ctx);
      const original =
        kind === 'review' ? ctx.c : await this.chainCases.caseById(ctx.c.originalCaseId!, ctx.m);
      const data = outcome.event.data;
      return {
        ...outcome,
        notices: original
          ? reviewNotices('review_requested', kind, original, {
              reviewCaseNo: String(data.reviewCaseNo),
            })
          : [],
      };
    };
    await this.cases.act(contestedId, actor, 'request_review', input.version, work);
    return step.reviewCaseId();
  }

  /** The request as a case change on the contested case; the new case's id once it ran. */
  async requestStep(
    kind: ReviewKind,
    input: Omit<ReviewRequestInput, 'version'> & { receivedAt: Date },
    actorId: number,
  ) {
    const receivedAt = input.receivedAt;
    const justification = input.lateJustification?.trim() || null;
    const [decisionRule, windowRule, calendar] = await Promise.all([
      this.calendar.rule(decisionKind(kind)),
      this.calendar.rule(windowKind(kind)),
      this.calendar.current(),
    ]);
    let reviewCaseId = 0;
    const work = async ({ m, c, now: at, book }: ActContext): Promise<ActOutcome> => {
      const original = kind === 'review' ? c : await this.chainCases.caseById(c.originalCaseId!, m);
      if (!original) throw caseNotFound(c.originalCaseId!);
      const expectedStage = kind === 'review' ? null : 'review';
      if (original.reviewStage === 'final') throw matterFinal(original.caseNo);
      if (original.reviewStage !== expectedStage) throw reviewAlreadyRequested(kind);

      const delivered =
        kind === 'review'
          ? c.deliveredAt
          : ((await this.caseReviews.ofCase(m, c.id))?.deliveredAt ?? null);
      if (!delivered) {
        throw reviewInvalid('ANSWER_NOT_DELIVERED', '书面答复尚未送达，不能申请复查或复核');
      }
      if (receivedAt.getTime() < delivered.getTime()) {
        throw reviewInvalid(
          'RECEIVED_BEFORE_DELIVERY',
          '收到申请的时间不能早于书面答复送达时间',
          'receivedAt',
        );
      }
      const window = await this.chainCases.latestClock(m, c.id, windowKind(kind));
      const due = window ?? computeDue(delivered, windowRule, calendar);
      const late = receivedAt.getTime() > due.dueAt.getTime();
      if (late && !justification) throw reviewWindowPassed(kind, due.dueDate, receivedAt);
      if (!late && justification) {
        throw reviewInvalid(
          'LATE_JUSTIFICATION_NOT_NEEDED',
          '申请在期限内，无需记录逾期理由',
          'lateJustification',
        );
      }
      await book.stop(c.id, [windowKind(kind)], 'satisfied', receivedAt);

      const created = await this.newReviewCase.createReviewCase(m, book, calendar, decisionRule, {
        kind,
        contested: c,
        original,
        input,
        receivedAt,
        late,
        justification,
        actorId,
        now: at,
      });
      await this.caseReviews.insertRequest(m, {
        caseId: created.id,
        kind,
        originalCaseId: original.id,
        contestedCaseId: c.id,
        receivedAt,
        windowDueAt: due.dueAt,
        late,
        lateJustification: justification,
        requestedBy: actorId,
        createdAt: at,
      });
      reviewCaseId = created.id;
      const data = {
        kind,
        reviewCaseId: created.id,
        reviewCaseNo: created.caseNo,
        receivedAt: receivedAt.toISOString(),
        late,
        lateJustification: justification,
      };
      if (kind === 're_review') {
        await this.cases.actWithin(
          m,
          original.id,
          actorId,
          'review_chain',
          () => ({ set: { reviewStage: 're_review' }, event: { type: 'review_requested', data } }),
          at,
        );
      }
      return {
        set: kind === 'review' ? { reviewStage: 'review' } : {},
        event: { type: 'review_requested', data },
        clocksChanged: true,
        // The new review case is written in this transaction: its figures change with it.
        alsoChanged: [created.id],
      };
    };
    return { work, reviewCaseId: () => reviewCaseId };
  }
}
