import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Wrong passwords no longer lock the account for everyone: the count and the lock are kept in
 * Redis per (username, client address), so the account's own columns go.
 */
export class SignInLocksInRedis1796217226967 implements MigrationInterface {
  name = 'SignInLocksInRedis1796217226967';

  async up(q: QueryRunner): Promise<void> {
    await q.query('ALTER TABLE users DROP COLUMN failed_login_count, DROP COLUMN locked_until');
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(
      `ALTER TABLE users
         ADD COLUMN failed_login_count INT UNSIGNED NOT NULL DEFAULT 0 AFTER active,
         ADD COLUMN locked_until DATETIME(3) NULL AFTER failed_login_count`,
    );
    await q.query('ALTER TABLE users ALTER COLUMN failed_login_count DROP DEFAULT');
  }
}
