import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';
import { CaseChangeListener, type RecordChanges, type RegisteredCaseFacts } from '@app/cases';
import { Clock } from '@app/core';
import { coalescingQuery, type SqlBatch } from '@app/database';
import { dayOf, periodInstants, yearPeriod, type Period } from './metric-math';
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

type CounterRow = [CounterDim, string, string, string, string, number];

/** What items leaving and entering do to the counters, by counter key. */
function counterDeltas(removed: LedgerRow[], added: LedgerRow[]): Map<string, CounterRow> {
  const deltas = new Map<string, CounterRow>();
  const count = (r: LedgerRow, d: number) => {
    // A now-dependent item is counted at query time, never in the counters.
    if (r.pendingDue) return;
    for (const dim of COUNTER_DIMS) {
      const value = counterValue(r, dim);
      const numMonth = r.numDay?.slice(0, 7) ?? '';
      const k = [dim, r.month, r.key, value, numMonth].join('\u0000');
      const e = deltas.get(k) ?? [dim, r.month, r.key, value, numMonth, 0];
      e[5] += d;
      deltas.set(k, e);
    }
  };
  removed.forEach((r) => count(r, -1));
  added.forEach((r) => count(r, 1));
  return deltas;
}

const sameRow = (a: LedgerRow, b: LedgerRow) =>
  a.day === b.day &&
  a.unitId === b.unitId &&
  a.channel === b.channel &&
  a.sourceLevel === b.sourceLevel &&
  a.numDay === b.numDay &&
  (a.pendingDue?.getTime() ?? null) === (b.pendingDue?.getTime() ?? null);

