import type { MigrationInterface, QueryRunner } from 'typeorm';

/** The admins' audit lists page newest first, by user and by date, over reveals and exports. */
export class AuditLogIndexes1796217226969 implements MigrationInterface {
  name = 'AuditLogIndexes1796217226969';

  async up(q: QueryRunner): Promise<void> {
    await q.query(
      `ALTER TABLE pii_access_logs
         ADD INDEX ix_pii_access_user (user_id, id),
         ADD INDEX ix_pii_access_at (at)`,
    );
    await q.query('ALTER TABLE export_logs ADD INDEX ix_export_logs_started (started_at)');
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('ALTER TABLE export_logs DROP INDEX ix_export_logs_started');
    await q.query(
      'ALTER TABLE pii_access_logs DROP INDEX ix_pii_access_user, DROP INDEX ix_pii_access_at',
    );
  }
}
