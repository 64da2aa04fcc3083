import type { Pool } from 'mysql2/promise';
import { rows } from './database';

/**
 * What the case-list shapes draw their parameters from: the units with accepted cases, busiest
 * first, and the active second-level category codes.
 */
export async function listParameters(
  sql: Pool,
): Promise<{ unitIds: string[]; busiest: number; second: string[] }> {
  const units = await rows<{ u: number; n: number }>(
    sql,
    `SELECT responsible_unit_id AS u, COUNT(*) AS n FROM cases
      WHERE status = 'accepted' GROUP BY responsible_unit_id ORDER BY n DESC`,
  );
  if (units.length === 0) throw new Error('no accepted cases in the data set');
  const second = (
    await rows<{ code: string }>(sql, 'SELECT code FROM categories WHERE level = 2 AND active = 1')
  ).map((r) => r.code);
  return { unitIds: units.map((r) => String(r.u)), busiest: units[0].u, second };
}
