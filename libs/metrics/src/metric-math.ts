import {
  addDays,
  endOfShanghaiDay,
  isLocalDate,
  shanghaiDate,
  type LocalDate,
} from '@app/calendar';

/** A reporting period: whole Shanghai calendar days, both ends included. */
export interface Period {
  from: LocalDate;
  to: LocalDate;
}

/** The period as instants: [fromAt, toAt), 00:00 Asia/Shanghai of `from` to 24:00 of `to`. */
export function periodInstants(p: Period): { fromAt: Date; toAt: Date } {
  return { fromAt: endOfShanghaiDay(addDays(p.from, -1)), toAt: endOfShanghaiDay(p.to) };
}

export function yearPeriod(year: number): Period {
  return { from: `${year}-01-01`, to: `${year}-12-31` };
}

export function isValidPeriod(p: Period): boolean {
  return isLocalDate(p.from) && isLocalDate(p.to) && p.from <= p.to;
}

/** The Shanghai month (`YYYY-MM`) of an instant or a date. */
export function monthOf(value: Date | LocalDate): string {
  return (typeof value === 'string' ? value : shanghaiDate(value)).slice(0, 7);
}

/** The Shanghai day of an instant (a date is its own day). */
export function dayOf(value: Date | LocalDate): LocalDate {
  return typeof value === 'string' ? value : shanghaiDate(value);
}

export function inPeriod(date: LocalDate, p: Period): boolean {
  return date >= p.from && date <= p.to;
}

export function instantInPeriod(at: Date, fromAt: Date, toAt: Date): boolean {
  return at.getTime() >= fromAt.getTime() && at.getTime() < toAt.getTime();
}

/** A rate with its parts; an empty denominator has no rate (null), never 0% or 100%. */
export interface Ratio {
  numerator: number;
  denominator: number;
  /** numerator ÷ denominator, unrounded; null when the denominator is 0. */
  value: number | null;
  /** The rate in per cent, rounded half up to two decimals; null when the denominator is 0. */
  percent: number | null;
}

export function ratio(numerator: number, denominator: number): Ratio {
  if (!Number.isInteger(numerator) || !Number.isInteger(denominator)) {
    throw new RangeError('counts must be whole numbers');
  }
  if (numerator < 0 || denominator < 0 || numerator > denominator) {
    throw new RangeError(`not a ratio: ${numerator}/${denominator}`);
  }
  if (denominator === 0) return { numerator, denominator, value: null, percent: null };
  return {
    numerator,
    denominator,
    value: numerator / denominator,
    percent: percentOf(numerator, denominator),
  };
}

/**
 * a ÷ b in per cent rounded half up to two decimals, in exact integer arithmetic (no binary
 * floating-point drift: 865.76 ÷ 879.34 is 98.46, and 1 ÷ 8 is 12.50).
 */
export function percentOf(a: number | bigint, b: number | bigint): number {
  const n = BigInt(a);
  const d = BigInt(b);
  if (d === 0n) throw new RangeError('empty denominator');
  const negative = n < 0n !== d < 0n && n !== 0n;
  const an = n < 0n ? -n : n;
  const ad = d < 0n ? -d : d;
  // hundredths of a per cent = a × 10000 ÷ b, rounded half up
  const q = (an * 10000n * 2n + ad) / (2n * ad);
  return (negative ? -1 : 1) * (Number(q) / 100);
}

/** 98.46 → "98.46%", 100 → "100%", 12.5 → "12.50%"; null → "—". */
export function formatPercent(percent: number | null): string {
  if (percent === null) return '—';
  return Number.isInteger(percent) ? `${percent}%` : `${percent.toFixed(2)}%`;
}
