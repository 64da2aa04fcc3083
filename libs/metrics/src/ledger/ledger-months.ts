import type { Period } from '../metric-math';

/**
 * The Shanghai month `YYYY-MM` of an instant (Asia/Shanghai has kept +08:00 since 1991): a
 * now-dependent item is counted by the month it falls due in.
 */
export const shanghaiMonth = (at: Date): string =>
  new Date(at.getTime() + 8 * 3_600_000).toISOString().slice(0, 7);

/** The first instant of the Shanghai month `YYYY-MM`. */
export const monthStart = (month: string): Date => new Date(`${month}-01T00:00:00+08:00`);

/** Months `YYYY-MM` from..to inclusive. */
export function monthsBetween(from: string, to: string): string[] {
  const out: string[] = [];
  let [y, m] = from.split('-').map(Number);
  const [ty, tm] = to.split('-').map(Number);
  while (y < ty || (y === ty && m <= tm)) {
    out.push(`${y}-${String(m).padStart(2, '0')}`);
    m++;
    if (m === 13) {
      y++;
      m = 1;
    }
  }
  return out;
}

const lastDayOfMonth = (month: string) => {
  const [y, m] = month.split('-').map(Number);
  return `${month}-${String(new Date(Date.UTC(y, m, 0)).getUTCDate()).padStart(2, '0')}`;
};

/** The calendar years a period of whole years covers (`YYYY` each), else null. */
export function wholeYears(p: Period): string[] | null {
  if (!p.from.endsWith('-01-01') || !p.to.endsWith('-12-31')) return null;
  const out: string[] = [];
  for (let y = Number(p.from.slice(0, 4)); y <= Number(p.to.slice(0, 4)); y++) out.push(String(y));
  return out;
}

/** Whole calendar months: the counters answer it alone. */
export function monthAligned(p: Period): boolean {
  return p.from.endsWith('-01') && p.to === lastDayOfMonth(p.to.slice(0, 7));
}
