import type { DataSource, EntityManager } from 'typeorm';
import { queryWithTimeLimit } from './time-limit';

/**
 * How many rows a list's filter finds for the caller, over all its pages. `exact: false` means
 * counting stopped at the limit: there are at least `value` (never a guess from statistics, which
 * could say more or fewer than the caller may see).
 */
export interface ListTotal {
  value: number;
  exact: boolean;
}

/** The count of a `SELECT` that read at most `limit + 1` rows, as a total. */
export function totalUpTo(counted: number, limit: number | null): ListTotal {
  return limit !== null && counted > limit
    ? { value: limit, exact: false }
    : { value: counted, exact: true };
}

/**
 * `SELECT COUNT(*)` over the rows `select` finds, reading at most `limit + 1` of them (null: all),
 * so a broad filter costs a bounded read. `select` is the list's own query without its ORDER BY
 * and LIMIT, so the total counts exactly what the pages show.
 */
export async function countUpTo(
  db: DataSource | EntityManager,
  select: string,
  params: unknown[],
  limit: number | null,
): Promise<ListTotal> {
  const rows = await db.query<{ n: string | number }[]>(countSql(select, limit), params);
  return totalUpTo(Number(rows[0]?.n ?? 0), limit);
}

/** `countUpTo`, or null when the server gave up after `ms` milliseconds. */
export async function countUpToWithin(
  db: DataSource,
  select: string,
  params: unknown[],
  limit: number | null,
  ms: number,
): Promise<ListTotal | null> {
  const rows = await queryWithTimeLimit<{ n: string | number }>(
    db,
    countSql(select, limit),
    params,
    ms,
  );
  return rows ? totalUpTo(Number(rows[0]?.n ?? 0), limit) : null;
}

function countSql(select: string, limit: number | null): string {
  const tail = limit === null ? '' : ` LIMIT ${Math.floor(limit) + 1}`;
  return `SELECT COUNT(*) AS n FROM (${select}${tail}) AS counted`;
}

/**
 * What a list request asks of its total: `estimate` (the default) counts up to the configured
 * limit (LIST_EXACT_TOTAL_LIMIT) and says `exact: false` above it; `exact` counts every row;
 * `none` skips counting (a client paging on, which has the total from its first page).
 */
export const TOTAL_MODES = ['estimate', 'exact', 'none'] as const;
export type TotalMode = (typeof TOTAL_MODES)[number];

/** The total a list request asked for: `count` with the limit its mode sets, or null for `none`. */
export function totalFor(
  mode: TotalMode,
  exactLimit: number,
  count: (limit: number | null) => Promise<ListTotal | null>,
): Promise<ListTotal | null> {
  if (mode === 'none') return Promise.resolve(null);
  return count(mode === 'exact' ? null : exactLimit);
}
