import type { MigrationInterface, QueryRunner } from 'typeorm';
import { CATEGORY_SEED } from './data/category-seed';

const TABLE = 'ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci';

/** Cases, petitioners, hand-overs, clocks, the timeline, and the category code table. */
export class CaseSpine1764210000000 implements MigrationInterface {
  name = 'CaseSpine1764210000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE categories (
        code VARCHAR(12) NOT NULL,
        name VARCHAR(100) NOT NULL,
        level TINYINT UNSIGNED NOT NULL,
        parent_code VARCHAR(12) NULL,
        active TINYINT NOT NULL,
        PRIMARY KEY (code),
        INDEX ix_categories_parent (parent_code)
      ) ${TABLE}`);
    await q.query(`
      CREATE TABLE petitioners (
        id BIGINT UNSIGNED NOT NULL AUTO_INCREMENT,
        kind VARCHAR(20) NOT NULL,
        name VARCHAR(100) NOT NULL,
        id_number_enc VARCHAR(200) NULL,
        id_number_bidx CHAR(64) NULL,
        id_number_masked VARCHAR(40) NULL,
        phone_enc VARCHAR(200) NULL,
        phone_bidx CHAR(64) NULL,
        phone_masked VARCHAR(40) NULL,
        address_enc VARCHAR(700) NULL,
        address_masked VARCHAR(40) NULL,
        created_at DATETIME(3) NOT NULL,
        updated_at DATETIME(3) NOT NULL,
        PRIMARY KEY (id),
        INDEX ix_petitioners_id_number_bidx (id_number_bidx),
        INDEX ix_petitioners_phone_bidx (phone_bidx)
      ) ${TABLE}`);
    await q.query(`
      CREATE TABLE cases (
        id BIGINT UNSIGNED NOT NULL AUTO_INCREMENT,
        case_no VARCHAR(32) NOT NULL,
        year SMALLINT UNSIGNED NOT NULL,
        external_ref VARCHAR(64) NULL,
        channel VARCHAR(10) NOT NULL,
        source VARCHAR(12) NOT NULL,
        source_level VARCHAR(12) NOT NULL,
        registered_at DATETIME(3) NOT NULL,
        title VARCHAR(200) NOT NULL,
        content TEXT NOT NULL,
        purpose VARCHAR(12) NOT NULL,
        category_code VARCHAR(12) NOT NULL,
        locality VARCHAR(100) NOT NULL,
        person_count SMALLINT UNSIGNED NOT NULL,
        collective TINYINT NOT NULL,
        skip_level TINYINT NOT NULL,
        to_beijing TINYINT NOT NULL,
        to_province TINYINT NOT NULL,
        joint_signed TINYINT NOT NULL,
        law_related TINYINT NOT NULL,
        confidential_accuser TINYINT NOT NULL,
        \`repeat\` TINYINT NOT NULL,
        first_case_id BIGINT UNSIGNED NULL,
        status VARCHAR(16) NOT NULL,
        officer_id INT UNSIGNED NOT NULL,
        registered_by INT UNSIGNED NOT NULL,
        responsible_unit_id INT UNSIGNED NULL,
        current_hop_id BIGINT UNSIGNED NULL,
        next_due_at DATETIME(3) NULL,
        next_clock_kind VARCHAR(40) NULL,
        extension_used TINYINT NOT NULL,
        not_accepted_route VARCHAR(30) NULL,
        referred_to VARCHAR(20) NULL,
        disposal_reason VARCHAR(1000) NULL,
        answer_decision VARCHAR(10) NULL,
        answer_facts TEXT NULL,
        answer_basis TEXT NULL,
        answered_at DATETIME(3) NULL,
        delivery_method VARCHAR(12) NULL,
        delivered_at DATETIME(3) NULL,
        closed_at DATETIME(3) NULL,
        evaluation VARCHAR(20) NULL,
        evaluated_at DATETIME(3) NULL,
        event_count INT UNSIGNED NOT NULL,
        last_event_hash CHAR(64) NOT NULL,
        version INT UNSIGNED NOT NULL,
        created_at DATETIME(3) NOT NULL,
        updated_at DATETIME(3) NOT NULL,
        PRIMARY KEY (id),
        UNIQUE INDEX uq_cases_case_no (case_no),
        UNIQUE INDEX uq_cases_external_ref (external_ref),
        INDEX ix_cases_status_id (status, id),
        INDEX ix_cases_unit_id (responsible_unit_id, id),
        INDEX ix_cases_registered (registered_at, id),
        INDEX ix_cases_next_due (next_due_at, id),
        INDEX ix_cases_category_id (category_code, id),
        INDEX ix_cases_channel_id (channel, id),
        INDEX ix_cases_officer_id (officer_id, id),
        INDEX ix_cases_first_case (first_case_id)
      ) ${TABLE}`);
    await q.query(`
      CREATE TABLE case_petitioners (
        case_id BIGINT UNSIGNED NOT NULL,
        petitioner_id BIGINT UNSIGNED NOT NULL,
        representative TINYINT NOT NULL,
        position TINYINT UNSIGNED NOT NULL,
        PRIMARY KEY (case_id, petitioner_id),
        INDEX ix_case_petitioners_petitioner (petitioner_id, case_id)
      ) ${TABLE}`);
    await q.query(`
      CREATE TABLE case_events (
        id BIGINT UNSIGNED NOT NULL AUTO_INCREMENT,
        case_id BIGINT UNSIGNED NOT NULL,
        seq INT UNSIGNED NOT NULL,
        type VARCHAR(40) NOT NULL,
        actor_id INT UNSIGNED NULL,
        at DATETIME(3) NOT NULL,
        from_status VARCHAR(16) NULL,
        to_status VARCHAR(16) NULL,
        data TEXT NOT NULL,
        prev_hash CHAR(64) NOT NULL,
        hash CHAR(64) NOT NULL,
        PRIMARY KEY (id),
        UNIQUE INDEX uq_case_events_case_seq (case_id, seq)
      ) ${TABLE}`);
    // The timeline is append-only: the database itself refuses to change or remove an event.
    await q.query(`
      CREATE TRIGGER case_events_no_update BEFORE UPDATE ON case_events FOR EACH ROW
        SIGNAL SQLSTATE '45000' SET MESSAGE_TEXT = 'case_events is append-only'`);
    await q.query(`
      CREATE TRIGGER case_events_no_delete BEFORE DELETE ON case_events FOR EACH ROW
        SIGNAL SQLSTATE '45000' SET MESSAGE_TEXT = 'case_events is append-only'`);
    await q.query(`
      CREATE TABLE case_hops (
        id BIGINT UNSIGNED NOT NULL AUTO_INCREMENT,
        case_id BIGINT UNSIGNED NOT NULL,
        kind VARCHAR(12) NOT NULL,
        unit_id INT UNSIGNED NOT NULL,
        status VARCHAR(12) NOT NULL,
        sent_by INT UNSIGNED NOT NULL,
        sent_at DATETIME(3) NOT NULL,
        received_at DATETIME(3) NOT NULL,
        accepted_at DATETIME(3) NULL,
        objected_at DATETIME(3) NULL,
        objection_reason VARCHAR(1000) NULL,
        acted_by INT UNSIGNED NULL,
        report_due_date DATE NULL,
        completion_report TEXT NULL,
        reported_at DATETIME(3) NULL,
        instructions VARCHAR(1000) NULL,
        PRIMARY KEY (id),
        INDEX ix_case_hops_case (case_id, id),
        INDEX ix_case_hops_unit_case (unit_id, case_id)
      ) ${TABLE}`);
    await q.query(`
      CREATE TABLE clocks (
        id BIGINT UNSIGNED NOT NULL AUTO_INCREMENT,
        case_id BIGINT UNSIGNED NOT NULL,
        hop_id BIGINT UNSIGNED NULL,
        kind VARCHAR(40) NOT NULL,
        status VARCHAR(12) NOT NULL,
        started_at DATETIME(3) NOT NULL,
        length SMALLINT UNSIGNED NOT NULL,
        unit VARCHAR(20) NOT NULL,
        roll_over_holiday TINYINT NOT NULL,
        extended_days SMALLINT UNSIGNED NOT NULL,
        paused_days SMALLINT UNSIGNED NOT NULL,
        fixed_due TINYINT NOT NULL,
        due_date DATE NOT NULL,
        due_at DATETIME(3) NOT NULL,
        ended_at DATETIME(3) NULL,
        version INT UNSIGNED NOT NULL,
        updated_at DATETIME(3) NOT NULL,
        PRIMARY KEY (id),
        INDEX ix_clocks_case (case_id, status),
        INDEX ix_clocks_status_due (status, due_at)
      ) ${TABLE}`);
    await q.query(`
      CREATE TABLE case_number_sequences (
        prefix VARCHAR(8) NOT NULL,
        year SMALLINT UNSIGNED NOT NULL,
        last_seq INT UNSIGNED NOT NULL,
        PRIMARY KEY (prefix, year)
      ) ${TABLE}`);
    await q.query(`
      CREATE TABLE idempotency_keys (
        user_id INT UNSIGNED NOT NULL,
        idempotency_key VARCHAR(100) NOT NULL,
        request_hash CHAR(64) NOT NULL,
        case_id BIGINT UNSIGNED NOT NULL,
        created_at DATETIME(3) NOT NULL,
        PRIMARY KEY (user_id, idempotency_key)
      ) ${TABLE}`);
    await q.query(`
      CREATE TABLE pii_access_logs (
        id BIGINT UNSIGNED NOT NULL AUTO_INCREMENT,
        petitioner_id BIGINT UNSIGNED NOT NULL,
        case_id BIGINT UNSIGNED NULL,
        user_id INT UNSIGNED NOT NULL,
        reason VARCHAR(200) NOT NULL,
        at DATETIME(3) NOT NULL,
        PRIMARY KEY (id),
        INDEX ix_pii_access_petitioner (petitioner_id, at)
      ) ${TABLE}`);
    await q.query(`
      CREATE TABLE attachments (
        id BIGINT UNSIGNED NOT NULL AUTO_INCREMENT,
        case_id BIGINT UNSIGNED NOT NULL,
        filename VARCHAR(255) NOT NULL,
        content_type VARCHAR(100) NOT NULL,
        size_bytes INT UNSIGNED NOT NULL,
        sha256 CHAR(64) NOT NULL,
        storage_key VARCHAR(200) NOT NULL,
        uploaded_by INT UNSIGNED NOT NULL,
        uploaded_at DATETIME(3) NOT NULL,
        PRIMARY KEY (id),
        INDEX ix_attachments_case (case_id)
      ) ${TABLE}`);
    for (const c of CATEGORY_SEED) {
      await q.query(
        'INSERT INTO categories (code, name, level, parent_code, active) VALUES (?, ?, ?, ?, 1)',
        [c.code, c.name, c.code.length / 2, c.code.length > 2 ? c.code.slice(0, -2) : null],
      );
    }
  }

  async down(q: QueryRunner): Promise<void> {
    for (const t of [
      'attachments',
      'pii_access_logs',
      'idempotency_keys',
      'case_number_sequences',
      'clocks',
      'case_hops',
      'case_events',
      'case_petitioners',
      'cases',
      'petitioners',
      'categories',
    ]) {
      await q.query(`DROP TABLE ${t}`);
    }
  }
}
