import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * users.must_change_password as TypeORM declares a boolean (TINYINT without a display width):
 * 1796217227200 wrote TINYINT(1), which the schema test reads as a difference.
 */
export class MustChangePasswordWidth1796217227201 implements MigrationInterface {
  name = 'MustChangePasswordWidth1796217227201';

  async up(q: QueryRunner): Promise<void> {
    await q.query('ALTER TABLE users MODIFY must_change_password TINYINT NOT NULL DEFAULT 0');
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('ALTER TABLE users MODIFY must_change_password TINYINT(1) NOT NULL DEFAULT 0');
  }
}
