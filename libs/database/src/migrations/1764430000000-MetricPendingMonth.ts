import type { MigrationInterface, QueryRunner } from 'typeorm';

/** The counter dimensions and their whole-year twins, as `MetricLedger` keeps them. */
const DIMS = `SELECT 'total' AS dim UNION ALL SELECT 'unit' UNION ALL SELECT 'channel'
  UNION ALL SELECT 'sourceLevel'`;

/**
 * Now-dependent items (a running triage clock, a letter not yet answered) enter the counters by
 * the Shanghai month they fall due in (`pending_month`; '' for items that count now): a reader
 * takes the counters of the months gone by and counts only the items falling due in the current
 * month at query time, instead of every such item of the period at every request. Until now
 * they were left out of the counters; here they are added from the stored items, monthly and
 * folded over their year exactly as the writers fold them.
 */
export class MetricPendingMonth1764430000000 implements MigrationInterface {
  name = 'MetricPendingMonth1764430000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE metric_counts
        ADD COLUMN pending_month CHAR(7) NOT NULL DEFAULT '' AFTER num_month,
        DROP PRIMARY KEY,
        ADD PRIMARY KEY (dim, month, metric_key, value, num_month, pending_month)`);
    const value = `CASE d.dim WHEN 'total' THEN ''
        WHEN 'unit' THEN COALESCE(CAST(i.unit_id AS CHAR), '')
        WHEN 'channel' THEN COALESCE(i.channel, '')
        ELSE COALESCE(i.source_level, '') END`;
    const numMonth = `COALESCE(DATE_FORMAT(i.num_day, '%Y-%m'), '')`;
    const pendingMonth = `DATE_FORMAT(i.pending_due + INTERVAL 8 HOUR, '%Y-%m')`;
    // monthly
    await q.query(`
      INSERT INTO metric_counts (dim, month, metric_key, value, num_month, pending_month, n)
      SELECT d.dim, i.month, i.metric_key, ${value}, ${numMonth}, ${pendingMonth}, COUNT(*)
        FROM metric_items i CROSS JOIN (${DIMS}) d
       WHERE i.pending_due IS NOT NULL
       GROUP BY 1, 2, 3, 4, 5, 6`);
    // whole years: a numerator month inside the item's year (or before it) folded into YYYY-12
    await q.query(`
      INSERT INTO metric_counts (dim, month, metric_key, value, num_month, pending_month, n)
      SELECT CONCAT('y', d.dim), LEFT(i.month, 4), i.metric_key, ${value},
             IF(${numMonth} <> '' AND ${numMonth} <= CONCAT(LEFT(i.month, 4), '-12'),
                CONCAT(LEFT(i.month, 4), '-12'), ${numMonth}),
             ${pendingMonth}, COUNT(*)
        FROM metric_items i CROSS JOIN (${DIMS}) d
       WHERE i.pending_due IS NOT NULL
       GROUP BY 1, 2, 3, 4, 5, 6`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query("DELETE FROM metric_counts WHERE pending_month <> ''");
    await q.query(`
      ALTER TABLE metric_counts
        DROP PRIMARY KEY,
        ADD PRIMARY KEY (dim, month, metric_key, value, num_month),
        DROP COLUMN pending_month`);
  }
}
