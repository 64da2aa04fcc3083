import { addDays, endOfShanghaiDay, type LocalDate, shanghaiDate, yearOf } from './local-date';
import type { WorkingCalendar } from './working-calendar';

export const CLOCK_KINDS = [
  'triage',
  'acceptance_notice',
  'objection_window',
  'handling',
  'assignment_report',
  'review_request_window',
  'review_decision',
  're_review_request_window',
  're_review_decision',
  'supervision_reply',
  'evaluation_window',
] as const;
export type ClockKind = (typeof CLOCK_KINDS)[number];

export const DEADLINE_UNITS = ['calendar_days', 'working_days'] as const;
export type DeadlineUnit = (typeof DEADLINE_UNITS)[number];

export interface DeadlineRule {
  kind: ClockKind;
  length: number;
  unit: DeadlineUnit;
  /** A last day that falls on a day off moves to the next working day. */
  rollOverHoliday: boolean;
}

export interface DueDate {
  /** The last day of the period (Shanghai). */
  dueDate: LocalDate;
  /** 24:00 Shanghai of `dueDate`. */
  dueAt: Date;
  /**
   * Counted over a year whose holiday notice is not loaded (暂定): weekends only there, so the
   * date may move when that year is loaded. Never for a plain calendar-day period, which no
   * calendar moves.
   */
  provisional: boolean;
}

/** Rule lengths an administrator may set, in days. */
export const RULE_LENGTH_MIN = 1;
export const RULE_LENGTH_MAX = 365;

/**
 * The last day of a period that starts at `start` (an instant, counted from its Shanghai date).
 * 信访工作条例 periods run "自…之日起": the start day is not counted, and a period ends at 24:00
 * of its last day (DESIGN §3).
 * - calendar_days: last day = start date + length + pausedDays; with rollOverHoliday, a last day
 *   off moves to the next working day.
 * - working_days: the length-th working day after the start date; pausedDays (hearing time) are
 *   then added as calendar days and the result moved to a working day, so it always ends on one.
 */
export function computeDue(
  start: Date,
  rule: Pick<DeadlineRule, 'length' | 'unit' | 'rollOverHoliday'>,
  calendar: WorkingCalendar,
  pausedDays = 0,
): DueDate {
  if (!Number.isInteger(rule.length) || rule.length < 0) {
    throw new RangeError(`Not a deadline length: ${rule.length}`);
  }
  if (!Number.isInteger(pausedDays) || pausedDays < 0) {
    throw new RangeError(`Not a paused-days count: ${pausedDays}`);
  }
  const startDate = shanghaiDate(start);
  let dueDate: LocalDate;
  // The first day the calendar decides anything about: every counted day, or the last day only.
  let countedFrom: LocalDate | null;
  if (rule.unit === 'working_days') {
    countedFrom = addDays(startDate, 1);
    dueDate = addDays(calendar.addWorkingDays(startDate, rule.length), pausedDays);
    if (!calendar.isWorkingDay(dueDate)) dueDate = calendar.nextWorkingDay(dueDate);
  } else {
    dueDate = addDays(startDate, rule.length + pausedDays);
    countedFrom = rule.rollOverHoliday ? dueDate : null;
    if (rule.rollOverHoliday && !calendar.isWorkingDay(dueDate)) {
      dueDate = calendar.nextWorkingDay(dueDate);
    }
  }
  const provisional = countedFrom !== null && !coversSpan(calendar, countedFrom, dueDate);
  return { dueDate, dueAt: endOfShanghaiDay(dueDate), provisional };
}

/** Whether every year from `from` to `to` has its holiday notice loaded. */
function coversSpan(calendar: WorkingCalendar, from: LocalDate, to: LocalDate): boolean {
  for (let year = yearOf(from); year <= yearOf(to); year++) {
    if (!calendar.coversYear(year)) return false;
  }
  return true;
}

const rule = (
  kind: ClockKind,
  length: number,
  unit: DeadlineUnit,
  rollOverHoliday = false,
): DeadlineRule => ({ kind, length, unit, rollOverHoliday });

/**
 * The defaults of DESIGN §3, from the 信访工作条例 (2022). The deadline_rules table holds the
 * values in force; these seed it and document where each number comes from.
 */
export const DEFAULT_RULES: Record<ClockKind, DeadlineRule> = {
  // 信访工作条例: 信访部门收到信访事项 15 日内 转送、交办或告知
  triage: rule('triage', 15, 'calendar_days'),
  // 信访工作条例: 自收到之日起 15 日内 书面告知是否受理
  acceptance_notice: rule('acceptance_notice', 15, 'calendar_days'),
  // 认为不属于本单位职权范围的，收到后 5 个工作日内 提出异议 (working days, DESIGN §3)
  objection_window: rule('objection_window', 5, 'working_days'),
  // 信访工作条例: 自受理之日起 60 日内 办结; one extension of at most 30 days is separate.
  // Legal deadlines ending on a day off roll to the next working day.
  handling: rule('handling', 60, 'calendar_days', true),
  // 交办: set per assignment; this is only the fallback
  assignment_report: rule('assignment_report', 15, 'calendar_days'),
  // 信访工作条例: 自收到书面答复之日起 30 日内 请求复查
  review_request_window: rule('review_request_window', 30, 'calendar_days'),
  // 信访工作条例: 自收到复查请求之日起 30 日内 提出复查意见
  review_decision: rule('review_decision', 30, 'calendar_days', true),
  // 信访工作条例: 自收到书面答复之日起 30 日内 请求复核
  re_review_request_window: rule('re_review_request_window', 30, 'calendar_days'),
  // 信访工作条例: 自收到复核请求之日起 30 日内 提出复核意见; 听证所需时间不计算在内
  // (passed to computeDue as pausedDays)
  re_review_decision: rule('re_review_decision', 30, 'calendar_days', true),
  // 督办函: set per letter, default 15 working days
  supervision_reply: rule('supervision_reply', 15, 'working_days'),
  // 满意度评价: configurable, default 30
  evaluation_window: rule('evaluation_window', 30, 'calendar_days'),
};
