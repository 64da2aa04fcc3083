import { createHash } from 'node:crypto';
import { isLocalDate, isWeekend, type LocalDate, yearOf } from './local-date';
import { type CalendarException, DAY_KINDS, type WorkingCalendar } from './working-calendar';

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
 * From this day (MM-DD, Shanghai) the next year's notice is expected loaded: the State Council
 * usually publishes it in November, and clocks started from then on run into the next year.
 */
export const NEXT_YEAR_EXPECTED_FROM = '11-01';

/**
 * The years whose notice should be loaded by `today` and is not: the current year, and from 1
 * November the next one. Clocks counted into them are provisional (weekends only) until loaded.
 */
export function missingCalendarYears(today: LocalDate, calendar: WorkingCalendar): number[] {
  const year = yearOf(today);
  const expected = today.slice(5) >= NEXT_YEAR_EXPECTED_FROM ? [year, year + 1] : [year];
  return expected.filter((y) => !calendar.coversYear(y));
}

/** What staff read about the missing years (health check, admin reminder). */
export const missingCalendarMessage = (years: readonly number[]) =>
  `尚未载入${years.map((y) => `${y}年`).join('、')}的国务院节假日安排（${years
    .map(officialNoticeSource)
    .join('；')}）：期限落在该年的时限暂按周末计算（暂定），载入后自动重算`;

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
