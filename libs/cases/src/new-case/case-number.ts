/**
 * Case numbers read `<prefix>-<year>-<sequence>`, the sequence of the year of registration in
 * Asia/Shanghai padded to at least 6 digits: XF-2022-000123. Every writer of a case (registration,
 * the spreadsheet batch, the history import, review cases, the bench) numbers through here.
 */
export function caseNumber(prefix: string, year: number, seq: number): string {
  return `${prefix}-${year}-${String(seq).padStart(6, '0')}`;
}

/**
 * The same number in SQL, from the sequence a `yearlySequenceBump` just took (LAST_INSERT_ID()),
 * for statement batches that number a case without a round trip; parameters: prefix, year.
 */
export const CASE_NUMBER_FROM_LAST_INSERT_ID_SQL =
  "CONCAT(?, '-', ?, '-', LPAD(LAST_INSERT_ID(), GREATEST(6, CHAR_LENGTH(LAST_INSERT_ID())), '0'))";

/** The year and sequence of one of this bureau's own numbers; null for anyone else's. */
export function parseCaseNumber(
  prefix: string,
  caseNo: string,
): { year: number; seq: number } | null {
  const escaped = prefix.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const m = new RegExp(`^${escaped}-(\\d{4})-(\\d{6,})$`).exec(caseNo);
  return m ? { year: Number(m[1]), seq: Number(m[2]) } : null;
}
