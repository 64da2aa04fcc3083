import { DomainError, type FieldError } from '.';

export const validationFailed = (fields: FieldError[]) =>
  new DomainError('invalid', 'VALIDATION_FAILED', '请求参数校验失败', fields);

export const notFound = (what: string, id: string | number) =>
  new DomainError('not_found', 'NOT_FOUND', `${what}不存在`, { id });

export const staleVersion = (what: string, id: string | number) =>
  new DomainError('conflict', 'STALE_VERSION', `${what}已被他人修改，请刷新后重试`, { id });
