import { DomainError } from '@app/core';

export const selfEvaluationNotFound = (year: number) =>
  new DomainError(
    'not_found',
    'SELF_EVALUATION_NOT_FOUND',
    `${year} 年度绩效自评尚未建立（先 POST 建立，将沿用上一年度的内容）`,
    { year },
  );
export const selfEvaluationExists = (year: number) =>
  new DomainError('conflict', 'SELF_EVALUATION_EXISTS', `${year} 年度绩效自评已建立`, { year });
export const staleSelfEvaluation = (year: number) =>
  new DomainError('conflict', 'STALE_VERSION', '该年度绩效自评已被他人修改，请刷新后重试', {
    year,
  });
export const selfEvaluationInvalid = (code: string, message: string, details?: unknown) =>
  new DomainError('invalid', code, message, details);
