import { DomainError } from '@app/core';

export const letterNotFound = (id: number) =>
  new DomainError('not_found', 'LETTER_NOT_FOUND', `督办函 ${id} 不存在`, { id });
export const letterOutOfScope = () =>
  new DomainError('forbidden', 'LETTER_OUT_OF_SCOPE', '该督办函不是发给本单位的');
export const letterInvalid = (
  code: string,
  message: string,
  field?: string,
  extra?: Record<string, unknown>,
) => new DomainError('invalid', code, message, field || extra ? { field, ...extra } : undefined);
