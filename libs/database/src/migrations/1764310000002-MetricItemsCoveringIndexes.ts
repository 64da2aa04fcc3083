import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A drill-down page filters a month's items by part and group and a year's figures count the
 * now-dependent items that fell due: both read only these indexes, never the rows.
 */
export class MetricItemsCoveringIndexes1764310000002 implements MigrationInterface {
  name = 'MetricItemsCoveringIndexes1764310000002';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE metric_items
        DROP INDEX ix_metric_items_month,
        DROP INDEX ix_metric_items_pending,
        ADD INDEX ix_metric_items_month
          (metric_key, month, item_id, num_day, pending_due, unit_id, channel, source_level),
        ADD INDEX ix_metric_items_pending
          (pending_due, month, metric_key, num_day, unit_id, channel, source_level)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE metric_items
        DROP INDEX ix_metric_items_month,
        DROP INDEX ix_metric_items_pending,
        ADD INDEX ix_metric_items_month (metric_key, month, item_id),
        ADD INDEX ix_metric_items_pending (pending_due)`);
  }
}
