import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';
import {
  ChangeFeed,
  Clock,
  type DeferredStatements,
  type RecordChanges,
  type RegisteredCaseFacts,
} from '@app/core';
import { coalescingQuery, SqlBatch } from '@app/database';
import { dayOf, type Period } from './metric-math';
import {
  METRICS,
  type GroupDimension,
  type ItemType,
  type MetricContext,
  type MetricDefinition,
} from './metric-registry';
import {
  NEW_CASE_SOURCES,
  type CaseClockRow,
  type CaseRow,
  type SourceName,
  type SourceRows,
} from './metric-sources';
import { itemsSql, loadItemSources } from './metric-items-sql';
import { MetricsRepository, type RawQuery } from './metrics.repository';

/** One item behind a figure as the summaries keep it (whatever the period asked for). */
export interface LedgerRow {
  key: string;
  id: number;
  day: string;
  month: string;
  unitId: number | null;
  channel: string | null;
  sourceLevel: string | null;
  /** In the numerator of a period ending on or after this day; null: never. */
  numDay: string | null;
  /** Counts only from this instant on (a clock or reply not yet due); null: counts now. */
  pendingDue: Date | null;
}

/** Counted parts of one figure or group. */
export interface Parts {
  num: number;
  den: number;
}

/** Every figure read from the summaries (not `live`). */
export const LEDGER_METRICS: readonly MetricDefinition[] = (
  METRICS as readonly MetricDefinition[]
).filter((m) => !m.live);

const FAR = 8.64e15;
/** Every row in its population, numerator as if the period never ended, everything due. */
const UNBOUNDED: MetricContext = {
  period: { from: '0000-01-01', to: '9999-12-31' },
  fromAt: new Date(-FAR),
  toAt: new Date(FAR),
  now: new Date(FAR),
};

/** The counter dimensions: the total and each breakdown but the month (a counter's own key). */
const COUNTER_DIMS = ['total', 'unit', 'channel', 'sourceLevel'] as const;
type CounterDim = (typeof COUNTER_DIMS)[number];
/**
 * The same counters folded over a calendar year (`month` holds `YYYY`): a whole-year figure reads
 * one row per group and numerator bucket instead of twelve months of them. A numerator month
 * inside the item's own year (or before it) is folded into `YYYY-12`, as every period the year
 * counters answer ends on or after it; a later one is kept.
 */
const YEAR_DIMS: Record<CounterDim, string> = {
  total: 'ytotal',
  unit: 'yunit',
  channel: 'ychannel',
  sourceLevel: 'ysourceLevel',
};

const ITEM_COLUMNS: Record<GroupDimension, string> = {
  unit: 'unit_id',
  channel: 'channel',
  sourceLevel: 'source_level',
  month: 'month',
};

/** A source's rows turned into ledger rows for one figure: the first row of an id wins. */
export function ledgerRows<S extends SourceName>(
  metric: MetricDefinition<S>,
  rows: readonly SourceRows[S][],
): LedgerRow[] {
  const out: LedgerRow[] = [];
  const seen = new Set<number>();
  for (const row of rows) {
    const item = metric.classify(row, UNBOUNDED);
    if (!item || seen.has(item.id)) continue;
    seen.add(item.id);
    const numFrom = item.num && metric.numeratorFrom ? metric.numeratorFrom(row) : null;
    out.push({
      key: metric.key,
      id: item.id,
      day: item.day,
      month: item.month,
      unitId: item.unitId,
      channel: item.channel,
      sourceLevel: item.sourceLevel,
      numDay: item.num ? (numFrom ? dayOf(numFrom) : item.day) : null,
      pendingDue: metric.countsFrom?.(row) ?? null,
    });
  }
  return out;
}

/** dim, month, metric_key, value, num_month, pending_month, n */
type CounterRow = [string, string, string, string, string, string, number];
const N = 6;

/**
 * The Shanghai month `YYYY-MM` of an instant (Asia/Shanghai has kept +08:00 since 1991): a
 * now-dependent item is counted by the month it falls due in.
 */
