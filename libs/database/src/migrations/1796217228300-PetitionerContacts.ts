import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A returning petitioner's details are kept (issue 17): each case's link to a petitioner records
 * the name, phone and address given with that case (encrypted, blind-indexed, masked, dated), so
 * the case shows and reveals its own and an earlier phone or name still finds the person; the
 * petitioners row keeps the newest (`details_given_at`) for fast display. Names get a blind index
 * (`name_bidx`, exact match of the normalised name) on both; rows written before this migration
 * get theirs from `petitions reindex` (the key is the app's). A link with `given_at` NULL was
 * written before: it shows the person's row, and is frozen from it before that row changes.
 */
export class PetitionerContacts1796217228300 implements MigrationInterface {
  name = 'PetitionerContacts1796217228300';

  async up(q: QueryRunner): Promise<void> {
    await q.query(
      `ALTER TABLE petitioners
         ADD name_bidx CHAR(64) NULL AFTER name,
         ADD details_given_at DATETIME(3) NULL AFTER address_masked,
         ADD INDEX ix_petitioners_name_bidx (name_bidx)`,
    );
    await q.query(
      `ALTER TABLE case_petitioners
         ADD name VARCHAR(100) NULL,
         ADD name_bidx CHAR(64) NULL,
         ADD phone_enc VARCHAR(200) NULL,
         ADD phone_bidx CHAR(64) NULL,
         ADD phone_masked VARCHAR(40) NULL,
         ADD address_enc VARCHAR(1200) NULL,
         ADD address_masked VARCHAR(40) NULL,
         ADD given_at DATETIME(3) NULL,
         ADD INDEX ix_case_petitioners_phone_bidx (phone_bidx),
         ADD INDEX ix_case_petitioners_name_bidx (name_bidx)`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(
      `ALTER TABLE case_petitioners
         DROP INDEX ix_case_petitioners_phone_bidx, DROP INDEX ix_case_petitioners_name_bidx,
         DROP COLUMN name, DROP COLUMN name_bidx, DROP COLUMN phone_enc, DROP COLUMN phone_bidx,
         DROP COLUMN phone_masked, DROP COLUMN address_enc, DROP COLUMN address_masked,
         DROP COLUMN given_at`,
    );
    await q.query(
      `ALTER TABLE petitioners DROP INDEX ix_petitioners_name_bidx,
         DROP COLUMN name_bidx, DROP COLUMN details_given_at`,
    );
  }
}
