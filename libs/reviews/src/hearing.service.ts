import { Injectable } from '@nestjs/common';
import type { AuthUser } from '@app/auth';
import { shanghaiDate } from '@app/calendar';
import { Clock } from '@app/core';
import { CasesService, type ActContext, type ActOutcome, type CaseEntity } from '@app/cases';
import {
  hearingAlreadyStarted,
  hearingNotAllowed,
  hearingNotStarted,
  notAReviewCase,
  reviewInvalid,
} from './review.errors';
import { assertNotInFuture } from './review-levels';
import { CaseReviewsRepository } from './case-reviews.repository';

export interface HearingInput {
  version: number;
  /** When the hearing started (start) or ended (end). */
  at: Date;
}

const DAY_MS = 86_400_000;

/** The hearing (听证) of a re-review (复核): its start, and its end, which moves the decision clock. */
@Injectable()
export class HearingService {
  constructor(
    private readonly clock: Clock,
    private readonly cases: CasesService,
    private readonly caseReviews: CaseReviewsRepository,
  ) {}

  /** 听证 starts (复核 only). */
  async start(id: number, input: HearingInput, actor: AuthUser): Promise<CaseEntity> {
    return this.hearing(id, input, actor, this.startStep(input.at, actor.id));
  }

  /**
   * 听证 ends: its calendar days (start and end day included) are excluded from the re-review
   * decision clock (信访工作条例 art. 35: 听证所需时间不计算在内), which moves its due date.
   */
  async end(id: number, input: HearingInput, actor: AuthUser): Promise<CaseEntity> {
    return this.hearing(id, input, actor, this.endStep(input.at, actor.id));
  }

  /** The start as a case change on the re-review case, recorded on the original's timeline. */
  startStep(startedAt: Date, actorId: number) {
    return async ({ m, c, now }: ActContext): Promise<ActOutcome> => {
      const review = await this.caseReviews.ofCaseOrFail(m, c.id);
      if (review.hearingStartedAt) throw hearingAlreadyStarted();
      if (startedAt.getTime() < review.receivedAt.getTime()) {
        throw reviewInvalid('HEARING_BEFORE_REQUEST', '听证不能早于收到复核申请', 'at');
      }
      await this.caseReviews.update(m, c.id, { hearingStartedAt: startedAt, updatedAt: now });
      const data = {
        reviewCaseId: c.id,
        reviewCaseNo: c.caseNo,
        startedAt: startedAt.toISOString(),
      };
      await this.cases.actWithin(
        m,
        c.originalCaseId!,
        actorId,
        'review_chain',
        () => ({ event: { type: 'hearing_started', data } }),
        now,
      );
      return { event: { type: 'hearing_started', data } };
    };
  }

  /** The end as a case change on the re-review case, recorded on the original's timeline. */
  endStep(endedAt: Date, actorId: number) {
    return async ({ m, c, now, book }: ActContext): Promise<ActOutcome> => {
      const review = await this.caseReviews.ofCaseOrFail(m, c.id);
      if (!review.hearingStartedAt || review.hearingEndedAt) throw hearingNotStarted();
      if (endedAt.getTime() < review.hearingStartedAt.getTime()) {
        throw reviewInvalid('HEARING_ENDS_BEFORE_START', '听证结束时间不能早于开始时间', 'at');
      }
      const days =
        (Date.parse(shanghaiDate(endedAt)) - Date.parse(shanghaiDate(review.hearingStartedAt))) /
          DAY_MS +
        1;
      const before = (await book.running(c.id)).find((k) => k.kind === 're_review_decision');
      const moved = await book.pause(c.id, 're_review_decision', days);
      await this.caseReviews.update(m, c.id, {
        hearingEndedAt: endedAt,
        hearingDays: days,
        updatedAt: now,
      });
      const data = {
        reviewCaseId: c.id,
        reviewCaseNo: c.caseNo,
        startedAt: review.hearingStartedAt.toISOString(),
        endedAt: endedAt.toISOString(),
        pausedDays: days,
        fromDueDate: before?.dueDate ?? null,
        toDueDate: moved?.dueDate ?? null,
      };
      await this.cases.actWithin(
        m,
        c.originalCaseId!,
        actorId,
        'review_chain',
        () => ({ event: { type: 'hearing_ended', data } }),
        now,
      );
      return { event: { type: 'hearing_ended', data }, clocksChanged: true };
    };
  }

  private async hearing(
    id: number,
    input: HearingInput,
    actor: AuthUser,
    work: (ctx: ActContext) => Promise<ActOutcome>,
  ): Promise<CaseEntity> {
    assertNotInFuture(input.at, this.clock.now(), {
      code: 'HEARING_IN_FUTURE',
      message: '听证时间不能晚于当前时间',
      field: 'at',
    });
    const r = await this.cases.get(id, actor);
    if (!r.reviewKind) throw notAReviewCase();
    if (r.reviewKind !== 're_review') throw hearingNotAllowed();
    return this.cases.act(r.id, actor, 'hearing', input.version, work);
  }
}
