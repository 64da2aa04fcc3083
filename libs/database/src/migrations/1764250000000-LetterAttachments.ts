import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Attachments of a unit's written reply to a supervision letter. */
export class LetterAttachments1764250000000 implements MigrationInterface {
  name = 'LetterAttachments1764250000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE supervision_letter_attachments (
        id BIGINT UNSIGNED NOT NULL AUTO_INCREMENT,
        letter_id BIGINT UNSIGNED NOT NULL,
        filename VARCHAR(255) NOT NULL,
        content_type VARCHAR(100) NOT NULL,
        size_bytes INT UNSIGNED NOT NULL,
        sha256 CHAR(64) NOT NULL,
        storage_key VARCHAR(200) NOT NULL,
        uploaded_by INT UNSIGNED NOT NULL,
        uploaded_at DATETIME(3) NOT NULL,
        PRIMARY KEY (id),
        INDEX ix_supervision_letter_attachments_letter (letter_id)
      ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE supervision_letter_attachments');
  }
}
