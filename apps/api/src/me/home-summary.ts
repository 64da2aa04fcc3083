import type { Role } from '@app/auth';
import { addDays, endOfShanghaiDay, shanghaiDate } from '@app/calendar';
import { TRANSITIONS, type CaseFilter, type CaseStatus } from '@app/cases';
import type { LetterStatus } from '@app/supervision';

/** The case-list filter a home item links to, as the list's query takes it. */
export interface SummaryCaseFilter {
  status?: CaseStatus[];
  unitId?: number;
  overdue?: boolean;
  dueWithinDays?: number;
  registeredFrom?: string;
  awaitingEvaluation?: boolean;
  finalMatch?: boolean;
  unassigned?: boolean;
}

/** The supervision-letter-list filter a home item links to. */
export interface SummaryLetterFilter {
  status?: LetterStatus[];
  unitId?: number;
  overdue?: boolean;
}

export const SUMMARY_KEYS = [
  'registered_today',
  'awaiting_evaluation',
  'to_route',
  'unassigned',
  'to_close',
  'final_match',
  'to_accept',
  'in_handling',
  'due_soon',
  'overdue',
  'letters_to_sign',
  'letters_to_reply',
  'letters_replied',
  'letters_overdue',
  'registered_this_year',
] as const;
export type SummaryKey = (typeof SUMMARY_KEYS)[number];

export type SummaryItemSpec =
  | { key: SummaryKey; label: string; urgent?: boolean; list: 'cases'; cases: SummaryCaseFilter }
  | {
      key: SummaryKey;
      label: string;
      urgent?: boolean;
      list: 'supervision_letters';
      letters: SummaryLetterFilter;
    };

/** Days ahead that count as "due soon" on the home page. */
export const DUE_SOON_DAYS = 3;

/**
 * What waits for each role, each item a list filter (the count is that list's count, and the
 * console opens the list with the same filter). Unit handlers' items are their unit's cases now.
 */
export function summaryItems(
  user: { role: Role; unitId: number | null },
  now: Date,
): SummaryItemSpec[] {
  const today = shanghaiDate(now);
  const startOfToday = endOfShanghaiDay(addDays(today, -1)).toISOString();
  const startOfYear = endOfShanghaiDay(addDays(`${today.slice(0, 4)}-01-01`, -1)).toISOString();
  const overdue = (extra: SummaryCaseFilter = {}): SummaryItemSpec => ({
    key: 'overdue',
    label: '已超期',
    urgent: true,
    list: 'cases',
    cases: { overdue: true, ...extra },
  });
  const dueSoon = (extra: SummaryCaseFilter = {}): SummaryItemSpec => ({
    key: 'due_soon',
    label: `${DUE_SOON_DAYS} 日内到期`,
    list: 'cases',
    cases: { dueWithinDays: DUE_SOON_DAYS, ...extra },
  });
  // Open cases with no 承办人 yet (待领取), for an officer to take.
  const unassigned = (): SummaryItemSpec => ({
    key: 'unassigned',
    label: '待领取',
    list: 'cases',
    cases: { unassigned: true, status: [...TRANSITIONS.reassign_officer.from] },
  });
  switch (user.role) {
    case 'reception':
      return [
        {
          key: 'registered_today',
          label: '今日登记',
          list: 'cases',
          cases: { registeredFrom: startOfToday },
        },
        {
          key: 'awaiting_evaluation',
          label: '待录入满意度评价',
          list: 'cases',
          cases: { awaitingEvaluation: true },
        },
      ];
    case 'officer':
      return [
        {
          key: 'to_route',
          label: '待转送交办',
          list: 'cases',
          cases: { status: ['registered', 'objected'] },
        },
        unassigned(),
        { key: 'to_close', label: '已答复待办结', list: 'cases', cases: { status: ['answered'] } },
        {
          key: 'final_match',
          label: '匹配已终结事项待确认',
          list: 'cases',
          cases: { finalMatch: true },
        },
        overdue(),
        dueSoon(),
      ];
    case 'unit_handler': {
      const unitId = user.unitId ?? undefined;
      return [
        {
          key: 'to_accept',
          label: '新到待受理',
          list: 'cases',
          cases: { status: ['transferred', 'assigned'], unitId },
        },
        {
          key: 'in_handling',
          label: '办理中',
          list: 'cases',
          cases: { status: ['accepted'], unitId },
        },
        dueSoon({ unitId }),
        overdue({ unitId }),
        {
          key: 'letters_to_sign',
          label: '督办函待签收',
          list: 'supervision_letters',
          letters: { status: ['issued'], unitId },
        },
        {
          key: 'letters_to_reply',
          label: '督办函待回复',
          list: 'supervision_letters',
          letters: { status: ['received', 'returned'], unitId },
        },
      ];
    }
    case 'supervisor':
      return [
        overdue(),
        dueSoon(),
        // Their reminders come to the supervisors until an officer takes them.
        unassigned(),
        {
          key: 'letters_replied',
          label: '督办函回复待审核',
          list: 'supervision_letters',
          letters: { status: ['replied'] },
        },
        {
          key: 'letters_overdue',
          label: '督办函逾期未回复',
          urgent: true,
          list: 'supervision_letters',
          letters: { overdue: true },
        },
      ];
    case 'leader':
      return [
        overdue(),
        {
          key: 'registered_this_year',
          label: '本年登记',
          list: 'cases',
          cases: { registeredFrom: startOfYear },
        },
        {
          key: 'letters_overdue',
          label: '督办函逾期未回复',
          urgent: true,
          list: 'supervision_letters',
          letters: { overdue: true },
        },
      ];
    case 'admin':
    case 'finance':
      return [];
  }
}

/** The item's case filter as the case list's service takes it. */
export function toCaseFilter(f: SummaryCaseFilter): CaseFilter {
  const { registeredFrom, ...rest } = f;
  return { ...rest, ...(registeredFrom ? { registeredFrom: new Date(registeredFrom) } : {}) };
}