export const shanghaiMonth = (at: Date): string =>
  new Date(at.getTime() + 8 * 3_600_000).toISOString().slice(0, 7);

/** The first instant of the Shanghai month `YYYY-MM`. */
const monthStart = (month: string): Date => new Date(`${month}-01T00:00:00+08:00`);

/** Where an item falls for the counters. */
interface Counted {
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
function addCounters(deltas: Map<string, CounterRow>, r: Counted, d: number): void {
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
function counterDeltas(removed: LedgerRow[], added: LedgerRow[]): Map<string, CounterRow> {
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

/** Items of a year counted by group, numerator month and the month they fall due in. */
type ItemGroup = Counted & { n: number };

/** A figure's items of a month: how many, the sum of their ids, their rows' fingerprint. */
interface ItemSum {
  key: string;
  n: number;
  ids: bigint;
  fingerprint: bigint;
}

interface Difference {
  metric: string;
  missing: number;
  extra: number;
  changed: number;
  counters: number;
}

/** Each item row's CRC32, XORed over a group (every column of the row but the figure's key). */
const FINGERPRINT = `COUNT(*) AS n, SUM(item_id) AS ids,
  BIT_XOR(CRC32(CONCAT_WS('|', item_id, day, COALESCE(unit_id, '-'), COALESCE(channel, '-'),
    COALESCE(source_level, '-'), COALESCE(num_day, '-'), COALESCE(pending_due, '-')))) AS fp`;
/** The raw side: by everything a counter tells apart, to count the counters from it too. */
const RAW_GROUPS = `SELECT metric_key AS k, month, unit_id AS u, channel AS ch, source_level AS sl,
  COALESCE(DATE_FORMAT(num_day, '%Y-%m'), '') AS nm,
  COALESCE(DATE_FORMAT(pending_due + INTERVAL 8 HOUR, '%Y-%m'), '') AS pm, ${FINGERPRINT}`;
const RAW_GROUP_BY = 'k, month, u, ch, sl, nm, pm';

function addItemSum(sums: Map<string, ItemSum>, r: Raw): void {
  const k = `${String(r.k)}\u0000${String(r.month)}`;
  const s = sums.get(k) ?? { key: String(r.k), n: 0, ids: 0n, fingerprint: 0n };
  s.n += Number(r.n);
  s.ids += BigInt(String(r.ids));
  s.fingerprint ^= BigInt(String(r.fp));
  sums.set(k, s);
}

function toItemGroup(r: Raw): ItemGroup {
  return {
    key: String(r.k),
    month: String(r.month),
    unitId: r.u === null ? null : Number(r.u),
    channel: (r.ch as string | null) ?? null,
    sourceLevel: (r.sl as string | null) ?? null,
    numMonth: String(r.nm),
    pendingMonth: String(r.pm),
    n: Number(r.n),
  };
}

const sameRow = (a: LedgerRow, b: LedgerRow) =>
  a.day === b.day &&
  a.unitId === b.unitId &&
  a.channel === b.channel &&
  a.sourceLevel === b.sourceLevel &&
  a.numDay === b.numDay &&
  (a.pendingDue?.getTime() ?? null) === (b.pendingDue?.getTime() ?? null);

function counterValue(r: Counted, dim: CounterDim): string {
  if (dim === 'total') return '';
  const v = dim === 'unit' ? r.unitId : dim === 'channel' ? r.channel : r.sourceLevel;
  return v === null ? '' : String(v);
}

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

type Raw = Record<string, unknown>;

/**
 * The summary items of just-registered cases, from what their writer wrote (the same fields the
 * sources' SQL reads): a new case can be only in `NEW_CASE_SOURCES`, and has no stored items.
 */
export function newCaseItems(cases: RegisteredCaseFacts[]): LedgerRow[] {
  const registered: CaseRow[] = cases.map(({ triage: _triage, ...c }) => ({
    ...c,
    closedAt: null,
    evaluation: null,
    evaluatedAt: null,
  }));
  const rows: Partial<Record<SourceName, unknown[]>> = {
    registeredCases: registered,
    triageClocks: registered.map((row, i): CaseClockRow => ({
      case: row,
      clock: { ...cases[i].triage, hopUnitId: null, status: 'running', endedAt: null },
    })),
  };
  return LEDGER_METRICS.filter(
    (d) => d.itemType === 'case' && NEW_CASE_SOURCES.includes(d.source),
  ).flatMap((d) => ledgerRows(d, (rows[d.source] ?? []) as never[]));
}

/** A `metric_items` row's values, in the column order of its INSERTs. */
const itemValues = (r: LedgerRow) => [
  r.key,
  r.id,
  r.day,
  r.month,
  r.unitId,
  r.channel,
  r.sourceLevel,
  r.numDay,
  r.pendingDue,
];

/**
 * The statements that take items out of and into the summaries: the items, then the counters by
 * the difference, in key order (no deadlocks between writers). Every writer of a month adds to the
 * same counter rows, so they come last.
 */
export function summaryWrites(removed: LedgerRow[], added: LedgerRow[]): [string, unknown[]][] {
  const out: [string, unknown[]][] = [];
  const byKey = new Map<string, number[]>();
  for (const r of removed) byKey.set(r.key, [...(byKey.get(r.key) ?? []), r.id]);
  for (const [key, ids] of byKey) {
    out.push(['DELETE FROM metric_items WHERE metric_key = ? AND item_id IN (?)', [key, ids]]);
  }
  if (added.length) {
    out.push([
      `INSERT INTO metric_items (metric_key, item_id, day, month, unit_id, channel, source_level,
                                 num_day, pending_due) VALUES ?`,
      [added.map(itemValues)],
    ]);
  }
  const rows = [...counterDeltas(removed, added).entries()]
    .filter(([, e]) => e[N] !== 0)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([, e]) => e);
  if (rows.length) {
    out.push([
      `INSERT INTO metric_counts (dim, month, metric_key, value, num_month, pending_month, n)
       VALUES ? ON DUPLICATE KEY UPDATE n = n + VALUES(n)`,
      [rows],
    ]);
  }
  return out;
}

/**
 * The summaries behind the figures. Writers call `changed` inside their transaction with the ids
 * they touched; the items are classified again by the registry's own `classify` (from the same
 * SQL as the raw computation, filtered by id) and the differences applied to items and counters.
 */
@Injectable()
export class MetricLedger extends ChangeFeed {
  constructor(
    private readonly repo: MetricsRepository,
    private readonly clock: Clock,
    @InjectDataSource() private readonly db: DataSource,
  ) {
    super();
  }

  async changed(m: EntityManager, changes: RecordChanges): Promise<void> {
    const byType: [ItemType, number[] | undefined][] = [
      ['case', changes.caseIds],
      ['letter', changes.letterIds],
    ];
    // The sources are read together (Promise.all below): one round trip.
    const query: RawQuery = coalescingQuery(m);
    const fresh = new Map<string, Map<number, LedgerRow>>();
    const candidates = new Map<string, Set<number>>();
    for (const [type, ids] of byType) {
      if (!ids?.length) continue;
      const metrics = LEDGER_METRICS.filter((d) => d.itemType === type);
      const names = [...new Set(metrics.map((d) => d.source))];
      const loaded = await Promise.all(names.map((n) => this.repo.loadWhere(n, { ids }, query)));
      const sources = new Map(names.map((n, i) => [n, loaded[i]]));
      for (const metric of metrics) {
        const rows = ledgerRows(metric, sources.get(metric.source) as never[]);
        fresh.set(metric.key, new Map(rows.map((r) => [r.id, r])));
        // a review's item id is the review case, reached from its original case too
        candidates.set(metric.key, new Set([...ids, ...rows.map((r) => r.id)]));
      }
    }
    const removed: LedgerRow[] = [];
    // A registration's new cases: their items from what was written, nothing stored to replace.
    const added = changes.registered ? newCaseItems(changes.registered) : [];
    const old = candidates.size
      ? await this.stored(query, candidates)
      : new Map<string, LedgerRow>();
    for (const [key, ids] of candidates) {
      for (const id of ids) {
        const before = old.get(`${key}:${id}`);
        const after = fresh.get(key)?.get(id);
        if (before && after && sameRow(before, after)) continue;
        if (before) removed.push(before);
        if (after) added.push(after);
      }
    }
    await this.apply(query, removed, added, changes.finalBatch);
  }

  private async stored(
    query: RawQuery,
    candidates: Map<string, Set<number>>,
  ): Promise<Map<string, LedgerRow>> {
    const ids = [...new Set([...candidates.values()].flatMap((s) => [...s]))];
    const rows = await query(
      `SELECT metric_key AS \`key\`, item_id AS id, DATE_FORMAT(day, '%Y-%m-%d') AS day, month,
              unit_id AS unitId, channel, source_level AS sourceLevel,
              DATE_FORMAT(num_day, '%Y-%m-%d') AS numDay, pending_due AS pendingDue
         FROM metric_items WHERE metric_key IN (?) AND item_id IN (?)`,
      [[...candidates.keys()], ids],
    );
    return new Map(rows.map((r) => [`${String(r.key)}:${Number(r.id)}`, toLedgerRow(r)]));
  }

  /** Items out and in, then the counters (see `summaryWrites`); now, or in the final batch. */
  private async apply(
    query: RawQuery,
    removed: LedgerRow[],
    added: LedgerRow[],
    finalBatch?: DeferredStatements,
  ) {
    for (const [sql, params] of summaryWrites(removed, added)) {
      if (finalBatch) finalBatch.add(sql, params);
      else await query(sql, params);
    }
  }

  // ------------------------------------------------------------------ reading

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
    const fromMonth = period.from.slice(0, 7);
    const toMonth = period.to.slice(0, 7);
    const col = groupBy ? ITEM_COLUMNS[groupBy] : "''";
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
      const thisMonth = shanghaiMonth(now);
      const [covered, rows, due] = (await coverage(period)
        .add(
          `SELECT metric_key AS k, ${groupBy === 'month' ? 'month' : 'value'} AS v, SUM(n) AS den,
                  SUM(CASE WHEN num_month <> '' AND num_month <= ? THEN n ELSE 0 END) AS num
             FROM metric_counts
            WHERE dim = ? AND ${years ? 'month IN (?)' : 'month BETWEEN ? AND ?'}
              AND metric_key IN (?) AND (pending_month = '' OR pending_month < ?)
            GROUP BY metric_key, v`,
          [
            toMonth,
            ...(years ? [YEAR_DIMS[dim], years] : [dim, fromMonth, toMonth]),
            keys,
            thisMonth,
          ],
        )
        .add(
          `SELECT metric_key AS k, ${col} AS v, COUNT(*) AS den,
                  SUM(num_day IS NOT NULL AND num_day <= ?) AS num
             FROM metric_items
            WHERE pending_due >= ? AND pending_due <= ? AND month BETWEEN ? AND ?
              AND metric_key IN (?)
            GROUP BY metric_key, v`,
          [period.to, monthStart(thisMonth), now, fromMonth, toMonth, keys],
        )
        .run(this.db.manager)) as Raw[][];
      if (!isCovered(period, covered)) return null;
      for (const r of rows) {
        add(String(r.k), counterGroupValue(groupBy, String(r.v)), Number(r.num), Number(r.den));
      }
      fromItems(due);
    } else {
      const [covered, items] = (await coverage(period)
        .add(
          `SELECT metric_key AS k, ${col} AS v, COUNT(*) AS den,
                  SUM(num_day IS NOT NULL AND num_day <= ?) AS num
             FROM metric_items
            WHERE metric_key IN (?) AND month BETWEEN ? AND ? AND day BETWEEN ? AND ?
              AND (pending_due IS NULL OR pending_due <= ?)
            GROUP BY metric_key, v`,
          [period.to, keys, fromMonth, toMonth, period.from, period.to, now],
        )
        .run(this.db.manager)) as Raw[][];
      if (!isCovered(period, covered)) return null;
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
    q: {
      part: 'numerator' | 'denominator';
      groupBy?: GroupDimension;
      group?: string | number | null;
      after: number;
      limit: number;
    },
    now: Date,
  ): Promise<{ id: number; num: boolean; month: string }[]> {
    const aligned = monthAligned(period);
    const index = q.groupBy === 'unit' ? 'ix_metric_items_unit' : 'ix_metric_items_month';
    const selects: string[] = [];
    const params: unknown[] = [];
    for (const month of monthsBetween(period.from.slice(0, 7), period.to.slice(0, 7))) {
      const where = ['metric_key = ?', 'month = ?', 'item_id > ?'];
      const p: unknown[] = [key, month, q.after];
      if (!aligned) {
        where.push('day BETWEEN ? AND ?');
        p.push(period.from, period.to);
      }
      where.push('(pending_due IS NULL OR pending_due <= ?)');
      p.push(now);
      if (q.part === 'numerator') {
        where.push('num_day <= ?');
        p.push(period.to);
      }
      if (q.groupBy && q.groupBy !== 'month') {
        const column = ITEM_COLUMNS[q.groupBy];
        if (q.group === null) where.push(`${column} IS NULL`);
        else {
          where.push(`${column} = ?`);
          p.push(q.group);
        }
      } else if (q.groupBy === 'month' && q.group !== month) {
        continue;
      }
      // The index is named: for a month of many items the optimizer would rather look up the
      // month alone (`ref`) and filter `item_id > ?` row by row (170,580 rows for one page of a
      // December at 10M cases) than range over (month, item_id).
      selects.push(
        `(SELECT item_id AS id, DATE_FORMAT(num_day, '%Y-%m-%d') AS numDay, month
            FROM metric_items FORCE INDEX (${index})
           WHERE ${where.join(' AND ')} ORDER BY item_id LIMIT ${Number(q.limit)})`,
      );
      params.push(...p);
    }
    if (selects.length === 0) return [];
    const rows = await this.db.query<Raw[]>(
      `${selects.join(' UNION ALL ')} ORDER BY id LIMIT ${Number(q.limit)}`,
      params,
    );
    return rows.map((r) => ({
      id: Number(r.id),
      num: r.numDay !== null && (r.numDay as string) <= period.to,
      month: String(r.month),
    }));
  }

  // ------------------------------------------------------------------ rebuilding

  /**
   * A year's items and counters recomputed from the raw rows in SQL (`metric-items-sql.ts`: each
   * source's rows of the year read once into a memory table, each figure's items decided there as
   * its `classify` decides them) and compared with what is stored: the items by figure and month
   * as exact counts with the sum of their ids and the XOR of a CRC32 of each item's row, the
   * counters one by one (counted from the recomputed items by every group). With `replace`, the
   * raw rows are read with shared locks (no writer changes them meanwhile) and the year's items
   * and counters are stored in place of the old ones.
   */
  async rebuild(year: number, replace: boolean) {
    const started = Date.now();
    const now = this.clock.now();
    const keys = LEDGER_METRICS.map((d) => d.key);
    const months = [`${year}-01`, `${year}-12`, String(year)];
    const storedSql = `SELECT metric_key AS k, month, ${FINGERPRINT} FROM metric_items
      WHERE metric_key IN (?) AND month BETWEEN ? AND ? GROUP BY metric_key, month`;
    const countersSql = `SELECT dim, month, metric_key AS k, value, num_month AS numMonth,
      pending_month AS pendingMonth, n
      FROM metric_counts WHERE (month BETWEEN ? AND ? OR month = ?) AND metric_key IN (?) AND n <> 0`;
    if (!replace) {
      // The check locks nothing (a writer meanwhile can show as a difference) and reads on
      // three connections at once: half the sources each, and the stored summaries.
      const read = (sources: string[]) =>
        this.db.transaction('READ COMMITTED', async (m) => {
          const query: RawQuery = (sql, params) => m.query<Raw[]>(sql, params);
          return withItemSources(query, sources, year, false, () => rawGroups(query, sources));
        });
      const [raw1, raw2, [stored, counted]] = await Promise.all([
        read(CHECK_HALVES[0]),
        read(CHECK_HALVES[1]),
        Promise.all([
          this.db.query<Raw[]>(storedSql, [keys, months[0], months[1]]),
          this.db.query<Raw[]>(countersSql, [...months, keys]),
        ]),
      ]);
      const readAt = Date.now();
      const result = compareSummaries([...raw1, ...raw2], stored, counted);
      return rebuildResult(year, result, false, [started, readAt, Date.now()]);
    }
    // The rebuild reads the raw rows with shared locks, so no writer changes them meanwhile.
    return this.db.transaction('REPEATABLE READ', async (m) => {
      const query: RawQuery = (sql, params) => m.query<Raw[]>(sql, params);
      return withItemSources(query, keys, year, true, async () => {
        const raw = await rawGroups(query, keys);
        const stored = await query(storedSql, [keys, months[0], months[1]]);
        const counted = await query(countersSql, [...months, keys]);
        const read = Date.now();
        const result = compareSummaries(raw, stored, counted);
        const compared = Date.now();
        await query('DELETE FROM metric_items WHERE metric_key IN (?) AND month BETWEEN ? AND ?', [
          keys,
          months[0],
          months[1],
        ]);
        // an item the raw rows moved to this year past the writers is taken from the other year
        // (which its own rebuild then corrects)
        for (const key of keys) {
          const { sql, params } = itemsSql(key);
          await query(
            `INSERT INTO metric_items (metric_key, item_id, day, month, unit_id, channel,
                                       source_level, num_day, pending_due)
             ${sql}
             ON DUPLICATE KEY UPDATE day = VALUES(day), month = VALUES(month),
               unit_id = VALUES(unit_id), channel = VALUES(channel),
               source_level = VALUES(source_level), num_day = VALUES(num_day),
               pending_due = VALUES(pending_due)`,
            params,
          );
        }
        await query(
          'DELETE FROM metric_counts WHERE (month BETWEEN ? AND ? OR month = ?) AND metric_key IN (?)',
          [...months, keys],
        );
        const rows = [...result.counters.values()].filter((e) => e[N] !== 0);
        for (let i = 0; i < rows.length; i += 5000) {
          await query(
            `INSERT INTO metric_counts (dim, month, metric_key, value, num_month, pending_month, n)
             VALUES ?`,
            [rows.slice(i, i + 5000)],
          );
        }
        await query(
          `INSERT INTO metric_ledger_years (year, rebuilt_at) VALUES (?, ?)
           ON DUPLICATE KEY UPDATE rebuilt_at = VALUES(rebuilt_at)`,
          [year, now],
        );
        return rebuildResult(year, result, true, [started, read, compared]);
      });
    });
  }
}

const yearsOf = (period: Period) => [
  Number(period.from.slice(0, 4)),
  Number(period.to.slice(0, 4)),
];

/** A batch that starts with whether the summaries cover every year of the period. */
function coverage(period: Period): SqlBatch {
  return new SqlBatch().add(
    `SELECT EXISTS (SELECT 1 FROM metric_ledger_backfill) AS backfill,
            (SELECT COUNT(*) FROM metric_ledger_years WHERE year BETWEEN ? AND ?) AS n`,
    yearsOf(period),
  );
}

/** No backfill pending, or every year of the period rebuilt since it began. */
function isCovered(period: Period, rows: Raw[]): boolean {
  const [{ backfill, n }] = rows;
  if (!Number(backfill)) return true;
  const [from, to] = yearsOf(period);
  return Number(n) === to - from + 1;
}

/** What a check or rebuild found, and how long it read, compared and replaced (seconds). */
function rebuildResult(
  year: number,
  result: ReturnType<typeof compareSummaries>,
  replaced: boolean,
  [started, read, compared]: [number, number, number],
) {
  const now = Date.now();
  return {
    year,
    items: result.items,
    consistent: result.differences.length === 0,
    differences: result.differences,
    replaced,
    seconds: (now - started) / 1000,
    /** Reading (raw rows and summaries, side by side), comparing, replacing. */
    phases: {
      read: (read - started) / 1000,
      compare: (compared - read) / 1000,
      replace: replaced ? (now - compared) / 1000 : 0,
    },
  };
}

/** The figures of the check's two connections: about half a year's raw rows each. */
const CHECK_HALVES = [
  LEDGER_METRICS.filter((m) => ['registeredCases', 'triageClocks', 'letters'].includes(m.source)),
  LEDGER_METRICS.filter((m) => !['registeredCases', 'triageClocks', 'letters'].includes(m.source)),
].map((ms) => ms.map((m) => m.key));

/** Runs `work` with the temporary tables of these figures' sources filled, then drops them. */
async function withItemSources<T>(
  query: RawQuery,
  keys: readonly string[],
  year: number,
  lock: boolean,
  work: () => Promise<T>,
): Promise<T> {
  const drop = await loadItemSources(query, keys, year, lock);
  try {
    return await work();
  } finally {
    await query(drop, []);
  }
}

/** The recomputed items of these figures, by everything a counter tells apart. */
async function rawGroups(query: RawQuery, keys: readonly string[]): Promise<Raw[]> {
  const out: Raw[] = [];
  for (const key of keys) {
    const { sql, params } = itemsSql(key);
    out.push(...(await query(`${RAW_GROUPS} FROM (${sql}) x GROUP BY ${RAW_GROUP_BY}`, params)));
  }
  return out;
}

/**
 * The recomputed items (`rawGroups`) against the stored ones (by figure and month: the raw
 * groups' sums add up to them) and the counters they should make against the stored counters.
 */
function compareSummaries(raw: Raw[], storedRows: Raw[], counted: Raw[]) {
  const expected = new Map<string, ItemSum>();
  const counters = new Map<string, CounterRow>();
  let items = 0;
  for (const r of raw) {
    addItemSum(expected, r);
    const g = toItemGroup(r);
    addCounters(counters, g, g.n);
    items += g.n;
  }
  const stored = new Map<string, ItemSum>();
  for (const r of storedRows) addItemSum(stored, r);

  const differences = new Map<string, Difference>();
  const differ = (metric: string) => {
    const d = differences.get(metric) ?? { metric, missing: 0, extra: 0, changed: 0, counters: 0 };
    differences.set(metric, d);
    return d;
  };
  for (const [k, e] of expected) {
    const s = stored.get(k);
    stored.delete(k);
    if (!s) differ(e.key).missing += e.n;
    else if (s.n < e.n) differ(e.key).missing += e.n - s.n;
    else if (s.n > e.n) differ(e.key).extra += s.n - e.n;
    else if (s.ids !== e.ids || s.fingerprint !== e.fingerprint) differ(e.key).changed += 1;
  }
  for (const s of stored.values()) differ(s.key).extra += s.n;

  const seen = new Set<string>();
  for (const r of counted) {
    const k = [r.dim, r.month, r.k, r.value, r.numMonth, r.pendingMonth].map(String).join('\u0000');
    seen.add(k);
    if (counters.get(k)?.[N] !== Number(r.n)) differ(String(r.k)).counters += 1;
  }
  for (const [k, e] of counters) if (!seen.has(k) && e[N] !== 0) differ(e[2]).counters += 1;
  return { items, counters, differences: [...differences.values()] };
}

function toLedgerRow(r: Raw): LedgerRow {
  return {
    key: String(r.key),
    id: Number(r.id),
    day: String(r.day),
    month: String(r.month),
    unitId: r.unitId === null ? null : Number(r.unitId),
    channel: (r.channel as string | null) ?? null,
    sourceLevel: (r.sourceLevel as string | null) ?? null,
    numDay: (r.numDay as string | null) ?? null,
    pendingDue:
      r.pendingDue === null || r.pendingDue === undefined
        ? null
        : r.pendingDue instanceof Date
          ? r.pendingDue
          : new Date(r.pendingDue as string),
  };
}

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
