import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * An alert to the admins' inbox (repeated sign-in failures) is a reminder of no clock: its
 * `clock_id` is NULL, which the unique key (clock, stage, due date) lets repeat.
 */
export class AdminAlerts1796217226968 implements MigrationInterface {
  name = 'AdminAlerts1796217226968';

  async up(q: QueryRunner): Promise<void> {
    await q.query('ALTER TABLE reminders MODIFY clock_id BIGINT UNSIGNED NULL');
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(
      'DELETE FROM notifications WHERE reminder_id IN (SELECT id FROM reminders WHERE clock_id IS NULL)',
    );
    await q.query('DELETE FROM reminders WHERE clock_id IS NULL');
    await q.query('ALTER TABLE reminders MODIFY clock_id BIGINT UNSIGNED NOT NULL');
  }
}
