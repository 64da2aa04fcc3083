import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * 重件 by name and address (issue 17): a petitioner who comes back with neither ID number nor phone
 * is the same person when the full name and address match ones given earlier. Addresses get a
 * blind index (`address_bidx`, of the address without spaces, full-width as half-width) on the
 * person's row (the newest) and on each case's link (as given then), found together with the
 * name's through one index each. Rows written before this migration get theirs from
 * `petitions reindex` (the key is the app's).
 */
export class PetitionerAddressIndex1796218700000 implements MigrationInterface {
  name = 'PetitionerAddressIndex1796218700000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(
      `ALTER TABLE petitioners
         ADD address_bidx CHAR(64) NULL AFTER address_enc,
         ADD INDEX ix_petitioners_name_address_bidx (name_bidx, address_bidx)`,
    );
    await q.query(
      `ALTER TABLE case_petitioners
         ADD address_bidx CHAR(64) NULL AFTER address_enc,
         ADD INDEX ix_case_petitioners_name_address_bidx (name_bidx, address_bidx)`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(
      `ALTER TABLE case_petitioners DROP INDEX ix_case_petitioners_name_address_bidx,
         DROP COLUMN address_bidx`,
    );
    await q.query(
      `ALTER TABLE petitioners DROP INDEX ix_petitioners_name_address_bidx,
         DROP COLUMN address_bidx`,
    );
  }
}
