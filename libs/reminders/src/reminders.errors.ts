import { errorFactory } from '@app/core';

/** Every code this lib raises: a new one is declared here, once. */
export const REMINDER_ERROR_CODES = [
  'REMINDER_RULE_NOT_FOUND',
  'REMINDER_RULE_INVALID',
  'NOTIFICATION_NOT_FOUND',
  'WEBHOOK_NOT_FOUND',
  'WEBHOOK_INVALID',
  'DEAD_LETTER_NOT_FOUND',
] as const;
export type ReminderErrorCode = (typeof REMINDER_ERROR_CODES)[number];
const reminderError = errorFactory<ReminderErrorCode>();

export const reminderRuleNotFound = (kind: string, stage: string) =>
  reminderError('not_found', 'REMINDER_RULE_NOT_FOUND', `提醒规则 ${kind}/${stage} 不存在`, {
    kind,
    stage,
  });
export const reminderRuleInvalid = (field: string, message: string) =>
  reminderError('invalid', 'REMINDER_RULE_INVALID', message, { field });
export const notificationNotFound = (id: number) =>
  reminderError('not_found', 'NOTIFICATION_NOT_FOUND', `消息 ${id} 不存在`, { id });
export const webhookNotFound = (id: number) =>
  reminderError('not_found', 'WEBHOOK_NOT_FOUND', `推送地址 ${id} 不存在`, { id });
export const webhookInvalid = (field: string, message: string) =>
  reminderError('invalid', 'WEBHOOK_INVALID', message, { field });
export const deadLetterNotFound = (id: number) =>
  reminderError('not_found', 'DEAD_LETTER_NOT_FOUND', `投递失败记录 ${id} 不存在`, { id });
