import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The reveal log also records a supervisor lifting a 检举控告 accuser's secrecy on a case a unit
 * already has (`unmask`); every earlier entry is a reveal.
 */
export class UnmaskLog1796217227100 implements MigrationInterface {
  name = 'UnmaskLog1796217227100';

  async up(q: QueryRunner): Promise<void> {
    await q.query(
      "ALTER TABLE pii_access_logs ADD COLUMN kind VARCHAR(16) NOT NULL DEFAULT 'reveal' AFTER reason",
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('ALTER TABLE pii_access_logs DROP COLUMN kind');
  }
}
