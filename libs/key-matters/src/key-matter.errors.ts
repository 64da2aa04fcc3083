import { errorFactory } from '@app/core';

/** Every code this lib raises: a new one is declared here, once. */
export const KEY_MATTER_ERROR_CODES = [
  'KEY_MATTER_NOT_FOUND',
  'KEY_MATTER_SLOTS_MISSING',
  'KEY_MATTER_CLOSED',
  'MISSION_NOT_FOUND',
  'REPORT_DUE_DATE_REQUIRED',
  'PROGRESS_IN_FUTURE',
  'RESOLVED_IN_FUTURE',
  'OUTCOME_REQUIRED',
  'NOT_ASSIGNED_FROM_ABOVE',
  'MISSION_DATES',
  'MISSION_COUNTS',
] as const;
export type KeyMatterErrorCode = (typeof KEY_MATTER_ERROR_CODES)[number];
const keyMatterError = errorFactory<KeyMatterErrorCode>();

export const keyMatterInvalid = (code: KeyMatterErrorCode, message: string, field?: string) =>
  keyMatterError('invalid', code, message, field ? { field } : undefined);
export const keyMatterNotFound = (id: number) =>
  keyMatterError('not_found', 'KEY_MATTER_NOT_FOUND', `重点信访事项 ${id} 不存在`, { id });
export const keyMatterSlotsMissing = (missing: string[]) =>
  keyMatterError('conflict', 'KEY_MATTER_SLOTS_MISSING', '“五个一”尚未落实完整，不能认定化解', {
    missing,
  });
export const keyMatterClosed = () =>
  keyMatterError('conflict', 'KEY_MATTER_CLOSED', '该重点信访事项已认定，不能再修改');
export const missionNotFound = (id: number) =>
  keyMatterError('not_found', 'MISSION_NOT_FOUND', `劝返任务 ${id} 不存在`, { id });
