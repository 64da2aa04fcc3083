import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The raw rows behind a year's figures by the column that places them in it (evaluation time,
 * clock due date, letter issue time): the rebuild and the check read a year without scanning
 * every case and clock.
 */
export class MetricSourceIndexes1764310000001 implements MigrationInterface {
  name = 'MetricSourceIndexes1764310000001';

  async up(q: QueryRunner): Promise<void> {
    await q.query('CREATE INDEX ix_cases_evaluated ON cases (evaluated_at)');
    await q.query('CREATE INDEX ix_clocks_kind_due_date ON clocks (kind, due_date)');
    await q.query('CREATE INDEX ix_supervision_letters_issued ON supervision_letters (issued_at)');
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP INDEX ix_supervision_letters_issued ON supervision_letters');
    await q.query('DROP INDEX ix_clocks_kind_due_date ON clocks');
    await q.query('DROP INDEX ix_cases_evaluated ON cases');
  }
}
