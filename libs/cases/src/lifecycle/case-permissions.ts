import type { AuthUser, Role } from '@app/auth';
import type { CaseEntity } from '../case.entity';
import type { CaseHopEntity } from '../case-hop.entity';
import type { CaseReviewEntity } from '../case-review.entity';
import type { ClockEntity } from '@app/deadlines';
import { TRANSITIONS, type CaseAction } from './case-status';
import { confidentialAccusation } from '../queries/case-visibility';

/**
 * What a user can do to a case, as the console offers it: one entry per action endpoint. The
 * endpoints take their roles from this table (`@Roles(...CASE_COMMAND_RULES.x.roles)`), the
 * service checks the same transitions and unit rule, so the list a case detail reports cannot
 * drift from what the endpoints accept.
 */
export const CASE_COMMANDS = [
  'edit',
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
  'reassign_officer',
  'take',
  'link_repeat',
  'attach',
  'reveal',
  'reveal_delivery_contact',
  'receipt',
  'request_review',
  'decide_review',
  'start_hearing',
  'end_hearing',
  'settle_final_match',
  'correct_upper_office',
] as const;
export type CaseCommand = (typeof CASE_COMMANDS)[number];

/** What the rules look at besides the case row: its current hop, clocks and review. */
export interface CaseFacts {
  case: Pick<
    CaseEntity,
    | 'status'
    | 'responsibleUnitId'
    | 'currentHopId'
    | 'extensionUsed'
    | 'evaluation'
    | 'reviewKind'
    | 'reviewStage'
    | 'deliveredAt'
    | 'finalMatchCaseId'
    | 'officerId'
    | 'purpose'
    | 'confidentialAccuser'
    | 'source'
  >;
  hops: Pick<CaseHopEntity, 'id' | 'kind' | 'reportedAt'>[];
  clocks: Pick<ClockEntity, 'kind' | 'status' | 'dueAt'>[];
  review: Pick<CaseReviewEntity, 'hearingStartedAt' | 'hearingEndedAt'> | null;
}

interface CommandRule {
  roles: readonly Role[];
  /** The lifecycle transitions the endpoint runs; any one of them from the current status. */
  transitions: readonly CaseAction[];
  /** A unit handler may act only while the case is at their unit. */
  atUnit?: boolean;
  /** Further conditions the service checks, on data the case detail has. */
  when?: (f: CaseFacts, now: Date) => boolean;
}

const BUREAU = ['reception', 'officer', 'supervisor'] as const;
const ROUTERS = ['officer', 'supervisor'] as const;
const HANDLERS = ['unit_handler', 'officer', 'supervisor'] as const;

const currentHop = (f: CaseFacts) => f.hops.find((h) => h.id === f.case.currentHopId) ?? null;
const runningClock = (f: CaseFacts, kind: string) =>
  f.clocks.find((k) => k.kind === kind && k.status === 'running') ?? null;

/**
 * What a case flagged at registration as matching a final (终结) matter waits for: an officer
 * settles the flag first (confirmed: 不再受理; dismissed: not the same matter), because once it
 * leaves 已登记 the 不再受理 decision can no longer be taken (信访工作条例 art. 35).
 */
export const WAITS_FOR_FINAL_MATCH: readonly CaseAction[] = [
  'transfer',
  'assign',
  'refer',
  'not_accept',
];
const finalMatchSettled = (f: CaseFacts) => f.case.finalMatchCaseId === null;

