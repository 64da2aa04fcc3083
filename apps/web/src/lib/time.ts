import dayjs, { type Dayjs } from 'dayjs';
import timezone from 'dayjs/plugin/timezone';
import utc from 'dayjs/plugin/utc';
import 'dayjs/locale/zh-cn';

dayjs.extend(utc);
dayjs.extend(timezone);
dayjs.locale('zh-cn');

/** Every date and time in the console is the bureau's: Asia/Shanghai, whatever the PC says. */
export const ZONE = 'Asia/Shanghai';

export const inShanghai = (value: string | Date | Dayjs): Dayjs => dayjs(value).tz(ZONE);

export const formatDateTime = (value: string | Date | null | undefined): string =>
  value ? inShanghai(value).format('YYYY-MM-DD HH:mm') : '—';

export const formatDate = (value: string | Date | null | undefined): string =>
  value ? inShanghai(value).format('YYYY-MM-DD') : '—';

const WALL_CLOCK = 'YYYY-MM-DDTHH:mm:ss.SSS';

/**
 * The instant a date-time picker means: the wall-clock time it shows, read as Beijing time,
 * whatever zone the PC is set to (a picker's value carries the PC's zone).
 */
export const pickedInstant = (picked: Dayjs): string =>
  dayjs.tz(picked.format(WALL_CLOCK), ZONE).toISOString();

/**
 * Now as a picker shows it: Beijing's wall clock (a picker's default and its limits), to the
 * millisecond: cut to the second, a default "now" fell before a change the API had stamped
 * earlier in that second (an answer's 送达时间 before its 受理, refused).
 */
export const nowAsShown = (): Dayjs => dayjs(inShanghai(new Date()).format(WALL_CLOCK));

/** The Shanghai calendar day of an instant, as YYYY-MM-DD. */
export const shanghaiDay = (value: string | Date | Dayjs): string =>
  inShanghai(value).format('YYYY-MM-DD');

/**
 * Calendar days from today (Shanghai) to the last day a clock allows: 0 means due today,
 * negative means overdue by that many days.
 */
export function daysLeft(dueAt: string | Date, now: Date = new Date()): number {
  // dueAt is 24:00 Shanghai of the last day, i.e. 00:00 of the next; step back 1 ms for the day.
  const lastDay = dayjs.tz(shanghaiDay(new Date(new Date(dueAt).getTime() - 1)), ZONE);
  const today = dayjs.tz(shanghaiDay(now), ZONE);
  return Math.round(lastDay.diff(today, 'day', true));
}

export type Urgency = 'overdue' | 'due_today' | 'due_soon' | 'normal';

/** red: overdue or due today; amber: within `soonDays` days. */
export function urgencyOf(dueAt: string | Date, now: Date = new Date(), soonDays = 3): Urgency {
  if (new Date(dueAt).getTime() <= now.getTime()) return 'overdue';
  const left = daysLeft(dueAt, now);
  if (left <= 0) return 'due_today';
  if (left <= soonDays) return 'due_soon';
  return 'normal';
}

export { dayjs };
