import { transitionErrorCodes } from '@app/core';
import { invalidLetterTransition } from './supervision.errors';

export const LETTER_TYPES = ['ordinary', 'on_site', 'listed', 'special'] as const;
export type LetterType = (typeof LETTER_TYPES)[number];
export const LETTER_TYPE_LABELS: Record<LetterType, string> = {
  ordinary: '普通督办',
  on_site: '现场督办',
  listed: '挂牌督办',
  special: '专项督办',
};

export const LETTER_REASONS = [
  'overdue',
  'not_reported',
  'wrong_procedure',
  'stalling',
  'not_executed',
  'other',
] as const;
export type LetterReason = (typeof LETTER_REASONS)[number];
export const LETTER_REASON_LABELS: Record<LetterReason, string> = {
  overdue: '无正当理由超期未办结',
  not_reported: '未按要求报送办理结果',
  wrong_procedure: '办理程序不规范',
  stalling: '推诿敷衍、久拖不决',
  not_executed: '处理意见未落实',
  other: '其他',
};

export const ESCALATIONS = ['summons', 'circular', 'accountability'] as const;
export type Escalation = (typeof ESCALATIONS)[number];
export const ESCALATION_LABELS: Record<Escalation, string> = {
  summons: '约谈',
  circular: '通报',
  accountability: '追责建议',
};

export const LETTER_STATUSES = [
  'issued',
  'received',
  'replied',
  'returned',
  'accepted',
  'voided',
] as const;
export type LetterStatus = (typeof LETTER_STATUSES)[number];

/** The 409 codes of an action a letter's status does not allow: INVALID_TRANSITION_FROM_<STATUS>. */
export const LETTER_TRANSITION_ERROR_CODES = transitionErrorCodes(LETTER_STATUSES);
export const LETTER_STATUS_LABELS: Record<LetterStatus, string> = {
  issued: '已发出',
  received: '已签收',
  replied: '已回复',
  returned: '退回重办',
  accepted: '已办结',
  voided: '已作废',
};

export const LETTER_ACTIONS = [
  'receive',
  'chase',
  'reply',
  'return',
  'accept',
  'escalate',
  'void',
] as const;
export type LetterAction = (typeof LETTER_ACTIONS)[number];

/** The letter lifecycle as data: which statuses each action starts from and where it leads. */
export const LETTER_TRANSITIONS: Record<
  LetterAction,
  { from: readonly LetterStatus[]; to: LetterStatus | 'same' }
> = {
  receive: { from: ['issued'], to: 'received' },
  chase: { from: ['issued', 'received', 'returned'], to: 'same' },
  reply: { from: ['issued', 'received', 'returned'], to: 'replied' },
  return: { from: ['replied'], to: 'returned' },
  accept: { from: ['replied'], to: 'accepted' },
  escalate: { from: ['issued', 'received', 'returned', 'replied'], to: 'same' },
  void: { from: ['issued', 'received', 'returned', 'replied'], to: 'voided' },
};

/** Statuses in which the unit still owes a reply (the letter can be overdue). */
export const AWAITING_REPLY: readonly LetterStatus[] = ['issued', 'received', 'returned'];

export function nextLetterStatus(current: LetterStatus, action: LetterAction): LetterStatus {
  const rule = LETTER_TRANSITIONS[action];
  if (!rule.from.includes(current)) {
    throw invalidLetterTransition(current, LETTER_STATUS_LABELS[current], action, rule.from);
  }
  return rule.to === 'same' ? current : rule.to;
}

export const SOURCE_LEVELS = ['national', 'provincial', 'municipal', 'district'] as const;
export type SourceLevel = (typeof SOURCE_LEVELS)[number];