export const CASE_COMMAND_RULES: Record<CaseCommand, CommandRule> = {
  edit: { roles: BUREAU, transitions: ['edit'] },
  transfer: { roles: ROUTERS, transitions: ['transfer'], when: finalMatchSettled },
  assign: { roles: ROUTERS, transitions: ['assign'], when: finalMatchSettled },
  refer: { roles: ROUTERS, transitions: ['refer'], when: finalMatchSettled },
  not_accept: { roles: ROUTERS, transitions: ['not_accept'], when: finalMatchSettled },
  accept: { roles: HANDLERS, transitions: ['accept'], atUnit: true },
  object: {
    roles: HANDLERS,
    transitions: ['object'],
    atUnit: true,
    // 5 working days from receipt (DESIGN §3).
    when: (f, now) => {
      const window = runningClock(f, 'objection_window');
      return !window || window.dueAt.getTime() > now.getTime();
    },
  },
  // 信访工作条例 art. 34: one extension.
  extend: {
    roles: ['supervisor', 'leader'],
    transitions: ['extend'],
    when: (f) => !f.case.extensionUsed,
  },
  answer: { roles: HANDLERS, transitions: ['answer'], atUnit: true },
  report: {
    roles: HANDLERS,
    transitions: ['report'],
    atUnit: true,
    when: (f) => currentHop(f)?.kind === 'assignment',
  },
  close: {
    roles: ROUTERS,
    transitions: ['close'],
    // An assigned case needs its completion report first.
    when: (f) => {
      const hop = currentHop(f);
      return hop?.kind !== 'assignment' || hop.reportedAt !== null;
    },
  },
  evaluate: {
    roles: BUREAU,
    transitions: ['evaluate'],
    when: (f, now) => {
      const window = runningClock(f, 'evaluation_window');
      return !f.case.evaluation && window !== null && window.dueAt.getTime() > now.getTime();
    },
  },
  reassign_officer: { roles: ROUTERS, transitions: ['reassign_officer'] },
  // 领取: an officer takes a case from the unassigned queue (待领取) and becomes its 承办人.
  take: {
    roles: ROUTERS,
    transitions: ['reassign_officer'],
    when: (f) => f.case.officerId === null,
  },
  link_repeat: { roles: BUREAU, transitions: ['link_repeat'] },
  attach: {
    roles: ['reception', 'officer', 'supervisor', 'unit_handler'],
    transitions: ['attach'],
    atUnit: true,
  },
  reveal: { roles: ['reception', 'officer', 'supervisor', 'leader'], transitions: [] },
  // The handling unit reaches the petitioner to deliver its answer, except the accuser of a
  // 检举控告 case (信访工作条例: never shown to the accused), whose answer the bureau delivers.
  reveal_delivery_contact: {
    roles: ['unit_handler'],
    transitions: ['reveal_delivery_contact'],
    atUnit: true,
    when: (f) => !confidentialAccusation(f.case),
  },
  // The 登记回执 is the bureau's paper: reception and the bureau's staff print it.
  receipt: { roles: ['reception', 'officer', 'supervisor', 'leader'], transitions: [] },
  request_review: {
    roles: ROUTERS,
    transitions: ['request_review'],
    // A 复查 on an original whose answer was delivered, a 复核 on a decided 复查.
    when: (f) =>
      f.case.reviewKind === null
        ? f.case.reviewStage === null && f.case.deliveredAt !== null
        : f.case.reviewKind === 'review',
  },
  decide_review: {
    roles: ROUTERS,
    transitions: ['decide_review', 'decide_re_review'],
    when: (f) => !(f.review?.hearingStartedAt && !f.review.hearingEndedAt),
  },
  start_hearing: {
    roles: ROUTERS,
    transitions: ['hearing'],
    when: (f) => f.case.reviewKind === 're_review' && !f.review?.hearingStartedAt,
  },
  end_hearing: {
    roles: ROUTERS,
    transitions: ['hearing'],
    when: (f) =>
      f.case.reviewKind === 're_review' && !!f.review?.hearingStartedAt && !f.review.hearingEndedAt,
  },
  settle_final_match: {
    roles: ROUTERS,
    transitions: ['not_reaccept', 'dismiss_final_match'],
    when: (f) => f.case.finalMatchCaseId !== null,
  },
  // 更正 the upper office's number or deadline of a handed-down (转送/交办) case.
  correct_upper_office: {
    roles: ROUTERS,
    transitions: ['correct_upper_office'],
    when: (f) => f.case.source !== 'direct',
  },
};

/** The unit rule of the handling actions: a unit handler acts only on a case now at their unit. */
export function actsAtUnit(
  c: Pick<CaseEntity, 'responsibleUnitId'>,
  actor: Pick<AuthUser, 'role' | 'unitId'>,
): boolean {
  return actor.role !== 'unit_handler' || c.responsibleUnitId === actor.unitId;
}

/** The commands this user may run on this case now (the caller has already checked it may see it). */
export function allowedCommands(
  f: CaseFacts,
  actor: Pick<AuthUser, 'role' | 'unitId'>,
  now: Date,
): CaseCommand[] {
  return CASE_COMMANDS.filter((command) => {
    const rule = CASE_COMMAND_RULES[command];
    if (!rule.roles.includes(actor.role)) return false;
    if (
      rule.transitions.length > 0 &&
      !rule.transitions.some((t) => TRANSITIONS[t].from.includes(f.case.status))
    ) {
      return false;
    }
    if (rule.atUnit && !actsAtUnit(f.case, actor)) return false;
    return rule.when ? rule.when(f, now) : true;
  });
}
