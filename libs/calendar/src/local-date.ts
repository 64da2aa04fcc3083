/**
 * Calendar dates as `YYYY-MM-DD` strings in Asia/Shanghai. China has one time zone (UTC+8) and no
 * daylight saving, so the Shanghai date of an instant is its UTC time moved by eight hours.
 */
export type LocalDate = string;

const SHANGHAI_OFFSET_MS = 8 * 60 * 60 * 1000;
const DAY_MS = 24 * 60 * 60 * 1000;
const LOCAL_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** True for a real calendar date written `YYYY-MM-DD` (no 2023-02-29). */
export function isLocalDate(value: unknown): value is LocalDate {
  if (typeof value !== 'string' || !LOCAL_DATE.test(value)) return false;
  const t = Date.parse(`${value}T00:00:00.000Z`);
  return !Number.isNaN(t) && new Date(t).toISOString().slice(0, 10) === value;
}

/** Midnight UTC of the date, used only for day arithmetic. */
function toUtcMidnight(date: LocalDate): number {
  if (!isLocalDate(date)) throw new RangeError(`Not a YYYY-MM-DD date: ${String(date)}`);
  return Date.parse(`${date}T00:00:00.000Z`);
}

function fromUtcMidnight(ms: number): LocalDate {
  return new Date(ms).toISOString().slice(0, 10);
}

/** The Shanghai calendar date of an instant: 2022-01-28T17:30Z is already 2022-01-29 there. */
export function shanghaiDate(instant: Date): LocalDate {
  const ms = instant.getTime();
  if (Number.isNaN(ms)) throw new RangeError('Invalid Date');
  return fromUtcMidnight(ms + SHANGHAI_OFFSET_MS);
}

/** 24:00 Shanghai of `date`, i.e. 00:00+08:00 of the next day (`date`T16:00:00.000Z). */
export function endOfShanghaiDay(date: LocalDate): Date {
  return new Date(toUtcMidnight(date) + DAY_MS - SHANGHAI_OFFSET_MS);
}

export function addDays(date: LocalDate, n: number): LocalDate {
  if (!Number.isInteger(n)) throw new RangeError(`Not a whole number of days: ${n}`);
  return fromUtcMidnight(toUtcMidnight(date) + n * DAY_MS);
}

export function isWeekend(date: LocalDate): boolean {
  const weekday = new Date(toUtcMidnight(date)).getUTCDay();
  return weekday === 0 || weekday === 6;
}

/** The calendar year of a date. */
export function yearOf(date: LocalDate): number {
  toUtcMidnight(date);
  return Number(date.slice(0, 4));
}
