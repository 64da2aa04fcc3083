import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { AuthUser } from '@app/auth';
import type { CaseEntity } from '@app/cases';
import type { HandledReviews } from './case-reviews.repository';
import { FinalMatchService, type FinalMatchInput } from './final-match.service';
import { HearingService, type HearingInput } from './hearing.service';
import { RequestWindowsService } from './request-windows.service';
import { ReviewDecisionService, type ReviewDecisionInput } from './review-decision.service';
import {
  ReviewHistoryService,
  type ReviewHistoryInput,
  type ReviewRefusalInput,
} from './review-history.service';
import { ReviewQueriesService } from './review-queries.service';
import { ReviewRequestService, type ReviewRequestInput } from './review-request.service';

/**
 * 复查 / 复核 (信访工作条例 arts. 35–36): a petitioner who disagrees with a written answer asks for
 * a review within 30 days of its delivery, and with the review decision for a re-review within
 * 30 days of that. Each is its own linked case with its own number, decision clock and timeline;
 * the original case's timeline records every step. After the re-review the matter is final.
 *
 * The lib's one entry point; each use case lives in its own service, named in the folder.
 */
@Injectable()
export class ReviewsService {
  constructor(
    private readonly requests: ReviewRequestService,
    private readonly decisions: ReviewDecisionService,
    private readonly hearings: HearingService,
    private readonly finalMatches: FinalMatchService,
    private readonly windows: RequestWindowsService,
    private readonly history: ReviewHistoryService,
    private readonly queries: ReviewQueriesService,
  ) {}

  /** A review (复查) or re-review (复核) request; returns the review case's id. */
  request(contestedId: number, input: ReviewRequestInput, actor: AuthUser): Promise<number> {
    return this.requests.request(contestedId, input, actor);
  }

  /** The review body's decision and its delivery. */
  decide(id: number, input: ReviewDecisionInput, actor: AuthUser): Promise<CaseEntity> {
    return this.decisions.decide(id, input, actor);
  }

  /** 听证 starts (复核 only). */
  startHearing(id: number, input: HearingInput, actor: AuthUser): Promise<CaseEntity> {
    return this.hearings.start(id, input, actor);
  }

  /** 听证 ends; its days are excluded from the re-review decision clock. */
  endHearing(id: number, input: HearingInput, actor: AuthUser): Promise<CaseEntity> {
    return this.hearings.end(id, input, actor);
  }

  /** A registration's final-matter match confirmed (不再受理) or dismissed. */
  settleFinalMatch(id: number, input: FinalMatchInput, actor: AuthUser): Promise<CaseEntity> {
    return this.finalMatches.settle(id, input, actor);
  }

  /** Request windows that passed without a request lapse, `batchSize` at a time; returns how many. */
  lapseRequestWindows(batchSize?: number): Promise<number> {
    return this.windows.lapse(batchSize);
  }

  /** The reviews handled in a year, by kind, deciding unit or body, and decision. */
  handledInYear(year: number): Promise<HandledReviews[]> {
    return this.queries.handledInYear(year);
  }

  /** A review from earlier records, inside the caller's transaction; returns its case's id. */
  writeHistory(m: EntityManager, input: ReviewHistoryInput, actorId: number): Promise<number> {
    return this.history.write(m, input, actorId);
  }

  /** A request the earlier records show as refused (不予受理). */
  writeRefusal(m: EntityManager, input: ReviewRefusalInput, actorId: number): Promise<void> {
    return this.history.writeRefusal(m, input, actorId);
  }
}
