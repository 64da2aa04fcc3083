import { DomainError } from '@app/core';

export const unitCodeTaken = (code: string) =>
  new DomainError('conflict', 'UNIT_CODE_TAKEN', `单位编码 ${code} 已存在`, { code });
export const unitNameTaken = (name: string) =>
  new DomainError('conflict', 'UNIT_NAME_TAKEN', `单位名称 ${name} 已存在`, { name });
export const unitNotFound = (id: number) =>
  new DomainError('not_found', 'UNIT_NOT_FOUND', `单位 ${id} 不存在`, { id });
export const unitInactive = (id: number) =>
  new DomainError('invalid', 'UNIT_INACTIVE', `单位 ${id} 已停用`, { id });
