import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Exchange with the provincial system: import jobs with their row errors, the source keys that
 * make a repeated import create nothing new, the export log, and the provincial deadline of a case.
 */
export class Exchange1764270000000 implements MigrationInterface {
  name = 'Exchange1764270000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query('ALTER TABLE cases ADD COLUMN provincial_due_date DATE NULL AFTER external_ref');
    await q.query(`
      CREATE TABLE import_jobs (
        id BIGINT UNSIGNED NOT NULL AUTO_INCREMENT,
        kind VARCHAR(20) NOT NULL,
        format VARCHAR(8) NOT NULL,
        filename VARCHAR(255) NOT NULL,
        size_bytes BIGINT UNSIGNED NOT NULL,
        sha256 CHAR(64) NOT NULL,
        storage_key VARCHAR(200) NOT NULL,
        status VARCHAR(12) NOT NULL,
        phase VARCHAR(12) NULL,
        total_rows INT UNSIGNED NOT NULL DEFAULT 0,
        valid_rows INT UNSIGNED NOT NULL DEFAULT 0,
        error_rows INT UNSIGNED NOT NULL DEFAULT 0,
        processed_rows INT UNSIGNED NOT NULL DEFAULT 0,
        created_rows INT UNSIGNED NOT NULL DEFAULT 0,
        existing_rows INT UNSIGNED NOT NULL DEFAULT 0,
        failure VARCHAR(500) NULL,
        attempts SMALLINT UNSIGNED NOT NULL DEFAULT 0,
        created_by INT UNSIGNED NOT NULL,
        created_at DATETIME(3) NOT NULL,
        started_at DATETIME(3) NULL,
        finished_at DATETIME(3) NULL,
        updated_at DATETIME(3) NOT NULL,
        PRIMARY KEY (id),
        INDEX ix_import_jobs_created_by (created_by, id)
      ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci`);
    await q.query(`
      CREATE TABLE import_row_errors (
        id BIGINT UNSIGNED NOT NULL AUTO_INCREMENT,
        import_id BIGINT UNSIGNED NOT NULL,
        row_no INT UNSIGNED NOT NULL,
        source_key VARCHAR(100) NULL,
        field VARCHAR(40) NOT NULL,
        code VARCHAR(40) NOT NULL,
        message VARCHAR(500) NOT NULL,
        PRIMARY KEY (id),
        INDEX ix_import_row_errors_import (import_id, row_no)
      ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci`);
    await q.query(`
      CREATE TABLE import_keys (
        kind VARCHAR(20) NOT NULL,
        source_key VARCHAR(100) NOT NULL,
        entity_id BIGINT UNSIGNED NOT NULL,
        import_id BIGINT UNSIGNED NOT NULL,
        PRIMARY KEY (kind, source_key)
      ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci`);
    await q.query(`
      CREATE TABLE export_logs (
        id BIGINT UNSIGNED NOT NULL AUTO_INCREMENT,
        user_id INT UNSIGNED NOT NULL,
        role VARCHAR(20) NOT NULL,
        what VARCHAR(20) NOT NULL,
        reason VARCHAR(200) NOT NULL,
        filters TEXT NOT NULL,
        full_personal_data TINYINT NOT NULL,
        row_count INT UNSIGNED NULL,
        started_at DATETIME(3) NOT NULL,
        finished_at DATETIME(3) NULL,
        PRIMARY KEY (id),
        INDEX ix_export_logs_user (user_id, id)
      ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE export_logs');
    await q.query('DROP TABLE import_keys');
    await q.query('DROP TABLE import_row_errors');
    await q.query('DROP TABLE import_jobs');
    await q.query('ALTER TABLE cases DROP COLUMN provincial_due_date');
  }
}
