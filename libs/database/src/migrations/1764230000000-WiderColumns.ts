import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Room for what the API accepts: an edit event holds the old and new text of a case (up to
 * 20,000 characters each), and a 200-character address grows to about 850 when encrypted.
 */
export class WiderColumns1764230000000 implements MigrationInterface {
  name = 'WiderColumns1764230000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query('ALTER TABLE case_events MODIFY data MEDIUMTEXT NOT NULL');
    await q.query('ALTER TABLE petitioners MODIFY address_enc VARCHAR(1200) NULL');
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('ALTER TABLE petitioners MODIFY address_enc VARCHAR(700) NULL');
    await q.query('ALTER TABLE case_events MODIFY data TEXT NOT NULL');
  }
}
