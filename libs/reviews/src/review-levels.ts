/** The two levels of the chain, 复查 (review) and 复核 (re-review): their clocks and actions. */
import type { ClockKind } from '@app/calendar';
import type { WorkNotice, WorkNoticeKind } from '@app/core';
import { noticeCase, type CaseEntity, type ReviewKind } from '@app/cases';
import { matterFinal, reviewInvalid, type ReviewErrorCode } from './review.errors';

const FUTURE_TOLERANCE_MS = 5 * 60_000;

/** The clock of the window for requesting this level (30 days from the contested answer). */
export const windowKind = (kind: ReviewKind): ClockKind =>
  kind === 'review' ? 'review_request_window' : 're_review_request_window';

/** The clock of the review body's decision (30 days from the request). */
export const decisionKind = (kind: ReviewKind): ClockKind =>
  kind === 'review' ? 'review_decision' : 're_review_decision';

export const decideAction = (kind: ReviewKind) =>
  kind === 'review' ? ('decide_review' as const) : ('decide_re_review' as const);

/** What a request against this case is: 复查 of an original, 复核 of a review; none after that. */
export function kindAgainst(contested: CaseEntity): ReviewKind {
  if (contested.status === 'final' || contested.reviewKind === 're_review') {
    throw matterFinal(contested.caseNo);
  }
  return contested.reviewKind === 'review' ? 're_review' : 'review';
}

/** A time an officer records may not lie ahead of now (a few minutes' clock skew aside). */
export function assertNotInFuture(
  at: Date,
  now: Date,
  error: { code: ReviewErrorCode; message: string; field: string },
): void {
  if (at.getTime() > now.getTime() + FUTURE_TOLERANCE_MS) {
    throw reviewInvalid(error.code, error.message, error.field);
  }
}

export const REVIEW_LEVEL_LABELS: Record<ReviewKind, string> = {
  review: '复查',
  re_review: '复核',
};

/**
 * The unit that handled the original case is told that it is taken to review, or that the review
 * was decided (DESIGN §4); a case no unit handled tells no one.
 */
export function reviewNotices(
  kind: WorkNoticeKind,
  level: ReviewKind,
  original: CaseEntity,
  details: Record<string, string | number | null>,
): WorkNotice[] {
  if (original.responsibleUnitId === null) return [];
  return [
    {
      kind,
      unitId: original.responsibleUnitId,
      case: noticeCase(original),
      details: { level: REVIEW_LEVEL_LABELS[level], ...details },
    },
  ];
}
