import { errorFactory } from '@app/core';
import { REVIEW_KIND_LABELS, type ReviewKind } from '@app/cases';

/** Every code this lib raises: a new one is declared here, once. */
export const REVIEW_ERROR_CODES = [
  'MATTER_FINAL',
  'REVIEW_ALREADY_REQUESTED',
  'REVIEW_WINDOW_PASSED',
  'NOT_A_REVIEW_CASE',
  'HEARING_NOT_ALLOWED',
  'HEARING_ALREADY_STARTED',
  'HEARING_NOT_STARTED',
  'HEARING_IN_PROGRESS',
  'NO_FINAL_MATCH',
  'RECEIVED_IN_FUTURE',
  'DELIVERED_IN_FUTURE',
  'LEVEL_MISMATCH',
  'ANSWER_NOT_DELIVERED',
  'RECEIVED_BEFORE_DELIVERY',
  'LATE_JUSTIFICATION_NOT_NEEDED',
  'DECISION_BODY_REQUIRED',
  'DECISION_UNIT_INVALID',
  'DELIVERED_BEFORE_REQUEST',
  'HEARING_BEFORE_REQUEST',
  'HEARING_ENDS_BEFORE_START',
  'NOTE_REQUIRED',
  'HEARING_IN_FUTURE',
] as const;
export type ReviewErrorCode = (typeof REVIEW_ERROR_CODES)[number];
const reviewError = errorFactory<ReviewErrorCode>();

export const reviewInvalid = (code: ReviewErrorCode, message: string, field?: string) =>
  reviewError('invalid', code, message, field ? { field } : undefined);
export const matterFinal = (caseNo: string) =>
  reviewError(
    'conflict',
    'MATTER_FINAL',
    `该信访事项已经复核终结（${caseNo}），不能再申请复查或复核`,
    { caseNo },
  );
export const reviewAlreadyRequested = (kind: ReviewKind) =>
  reviewError(
    'conflict',
    'REVIEW_ALREADY_REQUESTED',
    `该信访事项已申请${REVIEW_KIND_LABELS[kind]}，不能重复申请`,
    { kind },
  );
export const reviewWindowPassed = (kind: ReviewKind, dueDate: string, receivedAt: Date) =>
  reviewError(
    'conflict',
    'REVIEW_WINDOW_PASSED',
    `${REVIEW_KIND_LABELS[kind]}申请已超过期限（收到书面答复之日起 30 日，截至 ${dueDate}），不予受理；` +
      '如有正当理由，由承办人员记录理由（lateJustification）后受理',
    { kind, windowDueDate: dueDate, receivedAt: receivedAt.toISOString() },
  );
export const notAReviewCase = () =>
  reviewError('conflict', 'NOT_A_REVIEW_CASE', '该信访件不是复查或复核件');
export const hearingNotAllowed = () =>
  reviewError('conflict', 'HEARING_NOT_ALLOWED', '只有复核件可以举行听证');
export const hearingAlreadyStarted = () =>
  reviewError('conflict', 'HEARING_ALREADY_STARTED', '该复核件已记录听证');
export const hearingNotStarted = () =>
  reviewError('conflict', 'HEARING_NOT_STARTED', '该复核件没有进行中的听证');
export const hearingInProgress = () =>
  reviewError('conflict', 'HEARING_IN_PROGRESS', '听证尚未结束，不能作出复核意见');
export const noFinalMatch = () =>
  reviewError('conflict', 'NO_FINAL_MATCH', '该信访件没有待确认的已终结事项匹配');
