import type { MigrationInterface, QueryRunner } from 'typeorm';

const TABLE = 'ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci';

/**
 * The metric summaries kept by the writers in their own transactions: each item behind a figure
 * (membership, groups, when it enters the numerator, when a now-dependent item starts to count)
 * and per-month counters by group. A database that already holds cases has to rebuild them
 * (year by year) before the figures are read from them.
 */
export class MetricLedger1764310000000 implements MigrationInterface {
  name = 'MetricLedger1764310000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE metric_items (
        metric_key VARCHAR(60) NOT NULL,
        item_id BIGINT UNSIGNED NOT NULL,
        day DATE NOT NULL,
        month CHAR(7) NOT NULL,
        unit_id INT UNSIGNED NULL,
        channel VARCHAR(10) NULL,
        source_level VARCHAR(12) NULL,
        num_day DATE NULL,
        pending_due DATETIME(3) NULL,
        PRIMARY KEY (metric_key, item_id),
        KEY ix_metric_items_month (metric_key, month, item_id),
        KEY ix_metric_items_unit (metric_key, unit_id, month, item_id),
        KEY ix_metric_items_pending (pending_due)
      ) ${TABLE}`);
    await q.query(`
      CREATE TABLE metric_counts (
        dim VARCHAR(12) NOT NULL,
        month CHAR(7) NOT NULL,
        metric_key VARCHAR(60) NOT NULL,
        value VARCHAR(20) NOT NULL,
        num_month CHAR(7) NOT NULL,
        n INT NOT NULL,
        PRIMARY KEY (dim, month, metric_key, value, num_month)
      ) ${TABLE}`);
    await q.query(`
      CREATE TABLE metric_ledger_years (
        year SMALLINT UNSIGNED NOT NULL,
        rebuilt_at DATETIME(3) NOT NULL,
        PRIMARY KEY (year)
      ) ${TABLE}`);
    await q.query(`
      CREATE TABLE metric_ledger_backfill (
        id TINYINT UNSIGNED NOT NULL,
        required_at DATETIME(3) NOT NULL,
        PRIMARY KEY (id)
      ) ${TABLE}`);
    // Rows written before the summaries existed are not in them: until a year is rebuilt its
    // figures are computed from the raw rows.
    await q.query(`
      INSERT INTO metric_ledger_backfill (id, required_at)
      SELECT 1, UTC_TIMESTAMP(3) FROM DUAL
       WHERE EXISTS (SELECT 1 FROM cases) OR EXISTS (SELECT 1 FROM supervision_letters)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE metric_ledger_backfill');
    await q.query('DROP TABLE metric_ledger_years');
    await q.query('DROP TABLE metric_counts');
    await q.query('DROP TABLE metric_items');
  }
}
