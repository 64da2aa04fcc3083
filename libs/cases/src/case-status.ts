import { DomainError } from '@app/core';

/**
 * The lifecycle of DESIGN §3, kept as data in one place. `accepted` covers 受理 and handling at
 * the unit (the code's refinement of accepted → in_handling); review and re-review statuses join
 * with the review chain.
 */
export const CASE_STATUSES = [
  'registered',
  'transferred',
  'assigned',
  'referred',
  'not_accepted',
  'objected',
  'accepted',
  'answered',
  'closed',
  'final',
] as const;
export type CaseStatus = (typeof CASE_STATUSES)[number];

export const CASE_STATUS_LABELS: Record<CaseStatus, string> = {
  registered: '已登记',
  transferred: '已转送',
  assigned: '已交办',
  referred: '已移交政法/纪检',
  not_accepted: '不予受理',
  objected: '单位有异议',
  accepted: '已受理办理中',
  answered: '已答复',
  closed: '已办结',
  final: '已终结',
};

export const CASE_ACTIONS = [
  'transfer',
  'assign',
  'refer',
  'not_accept',
  'accept',
  'object',
  'extend',
  'answer',
  'report',
  'close',
  'evaluate',
  'edit',
  'reassign_officer',
  'link_repeat',
  'recompute_clocks',
  'attach',
] as const;
export type CaseAction = (typeof CASE_ACTIONS)[number];

/** Which statuses each action may start from, and where it leads (`same` keeps the status). */
export const TRANSITIONS: Record<
  CaseAction,
  { from: readonly CaseStatus[]; to: CaseStatus | 'same' }
> = {
  transfer: { from: ['registered', 'objected'], to: 'transferred' },
  assign: { from: ['registered', 'objected'], to: 'assigned' },
  refer: { from: ['registered', 'objected'], to: 'referred' },
  not_accept: { from: ['registered', 'objected'], to: 'not_accepted' },
  accept: { from: ['transferred', 'assigned'], to: 'accepted' },
  object: { from: ['transferred', 'assigned'], to: 'objected' },
  extend: { from: ['accepted'], to: 'same' },
  answer: { from: ['accepted'], to: 'answered' },
  report: { from: ['accepted', 'answered'], to: 'same' },
  close: { from: ['answered'], to: 'closed' },
  evaluate: { from: ['answered', 'closed'], to: 'same' },
  edit: { from: ['registered', 'transferred', 'assigned', 'objected', 'accepted'], to: 'same' },
  reassign_officer: {
    from: ['registered', 'transferred', 'assigned', 'objected', 'accepted', 'answered'],
    to: 'same',
  },
  link_repeat: { from: CASE_STATUSES, to: 'same' },
  recompute_clocks: { from: CASE_STATUSES, to: 'same' },
  attach: { from: CASE_STATUSES, to: 'same' },
};

/** The status an action leads to from `current`, or a 409 naming the current status. */
export function nextStatus(current: CaseStatus, action: CaseAction): CaseStatus {
  const rule = TRANSITIONS[action];
  if (!rule.from.includes(current)) {
    throw new DomainError(
      'conflict',
      `INVALID_TRANSITION_FROM_${current.toUpperCase()}`,
      `信访件当前状态为「${CASE_STATUS_LABELS[current]}」，不能执行此操作`,
      { status: current, action, allowedFrom: rule.from },
    );
  }
  return rule.to === 'same' ? current : rule.to;
}

/** Statuses in which a case is still open (not yet closed or ended). */
export const OPEN_STATUSES: readonly CaseStatus[] = [
  'registered',
  'transferred',
  'assigned',
  'objected',
  'accepted',
  'answered',
];
