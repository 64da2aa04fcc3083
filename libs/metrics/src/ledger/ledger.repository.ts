import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import type { DeferredStatements } from '@app/core';
import { SqlBatch } from '@app/database';
import type { Period } from '../metric-math';
import type { GroupDimension } from '../metric-registry';
import type { RawQuery } from '../metrics.repository';
import { counterDeltas, N, type CounterRow } from './ledger-counters';
import { monthAligned, monthsBetween, monthStart } from './ledger-months';
import type { LedgerRow } from './ledger-rows';
import { itemsSql, loadItemSources } from './rebuild-items-sql';

type Raw = Record<string, unknown>;

const ITEM_COLUMNS: Record<GroupDimension, string> = {
  unit: 'unit_id',
  channel: 'channel',
  sourceLevel: 'source_level',
  month: 'month',
};

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

/** Each item row's CRC32, XORed over a group (every column of the row but the figure's key). */
const FINGERPRINT = `COUNT(*) AS n, SUM(item_id) AS ids,
  BIT_XOR(CRC32(CONCAT_WS('|', item_id, day, COALESCE(unit_id, '-'), COALESCE(channel, '-'),
    COALESCE(source_level, '-'), COALESCE(num_day, '-'), COALESCE(pending_due, '-')))) AS fp`;
/** The raw side: by everything a counter tells apart, to count the counters from it too. */
const RAW_GROUPS = `SELECT metric_key AS k, month, unit_id AS u, channel AS ch, source_level AS sl,
  COALESCE(DATE_FORMAT(num_day, '%Y-%m'), '') AS nm,
  COALESCE(DATE_FORMAT(pending_due + INTERVAL 8 HOUR, '%Y-%m'), '') AS pm, ${FINGERPRINT}`;
const RAW_GROUP_BY = 'k, month, u, ch, sl, nm, pm';

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

/** Which page of a figure's items: its numerator or denominator, of a group, after an id. */
export interface ItemPageQuery {
  part: 'numerator' | 'denominator';
  groupBy?: GroupDimension;
  group?: string | number | null;
  after: number;
  limit: number;
}

/** The months a year's summaries are kept under: its first, its last, and the year's own. */
const yearMonths = (year: number) => [`${year}-01`, `${year}-12`, String(year)];

/**
 * The summaries' tables, in raw SQL: `metric_items` (one row per item behind a figure),
 * `metric_counts` (the counters by month and year), `metric_ledger_years` and
 * `metric_ledger_backfill` (which years the summaries cover). The writers' methods take the
 * writer's own query (its transaction); the rebuild's run in the transaction `transaction` opens.
 */
