import { createHash } from 'node:crypto';
import { isLocalDate, isWeekend, yearOf } from './local-date';
import { type CalendarException, DAY_KINDS } from './working-calendar';

export const CALENDAR_NAME_MAX = 50;

/** Years a calendar can be loaded for (calendar_versions.year is a SMALLINT UNSIGNED). */
export const CALENDAR_YEAR_MIN = 2000;
export const CALENDAR_YEAR_MAX = 2100;

export type CalendarProblemReason =
  | 'invalid_date'
  | 'outside_year'
  | 'duplicate'
  | 'invalid_kind'
  | 'invalid_name'
  | 'workday_not_weekend';

export interface CalendarProblem {
  date: string;
  reason: CalendarProblemReason;
}

/** The title of the State Council notice for a year, the source of its official calendar. */
export const officialNoticeSource = (year: number) =>
  `国务院办公厅关于${year}年部分节假日安排的通知`;

/**
 * What is wrong with a year's exception days, one entry per bad day and reason. A holiday may fall
 * on a weekend (the notices list whole spans), but a 调休 workday must be a Saturday or Sunday made
 * working: a weekday is working anyway, so listing it means a typo.
 */
export function validateYearDays(
  year: number,
  days: readonly CalendarException[],
): CalendarProblem[] {
  const problems: CalendarProblem[] = [];
  const seen = new Set<string>();
  for (const d of days) {
    const date = String(d.date);
    if (!isLocalDate(date)) {
      problems.push({ date, reason: 'invalid_date' });
      continue;
    }
    if (yearOf(date) !== year) problems.push({ date, reason: 'outside_year' });
    if (seen.has(date)) problems.push({ date, reason: 'duplicate' });
    seen.add(date);
    if (!(DAY_KINDS as readonly string[]).includes(d.kind)) {
      problems.push({ date, reason: 'invalid_kind' });
    } else if (d.kind === 'workday' && !isWeekend(date)) {
      problems.push({ date, reason: 'workday_not_weekend' });
    }
    if (typeof d.name !== 'string' || !d.name.trim() || d.name.length > CALENDAR_NAME_MAX) {
      problems.push({ date, reason: 'invalid_name' });
    }
  }
  return problems;
}

/** SHA-256 of the day list sorted by date, one `date kind name` line each: what was loaded. */
export function calendarChecksum(days: readonly CalendarException[]): string {
  const lines = days
    .map((d) => `${d.date} ${d.kind} ${d.name}`)
    .sort()
    .join('\n');
  return createHash('sha256').update(lines, 'utf8').digest('hex');
}
