import type { MigrationInterface, QueryRunner } from 'typeorm';

const TABLE = 'ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci';

/** Closed metric periods (figures and the ids behind them) and the yearly self-evaluation. */
export class MetricsAndSelfEvaluation1764290000000 implements MigrationInterface {
  name = 'MetricsAndSelfEvaluation1764290000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE metric_snapshots (
        year SMALLINT UNSIGNED NOT NULL,
        period_from DATE NOT NULL,
        period_to DATE NOT NULL,
        closed_at DATETIME(3) NOT NULL,
        closed_by INT UNSIGNED NOT NULL,
        figures LONGTEXT NOT NULL,
        PRIMARY KEY (year)
      ) ${TABLE}`);
    await q.query(`
      CREATE TABLE metric_snapshot_items (
        year SMALLINT UNSIGNED NOT NULL,
        metric_key VARCHAR(60) NOT NULL,
        item_id BIGINT UNSIGNED NOT NULL,
        in_numerator TINYINT NOT NULL,
        in_denominator TINYINT NOT NULL,
        unit_id INT UNSIGNED NULL,
        channel VARCHAR(10) NULL,
        source_level VARCHAR(12) NULL,
        month CHAR(7) NOT NULL,
        PRIMARY KEY (year, metric_key, item_id)
      ) ${TABLE}`);
    await q.query(`
      CREATE TABLE self_evaluations (
        year SMALLINT UNSIGNED NOT NULL,
        department_name VARCHAR(100) NOT NULL,
        sections LONGTEXT NOT NULL,
        declared_budget DECIMAL(14,2) NULL,
        declared_executed DECIMAL(14,2) NULL,
        copied_from_year SMALLINT UNSIGNED NULL,
        version INT UNSIGNED NOT NULL,
        created_at DATETIME(3) NOT NULL,
        updated_at DATETIME(3) NOT NULL,
        updated_by INT UNSIGNED NOT NULL,
        PRIMARY KEY (year)
      ) ${TABLE}`);
    await q.query(`
      CREATE TABLE self_evaluation_budget_lines (
        id BIGINT UNSIGNED NOT NULL AUTO_INCREMENT,
        year SMALLINT UNSIGNED NOT NULL,
        position SMALLINT UNSIGNED NOT NULL,
        name VARCHAR(100) NOT NULL,
        funding_source VARCHAR(20) NOT NULL,
        nature VARCHAR(10) NOT NULL,
        budget DECIMAL(14,2) NOT NULL,
        executed DECIMAL(14,2) NOT NULL,
        carry_over DECIMAL(14,2) NOT NULL,
        PRIMARY KEY (id),
        INDEX ix_self_evaluation_budget_lines_year (year, position)
      ) ${TABLE}`);
    await q.query(`
      CREATE TABLE self_evaluation_indicators (
        id BIGINT UNSIGNED NOT NULL AUTO_INCREMENT,
        year SMALLINT UNSIGNED NOT NULL,
        position SMALLINT UNSIGNED NOT NULL,
        level1 VARCHAR(50) NOT NULL,
        level2 VARCHAR(50) NOT NULL,
        level3 VARCHAR(100) NOT NULL,
        nature VARCHAR(2) NOT NULL,
        target DECIMAL(14,2) NOT NULL,
        unit VARCHAR(10) NOT NULL,
        weight DECIMAL(5,2) NOT NULL,
        metric_key VARCHAR(60) NULL,
        entered_actual DECIMAL(14,2) NULL,
        reason VARCHAR(1000) NULL,
        PRIMARY KEY (id),
        INDEX ix_self_evaluation_indicators_year (year, position)
      ) ${TABLE}`);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const t of [
      'self_evaluation_indicators',
      'self_evaluation_budget_lines',
      'self_evaluations',
      'metric_snapshot_items',
      'metric_snapshots',
    ]) {
      await q.query(`DROP TABLE ${t}`);
    }
  }
}
