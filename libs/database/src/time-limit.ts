import { QueryFailedError, type DataSource } from 'typeorm';

/**
 * A SELECT that the server stops after `ms` milliseconds, in the dialect of the server the data
 * source talks to: MariaDB's `SET STATEMENT max_statement_time` (seconds), MySQL 8's
 * `MAX_EXECUTION_TIME` optimizer hint. Returns null when the time ran out.
 */
export async function queryWithTimeLimit<T>(
  db: DataSource,
  select: string,
  params: unknown[],
  ms: number,
): Promise<T[] | null> {
  const sql =
    db.options.type === 'mariadb'
      ? `SET STATEMENT max_statement_time = ${(ms / 1000).toFixed(3)} FOR ${select}`
      : select.replace(/^\s*SELECT\b/i, `SELECT /*+ MAX_EXECUTION_TIME(${Math.round(ms)}) */`);
  try {
    return await db.query<T[]>(sql, params);
  } catch (e) {
    if (isTimeLimitError(e)) return null;
    throw e;
  }
}

/** MariaDB's ER_STATEMENT_TIMEOUT (1969) or MySQL's ER_QUERY_TIMEOUT (3024). */
export function isTimeLimitError(error: unknown): boolean {
  if (!(error instanceof QueryFailedError)) return false;
  const errno = (error.driverError as { errno?: number } | undefined)?.errno;
  return errno === 1969 || errno === 3024;
}
