import type { MigrationInterface, QueryRunner } from 'typeorm';

const TABLE = 'ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci';

const CLOCK_KINDS = [
  'triage',
  'acceptance_notice',
  'objection_window',
  'handling',
  'assignment_report',
  'review_request_window',
  'review_decision',
  're_review_request_window',
  're_review_decision',
  'supervision_reply',
  'evaluation_window',
];

/** The defaults of DESIGN §4 (also in libs/reminders/src/stages.ts, which governs kinds added later). */
const STAGES: [string, number, string, string][] = [
  ['due_soon', -3, 'working_days', 'unit_handlers,officer'],
  ['due_today', 0, 'calendar_days', 'unit_handlers,officer'],
  ['overdue', 1, 'calendar_days', 'unit_handlers,officer'],
  ['escalated', 5, 'working_days', 'supervisors,officer'],
];

/**
 * Reminders (DESIGN §4): each running clock carries its next reminder stage and when it fires
 * (indexed, so the sweep reads only what is owed); supervision letters get clock rows; reminders
 * (unique per clock, stage and due date), inbox entries, outbound deliveries, stage rules and
 * webhook endpoints.
 */
export class Reminders1764280000000 implements MigrationInterface {
  name = 'Reminders1764280000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE clocks
        MODIFY case_id BIGINT UNSIGNED NULL,
        ADD COLUMN letter_id BIGINT UNSIGNED NULL AFTER hop_id,
        ADD COLUMN next_stage VARCHAR(20) NULL,
        ADD COLUMN next_stage_at DATETIME(3) NULL,
        ADD INDEX ix_clocks_letter (letter_id, status),
        ADD INDEX ix_clocks_next_stage (next_stage_at)`);
    // Open clocks are derived on the first sweep (a NULL stage means "derive from scratch").
    await q.query(`UPDATE clocks SET next_stage_at = updated_at WHERE status = 'running'`);
    // Letters still awaiting a reply get their reply clock.
    await q.query(`
      INSERT INTO clocks (case_id, hop_id, letter_id, kind, status, started_at, length, unit,
                          roll_over_holiday, extended_days, paused_days, fixed_due, due_date, due_at,
                          ended_at, version, updated_at, next_stage, next_stage_at)
      SELECT NULL, NULL, id, 'supervision_reply', 'running', issued_at, 0, 'calendar_days', 0, 0, 0, 1,
             reply_due_date, reply_due_at, NULL, 1, updated_at, NULL, updated_at
        FROM supervision_letters WHERE status IN ('issued', 'received', 'returned')`);

    await q.query(`
      CREATE TABLE reminder_rules (
        clock_kind VARCHAR(40) NOT NULL,
        stage VARCHAR(20) NOT NULL,
        enabled TINYINT NOT NULL,
        offset_days SMALLINT NOT NULL,
        offset_unit VARCHAR(20) NOT NULL,
        recipients VARCHAR(100) NOT NULL,
        channels VARCHAR(50) NOT NULL,
        version INT UNSIGNED NOT NULL,
        updated_at DATETIME(3) NOT NULL,
        updated_by INT UNSIGNED NULL,
        PRIMARY KEY (clock_kind, stage)
      ) ${TABLE}`);
    const rows = CLOCK_KINDS.flatMap((kind) => STAGES.map((s) => [kind, ...s]));
    await q.query(
      `INSERT INTO reminder_rules (clock_kind, stage, enabled, offset_days, offset_unit, recipients,
                                   channels, version, updated_at, updated_by)
       VALUES ${rows.map(() => `(?, ?, 1, ?, ?, ?, 'webhook,email', 1, UTC_TIMESTAMP(3), NULL)`).join(', ')}`,
      rows.flat(),
    );

    await q.query(`
      CREATE TABLE reminders (
        id BIGINT UNSIGNED NOT NULL AUTO_INCREMENT,
        clock_id BIGINT UNSIGNED NOT NULL,
        stage VARCHAR(20) NOT NULL,
        due_date DATE NOT NULL,
        clock_kind VARCHAR(40) NOT NULL,
        case_id BIGINT UNSIGNED NULL,
        letter_id BIGINT UNSIGNED NULL,
        unit_id INT UNSIGNED NULL,
        fire_at DATETIME(3) NOT NULL,
        recorded_at DATETIME(3) NOT NULL,
        title VARCHAR(200) NOT NULL,
        body VARCHAR(1000) NOT NULL,
        payload TEXT NOT NULL,
        PRIMARY KEY (id),
        UNIQUE INDEX uq_reminders_key (clock_id, stage, due_date),
        INDEX ix_reminders_case (case_id, id),
        INDEX ix_reminders_recorded (recorded_at)
      ) ${TABLE}`);
    await q.query(`
      CREATE TABLE notifications (
        id BIGINT UNSIGNED NOT NULL AUTO_INCREMENT,
        user_id INT UNSIGNED NOT NULL,
        reminder_id BIGINT UNSIGNED NOT NULL,
        created_at DATETIME(3) NOT NULL,
        read_at DATETIME(3) NULL,
        PRIMARY KEY (id),
        UNIQUE INDEX uq_notifications_reminder_user (reminder_id, user_id),
        INDEX ix_notifications_user (user_id, id),
        INDEX ix_notifications_user_unread (user_id, read_at)
      ) ${TABLE}`);
    await q.query(`
      CREATE TABLE reminder_deliveries (
        id BIGINT UNSIGNED NOT NULL AUTO_INCREMENT,
        reminder_id BIGINT UNSIGNED NOT NULL,
        channel VARCHAR(10) NOT NULL,
        target_id INT UNSIGNED NOT NULL,
        status VARCHAR(10) NOT NULL,
        attempts SMALLINT UNSIGNED NOT NULL,
        round SMALLINT UNSIGNED NOT NULL,
        last_error VARCHAR(500) NULL,
        next_attempt_at DATETIME(3) NULL,
        delivered_at DATETIME(3) NULL,
        updated_at DATETIME(3) NOT NULL,
        PRIMARY KEY (id),
        UNIQUE INDEX uq_reminder_deliveries_target (reminder_id, channel, target_id),
        INDEX ix_reminder_deliveries_due (status, next_attempt_at)
      ) ${TABLE}`);
    await q.query(`
      CREATE TABLE webhook_endpoints (
        id INT UNSIGNED NOT NULL AUTO_INCREMENT,
        name VARCHAR(100) NOT NULL,
        url VARCHAR(500) NOT NULL,
        secret VARCHAR(200) NOT NULL,
        enabled TINYINT NOT NULL,
        version INT UNSIGNED NOT NULL,
        created_at DATETIME(3) NOT NULL,
        updated_at DATETIME(3) NOT NULL,
        PRIMARY KEY (id)
      ) ${TABLE}`);
    await q.query(`
      CREATE TABLE user_contacts (
        user_id INT UNSIGNED NOT NULL,
        email VARCHAR(254) NULL,
        updated_at DATETIME(3) NOT NULL,
        PRIMARY KEY (user_id)
      ) ${TABLE}`);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const t of [
      'user_contacts',
      'webhook_endpoints',
      'reminder_deliveries',
      'notifications',
      'reminders',
      'reminder_rules',
    ]) {
      await q.query(`DROP TABLE ${t}`);
    }
    await q.query('DELETE FROM clocks WHERE case_id IS NULL');
    await q.query(`
      ALTER TABLE clocks
        DROP INDEX ix_clocks_next_stage,
        DROP INDEX ix_clocks_letter,
        DROP COLUMN next_stage_at,
        DROP COLUMN next_stage,
        DROP COLUMN letter_id,
        MODIFY case_id BIGINT UNSIGNED NOT NULL`);
  }
}