@Injectable()
export class LedgerRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  private readonly direct: RawQuery = (sql, params) => this.db.query<Raw[]>(sql, params);

  /** Runs `work` in a transaction of this isolation level, its statements through `query`. */
  transaction<T>(
    isolation: 'READ COMMITTED' | 'REPEATABLE READ',
    work: (query: RawQuery) => Promise<T>,
  ): Promise<T> {
    return this.db.transaction(isolation, (m) =>
      work((sql, params) => m.query<Raw[]>(sql, params)),
    );
  }

  // ---------------------------------------------------------------- writing (in the writer's transaction)

  /** The stored items of these figures and ids, by `key:id`. */
  async storedItems(
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
  async applyChanges(
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

  // ---------------------------------------------------------------- reading

  /**
   * The parts of whole months: the counters (`k`, `v`, `num`, `den`) of `dim` over the period's
   * months (or its whole `years`), leaving out now-dependent items falling due in `thisMonth` or
   * later, and those items of this month that are due by `now`, by group. Null when the summaries
   * do not cover the period (read in the same round trip).
   */
  async countedParts(
    period: Period,
    q: {
      dim: string;
      years: string[] | null;
      groupBy: GroupDimension | undefined;
      keys: readonly string[];
      thisMonth: string;
      now: Date;
    },
  ): Promise<{ counters: Raw[]; due: Raw[] } | null> {
    const fromMonth = period.from.slice(0, 7);
    const toMonth = period.to.slice(0, 7);
    const col = q.groupBy ? ITEM_COLUMNS[q.groupBy] : "''";
    const [covered, counters, due] = (await coverage(period)
      .add(
        `SELECT metric_key AS k, ${q.groupBy === 'month' ? 'month' : 'value'} AS v, SUM(n) AS den,
                SUM(CASE WHEN num_month <> '' AND num_month <= ? THEN n ELSE 0 END) AS num
           FROM metric_counts
          WHERE dim = ? AND ${q.years ? 'month IN (?)' : 'month BETWEEN ? AND ?'}
            AND metric_key IN (?) AND (pending_month = '' OR pending_month < ?)
          GROUP BY metric_key, v`,
        [
          toMonth,
          ...(q.years ? [q.dim, q.years] : [q.dim, fromMonth, toMonth]),
          q.keys,
          q.thisMonth,
        ],
      )
      .add(
        `SELECT metric_key AS k, ${col} AS v, COUNT(*) AS den,
                SUM(num_day IS NOT NULL AND num_day <= ?) AS num
           FROM metric_items
          WHERE pending_due >= ? AND pending_due <= ? AND month BETWEEN ? AND ?
            AND metric_key IN (?)
          GROUP BY metric_key, v`,
        [period.to, monthStart(q.thisMonth), q.now, fromMonth, toMonth, q.keys],
      )
      .run(this.db.manager)) as Raw[][];
    return isCovered(period, covered) ? { counters, due } : null;
  }

  /**
   * The parts of any period from the items themselves (`k`, `v`, `num`, `den`), those due by
   * `now`; null when the summaries do not cover the period.
   */
  async itemParts(
    period: Period,
    groupBy: GroupDimension | undefined,
    keys: readonly string[],
    now: Date,
  ): Promise<Raw[] | null> {
    const fromMonth = period.from.slice(0, 7);
    const toMonth = period.to.slice(0, 7);
    const col = groupBy ? ITEM_COLUMNS[groupBy] : "''";
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
    return isCovered(period, covered) ? items : null;
  }

  /** One page of a figure's items in id order (keyset), across the period's months. */
  async itemPage(
    key: string,
    period: Period,
    q: ItemPageQuery,
    now: Date,
  ): Promise<{ id: unknown; numDay: string | null; month: unknown }[]> {
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
    return this.db.query<{ id: unknown; numDay: string | null; month: unknown }[]>(
      `${selects.join(' UNION ALL ')} ORDER BY id LIMIT ${Number(q.limit)}`,
      params,
    );
  }

  // ---------------------------------------------------------------- rebuilding

  /** The stored items of a year by figure and month: count, sum of ids, fingerprint (`n`, `ids`, `fp`). */
  storedSums(keys: readonly string[], year: number, query: RawQuery = this.direct) {
    const [first, last] = yearMonths(year);
    return query(
      `SELECT metric_key AS k, month, ${FINGERPRINT} FROM metric_items
      WHERE metric_key IN (?) AND month BETWEEN ? AND ? GROUP BY metric_key, month`,
      [keys, first, last],
    );
  }

  /** The stored counters of a year (its months' and the year's own), those not zero. */
  storedCounters(keys: readonly string[], year: number, query: RawQuery = this.direct) {
    return query(
      `SELECT dim, month, metric_key AS k, value, num_month AS numMonth,
      pending_month AS pendingMonth, n
      FROM metric_counts WHERE (month BETWEEN ? AND ? OR month = ?) AND metric_key IN (?) AND n <> 0`,
      [...yearMonths(year), keys],
    );
  }

  /** Runs `work` with the temporary tables of these figures' sources filled, then drops them. */
  async withItemSources<T>(
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

  /**
   * The recomputed items of these figures (from the sources' temporary tables), by everything a
   * counter tells apart: `k`, `month`, `u`, `ch`, `sl`, `nm`, `pm` and their `n`, `ids`, `fp`.
   */
  async rawGroups(query: RawQuery, keys: readonly string[]): Promise<Raw[]> {
    const out: Raw[] = [];
    for (const key of keys) {
      const { sql, params } = itemsSql(key);
      out.push(...(await query(`${RAW_GROUPS} FROM (${sql}) x GROUP BY ${RAW_GROUP_BY}`, params)));
    }
    return out;
  }

  /**
   * A year's items and counters replaced by the recomputed ones (from the sources' temporary
   * tables, and these `counters`), and the year marked rebuilt at `now`.
   */
  async replaceYear(
    query: RawQuery,
    keys: readonly string[],
    year: number,
    counters: CounterRow[],
    now: Date,
  ) {
    const months = yearMonths(year);
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
    for (let i = 0; i < counters.length; i += 5000) {
      await query(
        `INSERT INTO metric_counts (dim, month, metric_key, value, num_month, pending_month, n)
         VALUES ?`,
        [counters.slice(i, i + 5000)],
      );
    }
    await query(
      `INSERT INTO metric_ledger_years (year, rebuilt_at) VALUES (?, ?)
       ON DUPLICATE KEY UPDATE rebuilt_at = VALUES(rebuilt_at)`,
      [year, now],
    );
  }
}
