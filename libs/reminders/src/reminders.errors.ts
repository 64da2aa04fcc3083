import { DomainError } from '@app/core';

export const reminderRuleNotFound = (kind: string, stage: string) =>
  new DomainError('not_found', 'REMINDER_RULE_NOT_FOUND', `提醒规则 ${kind}/${stage} 不存在`, {
    kind,
    stage,
  });
export const reminderRuleInvalid = (field: string, message: string) =>
  new DomainError('invalid', 'REMINDER_RULE_INVALID', message, { field });
export const notificationNotFound = (id: number) =>
  new DomainError('not_found', 'NOTIFICATION_NOT_FOUND', `消息 ${id} 不存在`, { id });
export const webhookNotFound = (id: number) =>
  new DomainError('not_found', 'WEBHOOK_NOT_FOUND', `推送地址 ${id} 不存在`, { id });
export const webhookInvalid = (field: string, message: string) =>
  new DomainError('invalid', 'WEBHOOK_INVALID', message, { field });
export const deadLetterNotFound = (id: number) =>
  new DomainError('not_found', 'DEAD_LETTER_NOT_FOUND', `投递失败记录 ${id} 不存在`, { id });
