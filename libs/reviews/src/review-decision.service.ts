import { Injectable } from '@nestjs/common';
import type { AuthUser } from '@app/auth';
import { CalendarService, CLOCK_KINDS } from '@app/calendar';
import { Clock, DomainError } from '@app/core';
import { UnitsService } from '@app/units';
import {
  CasesService,
  type ActContext,
  type ActOutcome,
  REVIEW_DECISION_LABELS,
  type CaseEntity,
  type DeliveryMethod,
  type ReviewDecision,
  type ReviewKind,
} from '@app/cases';
import { hearingInProgress, notAReviewCase, reviewInvalid } from './review.errors';
import { assertNotInFuture, decideAction, decisionKind, reviewNotices } from './review-levels';
import { ReviewChainRepository } from './review-chain.repository';
import { CaseReviewsRepository } from './case-reviews.repository';

export interface ReviewDecisionInput {
  version: number;
  decision: ReviewDecision;
  reasons: string;
  decisionUnitId?: number;
  decisionBody?: string;
  deliveryMethod: DeliveryMethod;
  deliveredAt: Date;
}

/**
 * Deciding a review or re-review: the review body's decision and its delivery stop the decision
 * clock; a review decision opens the re-review window, a re-review decision ends the matter.
 */
@Injectable()
export class ReviewDecisionService {
  constructor(
    private readonly clock: Clock,
    private readonly calendar: CalendarService,
    private readonly cases: CasesService,
    private readonly units: UnitsService,
    private readonly caseReviews: CaseReviewsRepository,
    private readonly chainCases: ReviewChainRepository,
  ) {}

  /**
   * The review body's decision (维持 / 撤销 / 变更, with reasons), delivered by a recorded method.
   * A review decision starts the re-review window; a re-review decision makes the matter final.
   */
  async decide(id: number, input: ReviewDecisionInput, actor: AuthUser): Promise<CaseEntity> {
    assertNotInFuture(input.deliveredAt, this.clock.now(), {
      code: 'DELIVERED_IN_FUTURE',
      message: '送达时间不能晚于当前时间',
      field: 'deliveredAt',
    });
    await this.assertDecisionBody(input);
    const r = await this.cases.get(id, actor);
    if (!r.reviewKind) throw notAReviewCase();
    const kind = r.reviewKind;
    const step = await this.decideStep(kind, input, actor.id);
    // The unit that handled the original hears of the decision (not the history import's replay).
    const work = async (ctx: ActContext): Promise<ActOutcome> => {
      const outcome = await step(ctx);
      const original = await this.chainCases.caseById(ctx.c.originalCaseId!, ctx.m);
      return {
        ...outcome,
        notices: original
          ? reviewNotices('review_decided', kind, original, {
              reviewCaseNo: ctx.c.caseNo,
              decision: REVIEW_DECISION_LABELS[input.decision],
              decisionBody: input.decisionBody?.trim() || null,
            })
          : [],
      };
    };
    return this.cases.act(id, actor, decideAction(kind), input.version, work);
  }

  /** The deciding body is named: an active unit of the system, or its name as text. */
  async assertDecisionBody(input: { decisionUnitId?: number; decisionBody?: string }) {
    const body = input.decisionBody?.trim() || null;
    if (input.decisionUnitId === undefined && !body) {
      throw reviewInvalid(
        'DECISION_BODY_REQUIRED',
        '须填写作出复查/复核意见的机关（单位或名称）',
        'decisionBody',
      );
    }
    if (input.decisionUnitId !== undefined) {
      const unit = await this.units.get(input.decisionUnitId).catch((e: unknown) => {
        if (e instanceof DomainError && e.code === 'UNIT_NOT_FOUND') return null;
        throw e;
      });
      if (!unit || !unit.active) {
        throw reviewInvalid(
          'DECISION_UNIT_INVALID',
          '复查/复核机关须为在用的单位',
          'decisionUnitId',
        );
      }
    }
  }

  /** The decision as a case change on the review case (and the chain's other cases). */
  async decideStep(kind: ReviewKind, input: Omit<ReviewDecisionInput, 'version'>, actorId: number) {
    const body = input.decisionBody?.trim() || null;
    const reReviewWindow = await this.calendar.rule('re_review_request_window');
    return async ({ m, c, now: at, book }: ActContext): Promise<ActOutcome> => {
      const review = await this.caseReviews.ofCaseOrFail(m, c.id);
      if (review.hearingStartedAt && !review.hearingEndedAt) throw hearingInProgress();
      const floor = review.hearingEndedAt ?? review.receivedAt;
      if (input.deliveredAt.getTime() < floor.getTime()) {
        throw reviewInvalid(
          'DELIVERED_BEFORE_REQUEST',
          '送达时间不能早于收到申请（或听证结束）的时间',
          'deliveredAt',
        );
      }
      // Met when the written decision reaches the petitioner, as for the answer itself.
      await book.stop(c.id, [decisionKind(kind)], 'satisfied', input.deliveredAt);
      if (kind === 'review') await book.start(c.id, null, reReviewWindow, input.deliveredAt);
      await this.caseReviews.update(m, c.id, {
        decision: input.decision,
        decisionReasons: input.reasons,
        decisionUnitId: input.decisionUnitId ?? null,
        decisionBody: body,
        decidedAt: at,
        decidedBy: actorId,
        deliveryMethod: input.deliveryMethod,
        deliveredAt: input.deliveredAt,
        updatedAt: at,
      });
      const data = {
        kind,
        reviewCaseId: c.id,
        reviewCaseNo: c.caseNo,
        decision: input.decision,
        decisionUnitId: input.decisionUnitId ?? null,
        decisionBody: body,
        deliveryMethod: input.deliveryMethod,
        deliveredAt: input.deliveredAt.toISOString(),
      };
      const originalId = c.originalCaseId!;
      await this.cases.actWithin(
        m,
        originalId,
        actorId,
        'review_chain',
        () => ({ event: { type: 'review_decided', data } }),
        at,
      );
      if (kind === 're_review') {
        // 信访工作条例 art. 35: the re-review decision ends the matter (终结). Every case of the
        // chain becomes final and keeps no running clock.
        const final = {
          reReviewCaseId: c.id,
          reReviewCaseNo: c.caseNo,
          decision: input.decision,
          deliveredAt: input.deliveredAt.toISOString(),
        };
        for (const caseId of [review.contestedCaseId, originalId]) {
          await this.cases.actWithin(
            m,
            caseId,
            actorId,
            'finalize',
            async ({ book: b }) => {
              await b.stop(caseId, [...CLOCK_KINDS], 'cancelled');
              return {
                set: caseId === originalId ? { reviewStage: 'final' } : {},
                event: { type: 'matter_final', data: final },
                clocksChanged: true,
              };
            },
            at,
          );
        }
      }
      return { event: { type: 'review_decided', data }, clocksChanged: true };
    };
  }
}
