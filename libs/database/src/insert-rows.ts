import type { EntityManager } from 'typeorm';

const snake = (key: string) => key.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);

/**
 * A plain multi-row INSERT for the hottest write paths, where building the statement through
 * TypeORM's metadata costs more CPU than the database spends on it. Keys are entity property
 * names (camelCase, as the naming strategy maps them); returns the first generated id.
 */
export async function insertRows(
  m: EntityManager,
  table: string,
  rows: Record<string, unknown>[],
): Promise<number> {
  if (rows.length === 0) return 0;
  const keys = Object.keys(rows[0]);
  const columns = keys.map((k) => `\`${snake(k)}\``).join(', ');
  const one = `(${keys.map(() => '?').join(', ')})`;
  const values = rows.flatMap((r) => keys.map((k) => r[k] ?? null));
  const result = await m.query<{ insertId: number | string }>(
    `INSERT INTO \`${table}\` (${columns}) VALUES ${rows.map(() => one).join(', ')}`,
    values,
  );
  return Number(result.insertId);
}
