import { AUTH_ERROR_CODES, type AuthErrorCode } from '@app/auth';
import { CALENDAR_ERROR_CODES, type CalendarErrorCode } from '@app/calendar';
import { CASE_ERROR_CODES, CASE_TRANSITION_ERROR_CODES, type CaseErrorCode } from '@app/cases';
import { CORE_ERROR_CODES, type CoreErrorCode } from '@app/core';
import { EXCHANGE_ERROR_CODES, type ExchangeErrorCode } from '@app/exchange';
import { KEY_MATTER_ERROR_CODES, type KeyMatterErrorCode } from '@app/key-matters';
import { METRICS_ERROR_CODES, type MetricsErrorCode } from '@app/metrics';
import { NOTICE_ERROR_CODES, type NoticeErrorCode } from '@app/notices';
import { REMINDER_ERROR_CODES, type ReminderErrorCode } from '@app/reminders';
import { REVIEW_ERROR_CODES, type ReviewErrorCode } from '@app/reviews';
import { SELF_EVALUATION_ERROR_CODES, type SelfEvaluationErrorCode } from '@app/self-evaluation';
import {
  LETTER_TRANSITION_ERROR_CODES,
  SUPERVISION_ERROR_CODES,
  type SupervisionErrorCode,
} from '@app/supervision';
import { UNIT_ERROR_CODES, type UnitErrorCode } from '@app/units';
import { API_ERROR_CODES, type ApiErrorCode } from './api.errors';

/** Every `code` an error response of the API can carry. */
export type ErrorCode =
  | CoreErrorCode
  | ApiErrorCode
  | AuthErrorCode
  | CalendarErrorCode
  | CaseErrorCode
  | ExchangeErrorCode
  | KeyMatterErrorCode
  | MetricsErrorCode
  | NoticeErrorCode
  | ReminderErrorCode
  | ReviewErrorCode
  | SelfEvaluationErrorCode
  | SupervisionErrorCode
  | UnitErrorCode;

/**
 * The one list of every error code, each lib's declared list together (a code two libs share, as
 * STALE_VERSION, once), sorted: the OpenAPI document's ErrorResponse.code enum, so the console
 * and the attack suite can list them.
 */
export const ERROR_CODES: readonly ErrorCode[] = [
  ...new Set<ErrorCode>([
    ...CORE_ERROR_CODES,
    ...API_ERROR_CODES,
    ...AUTH_ERROR_CODES,
    ...CALENDAR_ERROR_CODES,
    ...CASE_ERROR_CODES,
    ...CASE_TRANSITION_ERROR_CODES,
    ...EXCHANGE_ERROR_CODES,
    ...KEY_MATTER_ERROR_CODES,
    ...METRICS_ERROR_CODES,
    ...NOTICE_ERROR_CODES,
    ...REMINDER_ERROR_CODES,
    ...REVIEW_ERROR_CODES,
    ...SELF_EVALUATION_ERROR_CODES,
    ...SUPERVISION_ERROR_CODES,
    ...LETTER_TRANSITION_ERROR_CODES,
    ...UNIT_ERROR_CODES,
  ]),
].sort();
