import { addDays, isLocalDate, isWeekend, type LocalDate, yearOf } from './local-date';

/** holiday = official day off (放假); workday = 调休 make-up working day, usually a weekend. */
export const DAY_KINDS = ['holiday', 'workday'] as const;
export type DayKind = (typeof DAY_KINDS)[number];

export interface CalendarException {
  date: LocalDate;
  kind: DayKind;
  name: string;
}

/** No real calendar has this many non-working days in a row; more means bad data, not a deadline. */
const MAX_DAYS_OFF_IN_A_ROW = 366;

/**
 * Working days per the State Council notices: weekends and holidays off, 调休 days on. Years
 * without a loaded notice fall back to the weekday rule; `covers` tells the caller which is which.
 */
export class WorkingCalendar {
  private readonly exceptions = new Map<LocalDate, DayKind>();
  private readonly years: ReadonlySet<number>;

  constructor(exceptions: CalendarException[], coveredYears: number[]) {
    for (const e of exceptions) {
      if (!isLocalDate(e.date)) throw new RangeError(`Not a YYYY-MM-DD date: ${String(e.date)}`);
      if (this.exceptions.has(e.date)) throw new RangeError(`Duplicate calendar day ${e.date}`);
      this.exceptions.set(e.date, e.kind);
    }
    this.years = new Set(coveredYears);
  }

  isWorkingDay(date: LocalDate): boolean {
    const kind = this.exceptions.get(date);
    if (kind === 'holiday') return false;
    if (kind === 'workday') return true;
    return !isWeekend(date);
  }

  /** The first working day strictly after `date`. */
  nextWorkingDay(date: LocalDate): LocalDate {
    let day = addDays(date, 1);
    for (let i = 0; !this.isWorkingDay(day); i++) {
      if (i >= MAX_DAYS_OFF_IN_A_ROW) throw new RangeError(`No working day after ${date}`);
      day = addDays(day, 1);
    }
    return day;
  }

  /** The n-th working day after `date`; the start day itself is not counted. */
  addWorkingDays(date: LocalDate, n: number): LocalDate {
    if (!Number.isInteger(n) || n < 0) throw new RangeError(`Not a working-day count: ${n}`);
    let day = date;
    for (let i = 0; i < n; i++) day = this.nextWorkingDay(day);
    return day;
  }

  /** Whether the official notice for the year of `date` is loaded. */
  covers(date: LocalDate): boolean {
    return this.coversYear(yearOf(date));
  }

  /** Whether the official notice for `year` is loaded. */
  coversYear(year: number): boolean {
    return this.years.has(year);
  }
}
