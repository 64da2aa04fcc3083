import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Whole-year counters next to the monthly ones (dims `ytotal`, `yunit`, `ychannel`,
 * `ysourceLevel`, `month` = `YYYY`; a numerator month inside the item's year folded into
 * `YYYY-12`), kept by the same deltas in the writers' transactions: a year's figures read one row
 * per group instead of twelve months of them. Filled here from the monthly counters.
 *
 * The items' unit index covers a drill-down page by unit (a unit's items of a month in id order,
 * with what decides the part; no new index for the writers to keep), and the month index gets the
 * day, so the check of a year reads the items from that index alone.
 */
export class MetricYearCounters1764420000001 implements MigrationInterface {
  name = 'MetricYearCounters1764420000001';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      INSERT INTO metric_counts (dim, month, metric_key, value, num_month, n)
      SELECT CONCAT('y', dim), LEFT(month, 4), metric_key, value,
             IF(num_month <> '' AND num_month <= CONCAT(LEFT(month, 4), '-12'),
                CONCAT(LEFT(month, 4), '-12'), num_month) AS bucket,
             SUM(n)
        FROM metric_counts
       WHERE dim IN ('total', 'unit', 'channel', 'sourceLevel')
       GROUP BY dim, LEFT(month, 4), metric_key, value, bucket`);
    await q.query(`
      ALTER TABLE metric_items
        DROP INDEX ix_metric_items_month,
        DROP INDEX ix_metric_items_unit,
        ADD INDEX ix_metric_items_month
          (metric_key, month, item_id, num_day, pending_due, unit_id, channel, source_level, day),
        ADD INDEX ix_metric_items_unit (metric_key, unit_id, month, item_id, num_day, pending_due)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE metric_items
        DROP INDEX ix_metric_items_month,
        DROP INDEX ix_metric_items_unit,
        ADD INDEX ix_metric_items_month
          (metric_key, month, item_id, num_day, pending_due, unit_id, channel, source_level),
        ADD INDEX ix_metric_items_unit (metric_key, unit_id, month, item_id)`);
    await q.query(
      "DELETE FROM metric_counts WHERE dim IN ('ytotal', 'yunit', 'ychannel', 'ysourceLevel')",
    );
  }
}
