import { errorFactory } from '@app/core';

/** Every code this lib raises: a new one is declared here, once. */
export const SELF_EVALUATION_ERROR_CODES = [
  'SELF_EVALUATION_NOT_FOUND',
  'SELF_EVALUATION_EXISTS',
  'UNKNOWN_METRIC',
  'UNKNOWN_PLACEHOLDER',
  'STALE_VERSION',
] as const;
export type SelfEvaluationErrorCode = (typeof SELF_EVALUATION_ERROR_CODES)[number];
const selfEvaluationError = errorFactory<SelfEvaluationErrorCode>();

export const selfEvaluationNotFound = (year: number) =>
  selfEvaluationError(
    'not_found',
    'SELF_EVALUATION_NOT_FOUND',
    `${year} 年度绩效自评尚未建立（先 POST 建立，将沿用上一年度的内容）`,
    { year },
  );
export const selfEvaluationExists = (year: number) =>
  selfEvaluationError('conflict', 'SELF_EVALUATION_EXISTS', `${year} 年度绩效自评已建立`, { year });
export const staleSelfEvaluation = (year: number) =>
  selfEvaluationError('conflict', 'STALE_VERSION', '该年度绩效自评已被他人修改，请刷新后重试', {
    year,
  });
export const selfEvaluationInvalid = (
  code: SelfEvaluationErrorCode,
  message: string,
  details?: unknown,
) => selfEvaluationError('invalid', code, message, details);