function counterValue(r: LedgerRow, dim: CounterDim): string {
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

/** Whole calendar months: the counters answer it alone. */
export function monthAligned(p: Period): boolean {
  return p.from.endsWith('-01') && p.to === lastDayOfMonth(p.to.slice(0, 7));
}

type Raw = Record<string, unknown>;

/**
 * A just-registered case's rows of a source that can hold it, from what its writer wrote (the
 * same fields the source's SQL reads): `registeredCases` and `triageClocks` (`NEW_CASE_SOURCES`).
 */
function newCaseSourceRows(source: SourceName, cases: RegisteredCaseFacts[]): Promise<unknown[]> {
  const rows = cases.map((c) => {
    const row: CaseRow = {
      id: c.id,
      unitId: c.unitId,
      channel: c.channel,
      source: c.source,
      sourceLevel: c.sourceLevel,
      registeredAt: c.registeredAt,
      repeat: c.repeat,
      collective: c.collective,
      skipLevel: c.skipLevel,
      status: c.status,
      closedAt: null,
      evaluation: null,
      evaluatedAt: null,
    };
    const clock: CaseClockRow = {
      case: row,
      clock: { ...c.triage, hopUnitId: null, status: 'running', endedAt: null },
    };
    return { row, clock };
  });
  if (source === 'registeredCases') return Promise.resolve(rows.map((r) => r.row));
  if (source === 'triageClocks') return Promise.resolve(rows.map((r) => r.clock));
  return Promise.reject(new Error(`A new case is not read from ${source}`));
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
    .filter(([, e]) => e[5] !== 0)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([, e]) => e);
  if (rows.length) {
    out.push([
      `INSERT INTO metric_counts (dim, month, metric_key, value, num_month, n) VALUES ?
       ON DUPLICATE KEY UPDATE n = n + VALUES(n)`,
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
export class MetricLedger extends CaseChangeListener {
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
      ['key_matter', changes.keyMatterIds],
      ['mission', changes.missionIds],
    ];
    // The sources are read together (Promise.all below): one round trip.
    const query: RawQuery = coalescingQuery(m);
    const fresh = new Map<string, Map<number, LedgerRow>>();
    const candidates = new Map<string, Set<number>>();
    // A registration's new cases: no stored items, and only the sources a new case can be in.
    const justRegistered =
      changes.justRegistered === true && byType.every(([t, ids]) => t === 'case' || !ids?.length);
    for (const [type, ids] of byType) {
      if (!ids?.length) continue;
      const metrics = LEDGER_METRICS.filter(
        (d) => d.itemType === type && (!justRegistered || NEW_CASE_SOURCES.includes(d.source)),
      );
      const names = [...new Set(metrics.map((d) => d.source))];
      const given = justRegistered && type === 'case' ? changes.registered : undefined;
      const loaded = await Promise.all(
        names.map((n) =>
          given?.length === ids.length
            ? newCaseSourceRows(n, given)
            : (this.repo.loadWhere(n, { ids }, query) as Promise<unknown[]>),
        ),
      );
      const sources = new Map(names.map((n, i) => [n, loaded[i]]));
      for (const metric of metrics) {
        const rows = ledgerRows(metric, sources.get(metric.source) as never[]);
        fresh.set(metric.key, new Map(rows.map((r) => [r.id, r])));
        // a review's item id is the review case, reached from its original case too
        candidates.set(metric.key, new Set([...ids, ...rows.map((r) => r.id)]));
      }
    }
    if (candidates.size === 0) return;
    const old = justRegistered
      ? new Map<string, LedgerRow>()
      : await this.stored(query, candidates);
    const removed: LedgerRow[] = [];
    const added: LedgerRow[] = [];
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
    finalBatch?: SqlBatch,
  ) {
    for (const [sql, params] of summaryWrites(removed, added)) {
      if (finalBatch) finalBatch.add(sql, params);
      else await query(sql, params);
    }
  }

  // ------------------------------------------------------------------ reading

  /** Whether every year of the period can be read from the summaries. */
  async covers(period: Period): Promise<boolean> {
    const [backfill] = await this.db.query<Raw[]>('SELECT 1 AS x FROM metric_ledger_backfill');
    if (!backfill) return true;
    const from = Number(period.from.slice(0, 4));
    const to = Number(period.to.slice(0, 4));
    const [{ n }] = await this.db.query<{ n: number }[]>(
      'SELECT COUNT(*) AS n FROM metric_ledger_years WHERE year BETWEEN ? AND ?',
      [from, to],
    );
    return Number(n) === to - from + 1;
  }

  /**
   * Each figure's parts over the period (and per group), from the counters for whole months
   * plus the now-dependent items that are due; from the items themselves for other periods.
   */
  async parts(
    period: Period,
    groupBy: GroupDimension | undefined,
    now: Date,
    keys: readonly string[] = LEDGER_METRICS.map((m) => m.key),
  ): Promise<Map<string, Map<string | number | null, Parts>>> {
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
      const rows = await this.db.query<Raw[]>(
        `SELECT metric_key AS k, ${groupBy === 'month' ? 'month' : 'value'} AS v, SUM(n) AS den,
                SUM(CASE WHEN num_month <> '' AND num_month <= ? THEN n ELSE 0 END) AS num
           FROM metric_counts WHERE dim = ? AND month BETWEEN ? AND ? AND metric_key IN (?)
          GROUP BY metric_key, v`,
        [toMonth, dim, fromMonth, toMonth, keys],
      );
      for (const r of rows) {
        add(String(r.k), counterGroupValue(groupBy, String(r.v)), Number(r.num), Number(r.den));
      }
      fromItems(
        await this.db.query<Raw[]>(
          `SELECT metric_key AS k, ${col} AS v, COUNT(*) AS den,
                  SUM(num_day IS NOT NULL AND num_day <= ?) AS num
             FROM metric_items
            WHERE pending_due <= ? AND month BETWEEN ? AND ? AND metric_key IN (?)
            GROUP BY metric_key, v`,
          [period.to, now, fromMonth, toMonth, keys],
        ),
      );
    } else {
      fromItems(
        await this.db.query<Raw[]>(
          `SELECT metric_key AS k, ${col} AS v, COUNT(*) AS den,
                  SUM(num_day IS NOT NULL AND num_day <= ?) AS num
             FROM metric_items
            WHERE metric_key IN (?) AND month BETWEEN ? AND ? AND day BETWEEN ? AND ?
              AND (pending_due IS NULL OR pending_due <= ?)
            GROUP BY metric_key, v`,
          [period.to, keys, fromMonth, toMonth, period.from, period.to, now],
        ),
      );
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
      selects.push(
        `(SELECT item_id AS id, DATE_FORMAT(num_day, '%Y-%m-%d') AS numDay, month FROM metric_items
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
   * A year's items and counters recomputed from the raw rows (the same loaders and `classify`)
   * and compared with what is stored; with `replace`, stored in their place. The raw rows are
   * read with shared locks, so no writer changes them meanwhile.
   */
  async rebuild(year: number, replace: boolean) {
    const started = Date.now();
    const period = yearPeriod(year);
    const ctx: MetricContext = { period, ...periodInstants(period), now: this.clock.now() };
    const months = monthsBetween(`${year}-01`, `${year}-12`);
    return this.db.transaction(async (m) => {
      const query: RawQuery = (sql, params) => m.query<Raw[]>(sql, params);
      const sources = new Map<SourceName, Promise<unknown[]>>();
      const differences: {
        metric: string;
        missing: number;
        extra: number;
        changed: number;
        counters: number;
      }[] = [];
      const expected = new Map<string, number>();
      let items = 0;
      for (const metric of LEDGER_METRICS) {
        if (!sources.has(metric.source)) {
          sources.set(
            metric.source,
            this.repo.loadWhere(metric.source, { ctx, lock: replace }, query),
          );
        }
        const fresh = ledgerRows(metric, (await sources.get(metric.source)!) as never[]);
        items += fresh.length;
        for (const [k, e] of counterDeltas([], fresh)) expected.set(k, e[5]);
        const stored = new Map(
          (
            await query(
              `SELECT metric_key AS \`key\`, item_id AS id, DATE_FORMAT(day, '%Y-%m-%d') AS day,
                      month, unit_id AS unitId, channel, source_level AS sourceLevel,
                      DATE_FORMAT(num_day, '%Y-%m-%d') AS numDay, pending_due AS pendingDue
                 FROM metric_items WHERE metric_key = ? AND month BETWEEN ? AND ?`,
              [metric.key, months[0], months[11]],
            )
          ).map((r) => [Number(r.id), toLedgerRow(r)]),
        );
        let missing = 0;
        let changed = 0;
        for (const r of fresh) {
          const s = stored.get(r.id);
          if (!s) missing++;
          else if (!sameRow(s, r)) changed++;
          stored.delete(r.id);
        }
        if (missing || changed || stored.size) {
          differences.push({
            metric: metric.key,
            missing,
            extra: stored.size,
            changed,
            counters: 0,
          });
        }
        if (replace) {
          await query('DELETE FROM metric_items WHERE metric_key = ? AND month BETWEEN ? AND ?', [
            metric.key,
            months[0],
            months[11],
          ]);
          for (let i = 0; i < fresh.length; i += 5000) {
            await query(
              `INSERT INTO metric_items (metric_key, item_id, day, month, unit_id, channel,
                                         source_level, num_day, pending_due) VALUES ?`,
              [fresh.slice(i, i + 5000).map(itemValues)],
            );
          }
        }
      }
      // the counters against the items they should count
      const keys = LEDGER_METRICS.map((d) => d.key);
      const counted = await query(
        `SELECT dim, month, metric_key AS k, value, num_month AS numMonth, n FROM metric_counts
          WHERE month BETWEEN ? AND ? AND metric_key IN (?) AND n <> 0`,
        [months[0], months[11], keys],
      );
      const wrong = new Map<string, number>();
      const seen = new Set<string>();
      for (const r of counted) {
        const k = [r.dim, r.month, r.k, r.value, r.numMonth].map(String).join('\u0000');
        seen.add(k);
        if (expected.get(k) !== Number(r.n))
          wrong.set(String(r.k), (wrong.get(String(r.k)) ?? 0) + 1);
      }
      for (const k of expected.keys()) {
        if (seen.has(k)) continue;
        const key = k.split('\u0000')[2];
        wrong.set(key, (wrong.get(key) ?? 0) + 1);
      }
      for (const [metric, n] of wrong) {
        const d = differences.find((x) => x.metric === metric);
        if (d) d.counters = n;
        else differences.push({ metric, missing: 0, extra: 0, changed: 0, counters: n });
      }
      if (replace) {
        await query('DELETE FROM metric_counts WHERE month BETWEEN ? AND ? AND metric_key IN (?)', [
          months[0],
          months[11],
          keys,
        ]);
        const dims: [CounterDim, string][] = [
          ['total', "''"],
          ['unit', "COALESCE(unit_id, '')"],
          ['channel', "COALESCE(channel, '')"],
          ['sourceLevel', "COALESCE(source_level, '')"],
        ];
        for (const [dim, value] of dims) {
          await query(
            `INSERT INTO metric_counts (dim, month, metric_key, value, num_month, n)
             SELECT ?, month, metric_key, ${value}, COALESCE(DATE_FORMAT(num_day, '%Y-%m'), ''), COUNT(*)
               FROM metric_items
              WHERE metric_key IN (?) AND month BETWEEN ? AND ? AND pending_due IS NULL
              GROUP BY month, metric_key, ${value}, COALESCE(DATE_FORMAT(num_day, '%Y-%m'), '')`,
            [dim, keys, months[0], months[11]],
          );
        }
        await query(
          `INSERT INTO metric_ledger_years (year, rebuilt_at) VALUES (?, ?)
           ON DUPLICATE KEY UPDATE rebuilt_at = VALUES(rebuilt_at)`,
          [year, ctx.now],
        );
      }
      return {
        year,
        items,
        consistent: differences.length === 0,
        differences,
        replaced: replace,
        seconds: (Date.now() - started) / 1000,
      };
    });
  }
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
