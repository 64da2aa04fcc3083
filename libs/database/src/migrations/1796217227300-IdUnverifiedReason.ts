import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * petitioners.id_unverified_reason: why the counter registered an ID number that failed its
 * check (GB 11643 check digit or birth date) rather than refusing it; null for a checked number.
 */
export class IdUnverifiedReason1796217227300 implements MigrationInterface {
  name = 'IdUnverifiedReason1796217227300';

  async up(q: QueryRunner): Promise<void> {
    await q.query(
      'ALTER TABLE petitioners ADD id_unverified_reason VARCHAR(200) NULL AFTER id_number_masked',
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('ALTER TABLE petitioners DROP COLUMN id_unverified_reason');
  }
}
