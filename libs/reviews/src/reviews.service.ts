import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { AuthUser } from '@app/auth';
import {
  CalendarService,
  CLOCK_KINDS,
  computeDue,
  shanghaiDate,
  type ClockKind,
} from '@app/calendar';
import { Clock, DomainError, staleVersion } from '@app/core';
import { UnitsService } from '@app/units';
import {
  caseNotFound,
  CasesService,
  REVIEW_KIND_LABELS,
  type ActContext,
  type ActOutcome,
  type CaseEntity,
  type Channel,
  type DeliveryMethod,
  type ReviewDecision,
  type ReviewKind,
} from '@app/cases';
import {
  hearingAlreadyStarted,
  hearingInProgress,
  hearingNotAllowed,
  hearingNotStarted,
  matterFinal,
  noFinalMatch,
  notAReviewCase,
  reviewAlreadyRequested,
  reviewInvalid,
  reviewWindowPassed,
} from './review.errors';
import { CaseReviewsRepository, type HandledReviews } from './case-reviews.repository';
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

export interface ReviewDecisionInput {
  version: number;
  decision: ReviewDecision;
  reasons: string;
  decisionUnitId?: number;
  decisionBody?: string;
  deliveryMethod: DeliveryMethod;
  deliveredAt: Date;
}

export interface HearingInput {
  version: number;
  /** When the hearing started (start) or ended (end). */
  at: Date;
}

export interface FinalMatchInput {
  version: number;
  /** true: the new case is the final matter again → 不再受理; false: not the same matter. */
  confirm: boolean;
  note?: string;
}

const FUTURE_TOLERANCE_MS = 5 * 60_000;
const DAY_MS = 86_400_000;

/** A review or re-review from earlier records (see `ReviewsService.writeHistory`). */
export interface ReviewHistoryInput {
  /** The original case (复查) or the decided review case (复核). */
  contestedCaseId: number;
  /** The level the record claims; checked against the contested case. */
  kind?: ReviewKind;
  channel: Channel;
  reasons: string;
  receivedAt: Date;
  lateJustification?: string;
  hearing?: { startedAt: Date; endedAt: Date } | null;
  decision?: (Omit<ReviewDecisionInput, 'version'> & { decidedAt: Date }) | null;
}

const windowKind = (kind: ReviewKind): ClockKind =>
  kind === 'review' ? 'review_request_window' : 're_review_request_window';
const decisionKind = (kind: ReviewKind): ClockKind =>
  kind === 'review' ? 'review_decision' : 're_review_decision';
const decideAction = (kind: ReviewKind) =>
  kind === 'review' ? ('decide_review' as const) : ('decide_re_review' as const);

/** What a request against this case is: 复查 of an original, 复核 of a review; none after that. */
function kindAgainst(contested: CaseEntity): ReviewKind {
  if (contested.status === 'final' || contested.reviewKind === 're_review') {
    throw matterFinal(contested.caseNo);
  }
  return contested.reviewKind === 'review' ? 're_review' : 'review';
}

/**
 * 复查 / 复核 (信访工作条例 arts. 35–36): a petitioner who disagrees with a written answer asks for
 * a review within 30 days of its delivery, and with the review decision for a re-review within
 * 30 days of that. Each is its own linked case with its own number, decision clock and timeline;
 * the original case's timeline records every step. After the re-review the matter is final.
 */
@Injectable()
export class ReviewsService {
  constructor(
    private readonly clock: Clock,
    private readonly calendar: CalendarService,
    private readonly cases: CasesService,
    private readonly units: UnitsService,
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
    if (receivedAt.getTime() > now.getTime() + FUTURE_TOLERANCE_MS) {
      throw reviewInvalid('RECEIVED_IN_FUTURE', '收到申请的时间不能晚于当前时间', 'receivedAt');
    }
    const contested = await this.cases.get(contestedId, actor);
    const kind = kindAgainst(contested);
    const step = await this.requestStep(kind, { ...input, receivedAt }, actor.id);
    await this.cases.act(contestedId, actor, 'request_review', input.version, step.work);
    return step.reviewCaseId();
  }

  /**
   * The review body's decision (维持 / 撤销 / 变更, with reasons), delivered by a recorded method.
   * A review decision starts the re-review window; a re-review decision makes the matter final.
   */
  async decide(id: number, input: ReviewDecisionInput, actor: AuthUser): Promise<CaseEntity> {
    const now = this.clock.now();
    if (input.deliveredAt.getTime() > now.getTime() + FUTURE_TOLERANCE_MS) {
      throw reviewInvalid('DELIVERED_IN_FUTURE', '送达时间不能晚于当前时间', 'deliveredAt');
    }
    await this.assertDecisionBody(input);
    const r = await this.cases.get(id, actor);
    if (!r.reviewKind) throw notAReviewCase();
    const kind = r.reviewKind;
    const work = await this.decideStep(kind, input, actor.id);
    return this.cases.act(id, actor, decideAction(kind), input.version, work);
  }

  /** 听证 starts (复核 only). */
  async startHearing(id: number, input: HearingInput, actor: AuthUser): Promise<CaseEntity> {
    return this.hearing(id, input, actor, this.hearingStartStep(input.at, actor.id));
  }

  /**
   * 听证 ends: its calendar days (start and end day included) are excluded from the re-review
   * decision clock (信访工作条例 art. 35: 听证所需时间不计算在内), which moves its due date.
   */
  async endHearing(id: number, input: HearingInput, actor: AuthUser): Promise<CaseEntity> {
    return this.hearing(id, input, actor, this.hearingEndStep(input.at, actor.id));
  }

