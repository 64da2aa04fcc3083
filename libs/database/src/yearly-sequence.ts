import type { EntityManager } from 'typeorm';

/** The per-year counters of numbered records: the table and the column that holds the prefix. */
const SEQUENCES = {
  case_number_sequences: 'prefix',
  supervision_letter_sequences: 'code',
  notice_sequences: 'code',
} as const;

/**
 * The statement that takes the next `count` numbers of a year: LAST_INSERT_ID(expr) puts the
 * last one in the statement's own reply (and in LAST_INSERT_ID() for the statements after it).
 */
export function yearlySequenceBump(
  table: keyof typeof SEQUENCES,
  key: string,
  year: number,
  count = 1,
): [string, unknown[]] {
  return [
    `INSERT INTO ${table} (${SEQUENCES[table]}, year, last_seq) VALUES (?, ?, LAST_INSERT_ID(?))
     ON DUPLICATE KEY UPDATE last_seq = LAST_INSERT_ID(last_seq + ?)`,
    [key, year, count, count],
  ];
}

/**
 * The next number of a per-key, per-year sequence, taken inside the caller's transaction: the
 * row lock serialises concurrent takers, and a rolled-back transaction gives its number back, so
 * the numbers have no gaps and no duplicates. With `count`, takes that many at once and returns
 * the last of them (a batch numbers its rows last - count + 1 … last).
 */
export async function nextYearlySequence(
  m: EntityManager,
  table: keyof typeof SEQUENCES,
  key: string,
  year: number,
  count = 1,
): Promise<number> {
  const [sql, params] = yearlySequenceBump(table, key, year, count);
  const result = await m.query<{ insertId: number | string }>(sql, params);
  const seq = Number(result.insertId);
  if (!Number.isInteger(seq) || seq < 1) throw new Error(`Sequence ${table} gave no number`);
  return seq;
}

/**
 * Moves a year's sequence past a number given before (a record of the past keeps its number),
 * never back, inside the caller's transaction: numbers taken later neither repeat nor undercut it.
 */
export async function advanceYearlySequence(
  m: EntityManager,
  table: keyof typeof SEQUENCES,
  key: string,
  year: number,
  seq: number,
): Promise<void> {
  await m.query(
    `INSERT INTO ${table} (${SEQUENCES[table]}, year, last_seq) VALUES (?, ?, ?)
     ON DUPLICATE KEY UPDATE last_seq = GREATEST(last_seq, VALUES(last_seq))`,
    [key, year, seq],
  );
}
