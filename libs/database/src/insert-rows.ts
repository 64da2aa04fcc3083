import type { EntityManager } from 'typeorm';

const snake = (key: string) => key.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);

/**
 * The statement of a plain multi-row INSERT: keys are entity property names (camelCase, as the
 * naming strategy maps them). `sqlValues` names properties whose value is an SQL expression of
 * the same batch (a session variable such as `@case_id`), written as is instead of a placeholder.
 */
export function insertRowsSql(
  table: string,
  rows: Record<string, unknown>[],
  sqlValues: Record<string, string> = {},
): [string, unknown[]] {
  const keys = [...new Set([...Object.keys(rows[0]), ...Object.keys(sqlValues)])];
  const columns = keys.map((k) => `\`${snake(k)}\``).join(', ');
  const one = `(${keys.map((k) => sqlValues[k] ?? '?').join(', ')})`;
  const values = rows.flatMap((r) =>
    keys.filter((k) => !(k in sqlValues)).map((k) => r[k] ?? null),
  );
  return [`INSERT INTO \`${table}\` (${columns}) VALUES ${rows.map(() => one).join(', ')}`, values];
}

/**
 * A plain multi-row INSERT for the hottest write paths, where building the statement through
 * TypeORM's metadata costs more CPU than the database spends on it. Returns the first generated id.
 */
export async function insertRows(
  m: EntityManager,
  table: string,
  rows: Record<string, unknown>[],
): Promise<number> {
  if (rows.length === 0) return 0;
  const result = await m.query<{ insertId: number | string }>(...insertRowsSql(table, rows));
  return Number(result.insertId);
}
