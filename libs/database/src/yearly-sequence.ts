import type { EntityManager } from 'typeorm';

/** The per-year counters of numbered records: the table and the column that holds the prefix. */
const SEQUENCES = {
  case_number_sequences: 'prefix',
  supervision_letter_sequences: 'code',
} as const;

/**
 * The next number of a per-key, per-year sequence, taken inside the caller's transaction: the
 * row lock serialises concurrent takers, and a rolled-back transaction gives its number back, so
 * the numbers have no gaps and no duplicates.
 */
export async function nextYearlySequence(
  m: EntityManager,
  table: keyof typeof SEQUENCES,
  key: string,
  year: number,
): Promise<number> {
  const keyColumn = SEQUENCES[table];
  await m.query(
    `INSERT INTO ${table} (${keyColumn}, year, last_seq) VALUES (?, ?, LAST_INSERT_ID(1))
     ON DUPLICATE KEY UPDATE last_seq = LAST_INSERT_ID(last_seq + 1)`,
    [key, year],
  );
  const [row] = await m.query<{ seq: number | string }[]>('SELECT LAST_INSERT_ID() AS seq');
  return Number(row.seq);
}
