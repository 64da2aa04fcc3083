export * from './review.errors';
export * from './reviews.service';
export * from './reviews.module';
export type { HandledReviews } from './case-reviews.repository';
export type { FinalMatchInput } from './final-match.service';
export type { HearingInput } from './hearing.service';
export type { ReviewDecisionInput } from './review-decision.service';
export type { ReviewHistoryInput, ReviewRefusalInput } from './review-history.service';
export type { ReviewRequestInput } from './review-request.service';
