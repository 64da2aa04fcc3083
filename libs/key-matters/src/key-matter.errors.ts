import { DomainError } from '@app/core';

export const keyMatterInvalid = (code: string, message: string, field?: string) =>
  new DomainError('invalid', code, message, field ? { field } : undefined);
export const keyMatterNotFound = (id: number) =>
  new DomainError('not_found', 'KEY_MATTER_NOT_FOUND', `重点信访事项 ${id} 不存在`, { id });
export const keyMatterSlotsMissing = (missing: string[]) =>
  new DomainError('conflict', 'KEY_MATTER_SLOTS_MISSING', '“五个一”尚未落实完整，不能认定化解', {
    missing,
  });
export const keyMatterClosed = () =>
  new DomainError('conflict', 'KEY_MATTER_CLOSED', '该重点信访事项已认定，不能再修改');
export const missionNotFound = (id: number) =>
  new DomainError('not_found', 'MISSION_NOT_FOUND', `劝返任务 ${id} 不存在`, { id });
