import { QueryFailedError } from 'typeorm';

/** True when the error is MySQL's duplicate-key error, optionally for one named unique index. */
export function isUniqueViolation(error: unknown, indexName?: string): boolean {
  if (!(error instanceof QueryFailedError)) return false;
  const driverError = error.driverError as { code?: string; sqlMessage?: string } | undefined;
  if (driverError?.code !== 'ER_DUP_ENTRY') return false;
  if (!indexName) return true;
  // MariaDB says "for key 'uq_x'", MySQL 8 "for key 'table.uq_x'".
  return new RegExp(`for key '(?:[^']*\\.)?${indexName}'`).test(driverError.sqlMessage ?? '');
}
