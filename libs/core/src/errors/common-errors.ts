import type { ValidationError } from 'class-validator';
import { DomainError, type FieldError } from '.';

/** Flattens class-validator's nested errors into one entry per bad field (dotted paths). */
export function flattenValidationErrors(errors: ValidationError[], parent = ''): FieldError[] {
  const out: FieldError[] = [];
  for (const e of errors) {
    const field = parent ? `${parent}.${e.property}` : e.property;
    if (e.constraints) out.push({ field, messages: Object.values(e.constraints) });
    if (e.children?.length) out.push(...flattenValidationErrors(e.children, field));
  }
  return out;
}

export const validationFailed = (fields: FieldError[]) =>
  new DomainError('invalid', 'VALIDATION_FAILED', '请求参数校验失败', fields);

export const notFound = (what: string, id: string | number) =>
  new DomainError('not_found', 'NOT_FOUND', `${what}不存在`, { id });

export const staleVersion = (what: string, id: string | number) =>
  new DomainError('conflict', 'STALE_VERSION', `${what}已被他人修改，请刷新后重试`, { id });
