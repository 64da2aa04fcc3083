import type { MigrationInterface, QueryRunner } from 'typeorm';

/** One checkpoint per Shanghai day: a second run of the nightly job (or a second worker) finds it. */
export class ChainCheckpointDay1796217226981 implements MigrationInterface {
  name = 'ChainCheckpointDay1796217226981';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE case_chain_checkpoints
        ADD COLUMN day DATE NOT NULL AFTER taken_at,
        ADD UNIQUE INDEX uq_case_chain_checkpoints_day (day)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('ALTER TABLE case_chain_checkpoints DROP INDEX uq_case_chain_checkpoints_day');
    await q.query('ALTER TABLE case_chain_checkpoints DROP COLUMN day');
  }
}
