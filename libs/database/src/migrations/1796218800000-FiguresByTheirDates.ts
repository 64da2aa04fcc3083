import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Figures placed by the dates they are defined by (issue 18):
 * - 系统交转办信访件办结率 counts every handed-down case by its deadline (the upper office's 办理期限,
 *   else its handling clock, else registration + the statutory days), not only those with a
 *   handling clock: an index to find a year's cases by 办理期限.
 * - A lapsed evaluation (超期未评价) is dated by its window's end (24:00 of the window's last day),
 *   as the lapse sweep and the history import now record it; those the sweep recorded at the
 *   time it ran are moved to the end of their (latest) evaluation window.
 * The stored summaries are then stale: each year is computed from the raw rows until it is
 * rebuilt, as after a history import.
 */
export class FiguresByTheirDates1796218800000 implements MigrationInterface {
  name = 'FiguresByTheirDates1796218800000';

  async up(q: QueryRunner): Promise<void> {
    await q.query('CREATE INDEX ix_cases_provincial_due ON cases (provincial_due_date)');
    await q.query(`
      UPDATE cases c
        JOIN clocks k ON k.case_id = c.id AND k.kind = 'evaluation_window'
         AND k.id = (SELECT MAX(k2.id) FROM clocks k2
                      WHERE k2.case_id = k.case_id AND k2.kind = 'evaluation_window')
         SET c.evaluated_at = k.due_at
       WHERE c.evaluation = 'lapsed' AND c.evaluated_at <> k.due_at`);
    await q.query('DELETE FROM metric_ledger_years');
    await q.query(`
      INSERT IGNORE INTO metric_ledger_backfill (id, required_at)
      SELECT 1, UTC_TIMESTAMP(3) FROM DUAL WHERE EXISTS (SELECT 1 FROM cases)`);
  }

  async down(q: QueryRunner): Promise<void> {
    // the lapses keep the window's end: it is the date they belong to
    await q.query('DROP INDEX ix_cases_provincial_due ON cases');
  }
}
