import type { MigrationInterface, QueryRunner } from 'typeorm';

/** The petitioner's windows (PETITIONER_WINDOW_KINDS in libs/deadlines, DESIGN §4). */
const WINDOWS = ['review_request_window', 're_review_request_window', 'evaluation_window'];
const IN = `(${WINDOWS.map(() => '?').join(', ')})`;

/**
 * The petitioner's windows are no one's overdue work: their reminder stages are switched off
 * (the rows stay, so an administrator sees them), their running clocks stop owing stages, and a
 * case whose nearest due time was a window takes the nearest clock the bureau or a unit must meet
 * (none: NULL), as ClockBook.nextDue now keeps it.
 */
export class PetitionerWindowsNoReminders1796217228000 implements MigrationInterface {
  name = 'PetitionerWindowsNoReminders1796217228000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(
      `UPDATE reminder_rules SET enabled = 0, version = version + 1, updated_at = UTC_TIMESTAMP(3)
        WHERE clock_kind IN ${IN} AND enabled = 1`,
      WINDOWS,
    );
    await q.query(
      `UPDATE clocks SET next_stage = NULL, next_stage_at = NULL
        WHERE kind IN ${IN} AND next_stage_at IS NOT NULL`,
      WINDOWS,
    );
    const nearest = (column: string) => `(
      SELECT k.${column} FROM clocks k
       WHERE k.case_id = c.id AND k.status = 'running' AND k.kind NOT IN ${IN}
       ORDER BY k.due_at, k.id LIMIT 1)`;
    await q.query(
      `UPDATE cases c SET c.next_due_at = ${nearest('due_at')}, c.next_clock_kind = ${nearest('kind')}
        WHERE c.next_clock_kind IN ${IN}`,
      [...WINDOWS, ...WINDOWS, ...WINDOWS],
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(
      `UPDATE reminder_rules SET enabled = 1, version = version + 1, updated_at = UTC_TIMESTAMP(3)
        WHERE clock_kind IN ${IN} AND enabled = 0`,
      WINDOWS,
    );
    await q.query(
      `UPDATE clocks SET next_stage = NULL, next_stage_at = updated_at
        WHERE kind IN ${IN} AND status = 'running'`,
      WINDOWS,
    );
  }
}
