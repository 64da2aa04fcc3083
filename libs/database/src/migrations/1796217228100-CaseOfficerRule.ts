import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The case officer (承办人) rule: cases.officer_id may be empty (a case in the unassigned queue,
 * which officers take from), and officer_defaults holds the administrator's default officer per
 * first-level content category and/or source (direct, or handed down from above). `scope` is the
 * pair as one unique key ("01|direct", "01|*", "*|handed_down", "*|*").
 */
export class CaseOfficerRule1796217228100 implements MigrationInterface {
  name = 'CaseOfficerRule1796217228100';

  async up(q: QueryRunner): Promise<void> {
    await q.query('ALTER TABLE cases MODIFY officer_id INT UNSIGNED NULL');
    await q.query(`
      CREATE TABLE officer_defaults (
        id INT UNSIGNED NOT NULL AUTO_INCREMENT,
        scope VARCHAR(32) NOT NULL,
        category_code VARCHAR(12) NULL,
        source_kind VARCHAR(16) NULL,
        officer_id INT UNSIGNED NOT NULL,
        version INT UNSIGNED NOT NULL,
        updated_by INT UNSIGNED NOT NULL,
        updated_at DATETIME(3) NOT NULL,
        PRIMARY KEY (id),
        UNIQUE INDEX uq_officer_defaults_scope (scope)
      ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE officer_defaults');
    // Back to the old rule: an unassigned case's officer is whoever registered it.
    await q.query('UPDATE cases SET officer_id = registered_by WHERE officer_id IS NULL');
    await q.query('ALTER TABLE cases MODIFY officer_id INT UNSIGNED NOT NULL');
  }
}
