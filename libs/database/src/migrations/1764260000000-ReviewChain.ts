import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Review (复查) and re-review (复核): linked cases, their records, and final-matter matches. */
export class ReviewChain1764260000000 implements MigrationInterface {
  name = 'ReviewChain1764260000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE cases
        ADD COLUMN review_kind VARCHAR(10) NULL,
        ADD COLUMN original_case_id BIGINT UNSIGNED NULL,
        ADD COLUMN review_stage VARCHAR(10) NULL,
        ADD COLUMN final_match_case_id BIGINT UNSIGNED NULL,
        ADD INDEX ix_cases_review_stage_id (review_stage, id),
        ADD INDEX ix_cases_review_kind_id (review_kind, id),
        ADD INDEX ix_cases_original_case (original_case_id)`);
    await q.query(`
      CREATE TABLE case_reviews (
        case_id BIGINT UNSIGNED NOT NULL,
        kind VARCHAR(10) NOT NULL,
        original_case_id BIGINT UNSIGNED NOT NULL,
        contested_case_id BIGINT UNSIGNED NOT NULL,
        received_at DATETIME(3) NOT NULL,
        window_due_at DATETIME(3) NOT NULL,
        late TINYINT NOT NULL,
        late_justification VARCHAR(1000) NULL,
        requested_by INT UNSIGNED NOT NULL,
        hearing_started_at DATETIME(3) NULL,
        hearing_ended_at DATETIME(3) NULL,
        hearing_days SMALLINT UNSIGNED NOT NULL,
        decision_unit_id INT UNSIGNED NULL,
        decision_body VARCHAR(100) NULL,
        decision VARCHAR(10) NULL,
        decision_reasons TEXT NULL,
        decided_at DATETIME(3) NULL,
        decided_by INT UNSIGNED NULL,
        delivery_method VARCHAR(12) NULL,
        delivered_at DATETIME(3) NULL,
        created_at DATETIME(3) NOT NULL,
        updated_at DATETIME(3) NOT NULL,
        PRIMARY KEY (case_id),
        INDEX ix_case_reviews_original (original_case_id, case_id),
        INDEX ix_case_reviews_contested (contested_case_id),
        INDEX ix_case_reviews_delivered (delivered_at)
      ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE case_reviews');
    await q.query(`
      ALTER TABLE cases
        DROP INDEX ix_cases_original_case,
        DROP INDEX ix_cases_review_kind_id,
        DROP INDEX ix_cases_review_stage_id,
        DROP COLUMN final_match_case_id,
        DROP COLUMN review_stage,
        DROP COLUMN original_case_id,
        DROP COLUMN review_kind`);
  }
}
