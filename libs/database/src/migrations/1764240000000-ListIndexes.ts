import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Indexes for the case list's common filters at a million cases: a unit's cases in one status,
 * newest first; a channel within a date range.
 */
export class ListIndexes1764240000000 implements MigrationInterface {
  name = 'ListIndexes1764240000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(
      'CREATE INDEX ix_cases_unit_status_id ON cases (responsible_unit_id, status, id)',
    );
    await q.query('CREATE INDEX ix_cases_channel_registered ON cases (channel, registered_at)');
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP INDEX ix_cases_channel_registered ON cases');
    await q.query('DROP INDEX ix_cases_unit_status_id ON cases');
  }
}
