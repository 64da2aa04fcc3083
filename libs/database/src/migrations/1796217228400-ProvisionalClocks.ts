import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * clocks.provisional: the clock was counted over a year whose State Council holiday notice is not
 * loaded (weekends only), so its due date may still move when the year is loaded; the case keeps
 * the flag of its nearest clock beside next_due_at. Running clocks already counted into such a year
 * are marked here: a rule clock whose result depends on the calendar (working days, or a last day
 * that rolls over a day off) and whose last day falls in a year with no loaded calendar.
 */
export class ProvisionalClocks1796217228400 implements MigrationInterface {
  name = 'ProvisionalClocks1796217228400';

  async up(q: QueryRunner): Promise<void> {
    await q.query('ALTER TABLE clocks ADD provisional TINYINT NOT NULL DEFAULT 0 AFTER fixed_due');
    await q.query(
      'ALTER TABLE cases ADD next_due_provisional TINYINT NOT NULL DEFAULT 0 AFTER next_clock_kind',
    );
    await q.query(
      `UPDATE clocks SET provisional = 1
        WHERE status = 'running' AND fixed_due = 0
          AND (unit = 'working_days' OR roll_over_holiday = 1)
          AND YEAR(due_date) NOT IN (SELECT year FROM calendar_versions)`,
    );
    await q.query(
      `UPDATE cases c JOIN clocks k
          ON k.case_id = c.id AND k.status = 'running' AND k.provisional = 1
         AND k.due_at = c.next_due_at AND k.kind = c.next_clock_kind
         SET c.next_due_provisional = 1`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('ALTER TABLE cases DROP COLUMN next_due_provisional');
    await q.query('ALTER TABLE clocks DROP COLUMN provisional');
  }
}
