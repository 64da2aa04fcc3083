import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Whether the user must choose a new password before anything else: set when an administrator
 * gives the password (a new account, a reset), cleared when the user changes it. Existing
 * accounts chose theirs already.
 */
export class MustChangePassword1796217227200 implements MigrationInterface {
  name = 'MustChangePassword1796217227200';

  async up(q: QueryRunner): Promise<void> {
    await q.query(
      'ALTER TABLE users ADD COLUMN must_change_password TINYINT(1) NOT NULL DEFAULT 0 AFTER password_changed_at',
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('ALTER TABLE users DROP COLUMN must_change_password');
  }
}
