import { Injectable } from '@nestjs/common';
import type { Period } from '../metric-math';
import type { GroupDimension } from '../metric-registry';
import { YEAR_DIMS, type CounterDim } from './ledger-counters';
import { monthAligned, shanghaiMonth, wholeYears } from './ledger-months';
import { LEDGER_METRICS, type Parts } from './ledger-rows';
import { LedgerRepository, type ItemPageQuery } from './ledger.repository';

type Raw = Record<string, unknown>;

function itemGroupValue(by: GroupDimension | undefined, v: unknown): string | number | null {
  if (!by) return null;
  if (v === null || v === undefined) return null;
  return by === 'unit' ? Number(v) : (v as string);
}

function counterGroupValue(by: GroupDimension | undefined, v: string): string | number | null {
  if (!by) return null;
  if (by === 'month') return v;
  if (v === '') return null;
  return by === 'unit' ? Number(v) : v;
}

/** Reads the figures' parts and the items behind them from the summaries. */
@Injectable()
export class LedgerReader {
  constructor(private readonly repo: LedgerRepository) {}

  /**
   * Each figure's parts over the period (and per group), from the counters for whole months
   * plus the now-dependent items that are due; from the items themselves for other periods.
   * Null when the summaries do not cover every year of the period (a historical import still
   * being folded in and the year not rebuilt since): read in the same round trip.
   */
  async parts(
    period: Period,
    groupBy: GroupDimension | undefined,
    now: Date,
    keys: readonly string[] = LEDGER_METRICS.map((m) => m.key),
  ): Promise<Map<string, Map<string | number | null, Parts>> | null> {
    const out = new Map<string, Map<string | number | null, Parts>>();
    for (const k of keys) out.set(k, new Map());
    const add = (key: string, value: string | number | null, num: number, den: number) => {
      const groups = out.get(key);
      if (!groups) return;
      const g = groups.get(value) ?? { num: 0, den: 0 };
      g.num += num;
      g.den += den;
      groups.set(value, g);
    };
    const fromItems = (rows: Raw[]) => {
      for (const r of rows) {
        add(String(r.k), itemGroupValue(groupBy, r.v), Number(r.num), Number(r.den));
      }
    };
    if (monthAligned(period)) {
      const dim: CounterDim = !groupBy || groupBy === 'month' ? 'total' : groupBy;
      const years = groupBy === 'month' ? null : wholeYears(period);
      // Now-dependent items of months gone by are in the counters; those falling due this month
      // are counted here, up to now (a few: the index on pending_due ranges over them).
      const read = await this.repo.countedParts(period, {
        dim: years ? YEAR_DIMS[dim] : dim,
        years,
        groupBy,
        keys,
        thisMonth: shanghaiMonth(now),
        now,
      });
      if (!read) return null;
      for (const r of read.counters) {
        add(String(r.k), counterGroupValue(groupBy, String(r.v)), Number(r.num), Number(r.den));
      }
      fromItems(read.due);
    } else {
      const items = await this.repo.itemParts(period, groupBy, keys, now);
      if (!items) return null;
      fromItems(items);
    }
    // A group whose items all left keeps a zero counter row: it is no group.
    for (const groups of out.values()) {
      for (const [v, g] of groups) if (g.den === 0 && g.num === 0) groups.delete(v);
    }
    return out;
  }

  /** One page of a figure's items in id order (keyset), across the period's months. */
  async page(
    key: string,
    period: Period,
    q: ItemPageQuery,
    now: Date,
  ): Promise<{ id: number; num: boolean; month: string }[]> {
    const rows = await this.repo.itemPage(key, period, q, now);
    return rows.map((r) => ({
      id: Number(r.id),
      num: r.numDay !== null && r.numDay <= period.to,
      month: String(r.month),
    }));
  }
}
