import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Units, accounts, refresh tokens and worker heartbeats. */
export class Foundation1764190000000 implements MigrationInterface {
  name = 'Foundation1764190000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE units (
        id INT UNSIGNED NOT NULL AUTO_INCREMENT,
        code VARCHAR(32) NOT NULL,
        name VARCHAR(100) NOT NULL,
        kind VARCHAR(20) NOT NULL,
        level VARCHAR(20) NOT NULL,
        contact_person VARCHAR(50) NULL,
        contact_phone VARCHAR(30) NULL,
        active TINYINT NOT NULL,
        version INT UNSIGNED NOT NULL,
        created_at DATETIME(3) NOT NULL,
        updated_at DATETIME(3) NOT NULL,
        PRIMARY KEY (id),
        UNIQUE INDEX uq_units_code (code),
        UNIQUE INDEX uq_units_name (name)
      ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci`);
    await q.query(`
      CREATE TABLE users (
        id INT UNSIGNED NOT NULL AUTO_INCREMENT,
        username VARCHAR(64) NOT NULL,
        display_name VARCHAR(50) NOT NULL,
        password_hash VARCHAR(255) NOT NULL,
        role VARCHAR(20) NOT NULL,
        unit_id INT UNSIGNED NULL,
        active TINYINT NOT NULL,
        failed_login_count INT UNSIGNED NOT NULL,
        locked_until DATETIME(3) NULL,
        last_login_at DATETIME(3) NULL,
        password_changed_at DATETIME(3) NOT NULL,
        version INT UNSIGNED NOT NULL,
        created_at DATETIME(3) NOT NULL,
        updated_at DATETIME(3) NOT NULL,
        PRIMARY KEY (id),
        UNIQUE INDEX uq_users_username (username),
        INDEX ix_users_role (role),
        CONSTRAINT fk_users_unit FOREIGN KEY (unit_id) REFERENCES units (id)
          ON DELETE RESTRICT ON UPDATE RESTRICT
      ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci`);
    await q.query(`
      CREATE TABLE refresh_tokens (
        id BIGINT UNSIGNED NOT NULL AUTO_INCREMENT,
        user_id INT UNSIGNED NOT NULL,
        token_hash CHAR(64) NOT NULL,
        family_id CHAR(36) NOT NULL,
        expires_at DATETIME(3) NOT NULL,
        revoked_at DATETIME(3) NULL,
        created_at DATETIME(3) NOT NULL,
        PRIMARY KEY (id),
        UNIQUE INDEX uq_refresh_tokens_hash (token_hash),
        INDEX ix_refresh_tokens_user (user_id),
        INDEX ix_refresh_tokens_family (family_id),
        CONSTRAINT fk_refresh_tokens_user FOREIGN KEY (user_id) REFERENCES users (id)
          ON DELETE CASCADE ON UPDATE RESTRICT
      ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci`);
    await q.query(`
      CREATE TABLE worker_heartbeats (
        worker_id VARCHAR(100) NOT NULL,
        hostname VARCHAR(100) NOT NULL,
        pid INT UNSIGNED NOT NULL,
        started_at DATETIME(3) NOT NULL,
        last_beat_at DATETIME(3) NOT NULL,
        last_job_id VARCHAR(100) NOT NULL,
        beats INT UNSIGNED NOT NULL,
        PRIMARY KEY (worker_id)
      ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE worker_heartbeats');
    await q.query('DROP TABLE refresh_tokens');
    await q.query('DROP TABLE users');
    await q.query('DROP TABLE units');
  }
}