  private async hearing(
    id: number,
    input: HearingInput,
    actor: AuthUser,
    work: (ctx: ActContext) => Promise<ActOutcome>,
  ): Promise<CaseEntity> {
    const r = await this.beforeHearing(id, input, actor);
    return this.cases.act(r.id, actor, 'hearing', input.version, work);
  }

  /**
   * A review or re-review from a bureau's earlier records, inside the caller's transaction: the
   * same steps as live handling (request, hearing, decision), each dated when it happened, so the
   * review case, its `case_reviews` row, clocks and both timelines read as if recorded live.
   * The live rules apply (window, order, hearing on 复核 only); a breach throws the live error.
   * Returns the review case's id.
   */
  async writeHistory(
    m: EntityManager,
    input: ReviewHistoryInput,
    actorId: number,
  ): Promise<number> {
    const contested = await this.chainCases.caseById(input.contestedCaseId, m);
    if (!contested) throw caseNotFound(input.contestedCaseId);
    const kind = kindAgainst(contested);
    if (input.kind && input.kind !== kind) {
      throw reviewInvalid(
        'LEVEL_MISMATCH',
        `所引信访件只能申请${REVIEW_KIND_LABELS[kind]}`,
        'level',
      );
    }
    const step = await this.requestStep(kind, input, actorId);
    await this.cases.actWithin(
      m,
      contested.id,
      actorId,
      'request_review',
      step.work,
      input.receivedAt,
    );
    const id = step.reviewCaseId();
    if (input.hearing) {
      if (kind !== 're_review') throw hearingNotAllowed();
      const { startedAt, endedAt } = input.hearing;
      await this.cases.actWithin(
        m,
        id,
        actorId,
        'hearing',
        this.hearingStartStep(startedAt, actorId),
        startedAt,
      );
      await this.cases.actWithin(
        m,
        id,
        actorId,
        'hearing',
        this.hearingEndStep(endedAt, actorId),
        endedAt,
      );
    }
    if (input.decision) {
      const d = input.decision;
      await this.assertDecisionBody(d);
      const work = await this.decideStep(kind, d, actorId);
      await this.cases.actWithin(m, id, actorId, decideAction(kind), work, d.decidedAt);
    }
    return id;
  }

  /**
   * A request the earlier system records as refused (不予受理, e.g. out of time): no review case,
   * an event on the contested case's timeline dated at receipt.
   */
  async writeRefusal(
    m: EntityManager,
    input: {
      contestedCaseId: number;
      kind: ReviewKind;
      receivedAt: Date;
      reason: string;
      organ: string;
    },
    actorId: number,
  ): Promise<void> {
    await this.cases.actWithin(
      m,
      input.contestedCaseId,
      actorId,
      'review_chain',
      () => ({
        event: {
          type: 'review_not_accepted',
          data: {
            kind: input.kind,
            receivedAt: input.receivedAt.toISOString(),
            reason: input.reason,
            organ: input.organ,
          },
        },
      }),
      input.receivedAt,
    );
  }

  /** The request as a case change on the contested case; the new case's id once it ran. */
  private async requestStep(
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
      await this.caseReviews.insert(m, {
        caseId: created.id,
        kind,
        originalCaseId: original.id,
        contestedCaseId: c.id,
        receivedAt,
        windowDueAt: due.dueAt,
        late,
        lateJustification: justification,
        requestedBy: actorId,
        hearingStartedAt: null,
        hearingEndedAt: null,
        hearingDays: 0,
        decisionUnitId: null,
        decisionBody: null,
        decision: null,
        decisionReasons: null,
        decidedAt: null,
        decidedBy: null,
        deliveryMethod: null,
        deliveredAt: null,
        createdAt: at,
        updatedAt: at,
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

  private async assertDecisionBody(input: { decisionUnitId?: number; decisionBody?: string }) {
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
  private async decideStep(
    kind: ReviewKind,
    input: Omit<ReviewDecisionInput, 'version'>,
    actorId: number,
  ) {
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

  private hearingStartStep(startedAt: Date, actorId: number) {
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

  private hearingEndStep(endedAt: Date, actorId: number) {
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
  /**
   * An officer settles a registration's final-matter match: confirmed, the new case is refused
   * as 不再受理 citing the re-review that ended the matter; dismissed, the flag is cleared.
   */
  async settleFinalMatch(id: number, input: FinalMatchInput, actor: AuthUser): Promise<CaseEntity> {
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

  /**
   * Request windows that passed without a request stop (a lapsed window is no one's lateness),
   * so they no longer hold the case's nearest due time. Safe to run twice.
   */
  async lapseRequestWindows(limit = 500): Promise<number> {
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

  /**
   * 复查复核 handled in a year (decision delivered in that Shanghai calendar year), by kind,
   * deciding unit or body, and decision: the rows the yearly figures and their breakdowns use.
   */
  async handledInYear(year: number): Promise<HandledReviews[]> {
    const from = new Date(`${year}-01-01T00:00:00+08:00`);
    const to = new Date(`${year + 1}-01-01T00:00:00+08:00`);
    return this.caseReviews.handledBetween(from, to);
  }

  private async beforeHearing(id: number, input: HearingInput, actor: AuthUser) {
    if (input.at.getTime() > this.clock.now().getTime() + FUTURE_TOLERANCE_MS) {
      throw reviewInvalid('HEARING_IN_FUTURE', '听证时间不能晚于当前时间', 'at');
    }
    const r = await this.cases.get(id, actor);
    if (!r.reviewKind) throw notAReviewCase();
    if (r.reviewKind !== 're_review') throw hearingNotAllowed();
    return r;
  }
}
