import { errorFactory, type FieldError } from '.';

/** The codes core and every lib may raise (the request checks, a missing row, a lost race). */
export const CORE_ERROR_CODES = ['VALIDATION_FAILED', 'NOT_FOUND', 'STALE_VERSION'] as const;
export type CoreErrorCode = (typeof CORE_ERROR_CODES)[number];
const coreError = errorFactory<CoreErrorCode>();

export const validationFailed = (fields: FieldError[]) =>
  coreError('invalid', 'VALIDATION_FAILED', '请求参数校验失败', fields);

export const notFound = (what: string, id: string | number) =>
  coreError('not_found', 'NOT_FOUND', `${what}不存在`, { id });

export const staleVersion = (what: string, id: string | number) =>
  coreError('conflict', 'STALE_VERSION', `${what}已被他人修改，请刷新后重试`, { id });
