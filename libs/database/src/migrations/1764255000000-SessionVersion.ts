import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Access tokens carry the user's session version; disabling an account, changing its role or
 * unit, or changing its password bumps it, so tokens already issued stop working at once.
 */
export class SessionVersion1764255000000 implements MigrationInterface {
  name = 'SessionVersion1764255000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(
      'ALTER TABLE users ADD COLUMN session_version INT UNSIGNED NOT NULL DEFAULT 1 AFTER password_changed_at',
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('ALTER TABLE users DROP COLUMN session_version');
  }
}
