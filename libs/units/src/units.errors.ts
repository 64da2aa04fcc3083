import { errorFactory } from '@app/core';

/** Every code this lib raises: a new one is declared here, once. */
export const UNIT_ERROR_CODES = [
  'UNIT_CODE_TAKEN',
  'UNIT_NAME_TAKEN',
  'UNIT_NOT_FOUND',
  'UNIT_INACTIVE',
] as const;
export type UnitErrorCode = (typeof UNIT_ERROR_CODES)[number];
const unitError = errorFactory<UnitErrorCode>();

export const unitCodeTaken = (code: string) =>
  unitError('conflict', 'UNIT_CODE_TAKEN', `单位编码 ${code} 已存在`, { code });
export const unitNameTaken = (name: string) =>
  unitError('conflict', 'UNIT_NAME_TAKEN', `单位名称 ${name} 已存在`, { name });
export const unitNotFound = (id: number) =>
  unitError('not_found', 'UNIT_NOT_FOUND', `单位 ${id} 不存在`, { id });
export const unitInactive = (id: number) =>
  unitError('invalid', 'UNIT_INACTIVE', `单位 ${id} 已停用`, { id });
