import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import {
  caseNotFound,
  CasesService,
  REVIEW_KIND_LABELS,
  type Channel,
  type ReviewKind,
} from '@app/cases';
import { hearingNotAllowed, reviewInvalid } from './review.errors';
import { decideAction, kindAgainst } from './review-levels';
import { ReviewChainRepository } from './review-chain.repository';
import { HearingService } from './hearing.service';
import { ReviewDecisionService, type ReviewDecisionInput } from './review-decision.service';
import { ReviewRequestService } from './review-request.service';

/** A review or re-review from earlier records (see `ReviewHistoryService.write`). */
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

/** A request the earlier records show as refused (see `ReviewHistoryService.writeRefusal`). */
export interface ReviewRefusalInput {
  contestedCaseId: number;
  kind: ReviewKind;
  receivedAt: Date;
  reason: string;
  organ: string;
}

/** Reviews from a bureau's earlier records (the history import), written as live handling would. */
@Injectable()
export class ReviewHistoryService {
  constructor(
    private readonly cases: CasesService,
    private readonly chainCases: ReviewChainRepository,
    private readonly requests: ReviewRequestService,
    private readonly hearings: HearingService,
    private readonly decisions: ReviewDecisionService,
  ) {}

  /**
   * A review or re-review from a bureau's earlier records, inside the caller's transaction: the
   * same steps as live handling (request, hearing, decision), each dated when it happened, so the
   * review case, its `case_reviews` row, clocks and both timelines read as if recorded live.
   * The live rules apply (window, order, hearing on 复核 only); a breach throws the live error.
   * Returns the review case's id.
   */
  async write(m: EntityManager, input: ReviewHistoryInput, actorId: number): Promise<number> {
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
    const step = await this.requests.requestStep(kind, input, actorId);
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
        this.hearings.startStep(startedAt, actorId),
        startedAt,
      );
      await this.cases.actWithin(
        m,
        id,
        actorId,
        'hearing',
        this.hearings.endStep(endedAt, actorId),
        endedAt,
      );
    }
    if (input.decision) {
      const d = input.decision;
      await this.decisions.assertDecisionBody(d);
      const work = await this.decisions.decideStep(kind, d, actorId);
      await this.cases.actWithin(m, id, actorId, decideAction(kind), work, d.decidedAt);
    }
    return id;
  }

  /**
   * A request the earlier system records as refused (不予受理, e.g. out of time): no review case,
   * an event on the contested case's timeline dated at receipt.
   */
  async writeRefusal(m: EntityManager, input: ReviewRefusalInput, actorId: number): Promise<void> {
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
}
