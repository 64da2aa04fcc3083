import { errorFactory, invalidTransition, type TransitionErrorCode } from '@app/core';
import type { LetterAction, LetterStatus } from './supervision-vocabulary';

/** Every code this lib raises: a new one is declared here, once. */
export const SUPERVISION_ERROR_CODES = [
  'LETTER_NOT_FOUND',
  'LETTER_OUT_OF_SCOPE',
  'UNIT_NOT_SUPERVISABLE',
  'CONFIDENTIAL_CASE_ALONE',
  'CASE_NOT_AT_UNIT',
  'REPLY_DUE_PAST',
  'CASE_ID_INVALID',
] as const;
/** With the 409 of an action the letter's status does not allow (LETTER_TRANSITION_ERROR_CODES). */
export type SupervisionErrorCode =
  (typeof SUPERVISION_ERROR_CODES)[number] | TransitionErrorCode<LetterStatus>;
const supervisionError = errorFactory<SupervisionErrorCode>();

export const letterNotFound = (id: number) =>
  supervisionError('not_found', 'LETTER_NOT_FOUND', `督办函 ${id} 不存在`, { id });
export const letterOutOfScope = () =>
  supervisionError('forbidden', 'LETTER_OUT_OF_SCOPE', '该督办函不是发给本单位的');
export const letterInvalid = (
  code: SupervisionErrorCode,
  message: string,
  field?: string,
  extra?: Record<string, unknown>,
) => supervisionError('invalid', code, message, field || extra ? { field, ...extra } : undefined);
export const invalidLetterTransition = (
  current: LetterStatus,
  label: string,
  action: LetterAction,
  allowedFrom: readonly LetterStatus[],
) => invalidTransition('督办函', { current, label, action, allowedFrom });
