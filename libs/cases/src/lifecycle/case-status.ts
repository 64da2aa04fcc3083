import { transitionErrorCodes } from '@app/core';
import { invalidCaseTransition } from '../cases.errors';

/**
 * The lifecycle of DESIGN §3, kept as data in one place. `accepted` covers 受理 and handling at
 * the unit (the code's refinement of accepted → in_handling). A review (复查) or re-review (复核)
 * is its own linked case: `under_review` until its decision is delivered, then `review_decided`;
 * a re-review decision makes the whole matter (original, review, re-review) `final`.
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
  'under_review',
  'review_decided',
] as const;
export type CaseStatus = (typeof CASE_STATUSES)[number];

/** The 409 codes of an action a status does not allow: INVALID_TRANSITION_FROM_<STATUS>. */
export const CASE_TRANSITION_ERROR_CODES = transitionErrorCodes(CASE_STATUSES);

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
  under_review: '复查/复核办理中',
  review_decided: '已作出复查/复核意见',
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
  'request_review',
  'review_chain',
  'decide_review',
  'decide_re_review',
  'finalize',
  'hearing',
  'lapse_window',
  'not_reaccept',
  'dismiss_final_match',
  'reveal_delivery_contact',
  'correct_upper_office',
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
  // The review chain. A request is made on the case whose answer is contested: the original
  // (复查) or the review case once its decision is delivered (复核).
  request_review: { from: ['answered', 'closed', 'review_decided'], to: 'same' },
  // The chain's events recorded on the original case's own timeline.
  review_chain: { from: ['answered', 'closed', 'review_decided'], to: 'same' },
  decide_review: { from: ['under_review'], to: 'review_decided' },
  // 信访工作条例 art. 35: after the re-review the matter is not accepted again.
  decide_re_review: { from: ['under_review'], to: 'final' },
  finalize: { from: ['answered', 'closed', 'review_decided'], to: 'final' },
  hearing: { from: ['under_review'], to: 'same' },
  lapse_window: { from: ['answered', 'closed', 'review_decided'], to: 'same' },
  // 不再受理: a new case on a matter already final, once an officer confirms the match.
  not_reaccept: { from: ['registered', 'objected'], to: 'not_accepted' },
  dismiss_final_match: {
    from: ['registered', 'transferred', 'assigned', 'objected', 'accepted', 'answered', 'closed'],
    to: 'same',
  },
  // The unit that must deliver the 处理意见书: from 受理 until the answer (which records delivery).
  reveal_delivery_contact: { from: ['accepted'], to: 'same' },
  // The upper office's number and deadline are facts of record: correctable in any status.
  correct_upper_office: { from: CASE_STATUSES, to: 'same' },
};

/** The status an action leads to from `current`, or a 409 naming the current status. */
export function nextStatus(current: CaseStatus, action: CaseAction): CaseStatus {
  const rule = TRANSITIONS[action];
  if (!rule.from.includes(current)) {
    throw invalidCaseTransition(current, CASE_STATUS_LABELS[current], action, rule.from);
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
  'under_review',
];
