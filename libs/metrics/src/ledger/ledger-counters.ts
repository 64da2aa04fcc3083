import type { LedgerRow } from './ledger-rows';
import { shanghaiMonth } from './ledger-months';

/** The counter dimensions: the total and each breakdown but the month (a counter's own key). */
export const COUNTER_DIMS = ['total', 'unit', 'channel', 'sourceLevel'] as const;
export type CounterDim = (typeof COUNTER_DIMS)[number];
/**
 * The same counters folded over a calendar year (`month` holds `YYYY`): a whole-year figure reads
 * one row per group and numerator bucket instead of twelve months of them. A numerator month
 * inside the item's own year (or before it) is folded into `YYYY-12`, as every period the year
 * counters answer ends on or after it; a later one is kept.
 */
export const YEAR_DIMS: Record<CounterDim, string> = {
  total: 'ytotal',
  unit: 'yunit',
  channel: 'ychannel',
  sourceLevel: 'ysourceLevel',
};

/** A `metric_counts` row: dim, month, metric_key, value, num_month, pending_month, n */
export type CounterRow = [string, string, string, string, string, string, number];
/** The index of a counter row's count. */
export const N = 6;

/** Where an item falls for the counters. */
export interface Counted {
  key: string;
  month: string;
  unitId: number | null;
  channel: string | null;
  sourceLevel: string | null;
  /** `YYYY-MM` of the day it enters the numerator; '' never. */
  numMonth: string;
  /**
   * A now-dependent item: the Shanghai month it falls due in (its counters count only once that
   * month is over; within it the item itself is counted at query time); '' counts now.
   */
  pendingMonth: string;
}

/** Adds `d` items falling at `r` to the counters of every dimension, by month and by year. */
export function addCounters(deltas: Map<string, CounterRow>, r: Counted, d: number): void {
  const year = r.month.slice(0, 4);
  const yearEnd = `${year}-12`;
  const numBucket = r.numMonth !== '' && r.numMonth <= yearEnd ? yearEnd : r.numMonth;
  const bump = (dim: string, month: string, value: string, numMonth: string) => {
    const k = [dim, month, r.key, value, numMonth, r.pendingMonth].join('\u0000');
    const e = deltas.get(k) ?? [dim, month, r.key, value, numMonth, r.pendingMonth, 0];
    e[N] += d;
    deltas.set(k, e);
  };
  for (const dim of COUNTER_DIMS) {
    const value = counterValue(r, dim);
    bump(dim, r.month, value, r.numMonth);
    bump(YEAR_DIMS[dim], year, value, numBucket);
  }
}

/** What items leaving and entering do to the counters, by counter key. */
export function counterDeltas(removed: LedgerRow[], added: LedgerRow[]): Map<string, CounterRow> {
  const deltas = new Map<string, CounterRow>();
  const count = (r: LedgerRow, d: number) =>
    addCounters(
      deltas,
      {
        ...r,
        numMonth: r.numDay?.slice(0, 7) ?? '',
        pendingMonth: r.pendingDue ? shanghaiMonth(r.pendingDue) : '',
      },
      d,
    );
  removed.forEach((r) => count(r, -1));
  added.forEach((r) => count(r, 1));
  return deltas;
}

function counterValue(r: Counted, dim: CounterDim): string {
  if (dim === 'total') return '';
  const v = dim === 'unit' ? r.unitId : dim === 'channel' ? r.channel : r.sourceLevel;
  return v === null ? '' : String(v);
}
