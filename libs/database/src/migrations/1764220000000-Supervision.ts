import type { MigrationInterface, QueryRunner } from 'typeorm';

const TABLE = 'ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci';

/** Supervision letters, key matters and persuasion missions. */
export class Supervision1764220000000 implements MigrationInterface {
  name = 'Supervision1764220000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE supervision_letters (
        id BIGINT UNSIGNED NOT NULL AUTO_INCREMENT,
        code VARCHAR(20) NOT NULL,
        year SMALLINT UNSIGNED NOT NULL,
        seq INT UNSIGNED NOT NULL,
        number VARCHAR(40) NOT NULL,
        type VARCHAR(12) NOT NULL,
        reason VARCHAR(20) NOT NULL,
        reason_note VARCHAR(500) NULL,
        requirements TEXT NOT NULL,
        unit_id INT UNSIGNED NOT NULL,
        reply_due_date DATE NOT NULL,
        reply_due_at DATETIME(3) NOT NULL,
        signer VARCHAR(50) NOT NULL,
        contact_person VARCHAR(50) NULL,
        contact_phone VARCHAR(30) NULL,
        status VARCHAR(12) NOT NULL,
        issued_by INT UNSIGNED NOT NULL,
        issued_at DATETIME(3) NOT NULL,
        received_at DATETIME(3) NULL,
        replied_at DATETIME(3) NULL,
        reply_text TEXT NULL,
        replied_on_time TINYINT NULL,
        closed_at DATETIME(3) NULL,
        return_count TINYINT UNSIGNED NOT NULL,
        chase_count TINYINT UNSIGNED NOT NULL,
        last_escalation VARCHAR(20) NULL,
        void_reason VARCHAR(500) NULL,
        version INT UNSIGNED NOT NULL,
        created_at DATETIME(3) NOT NULL,
        updated_at DATETIME(3) NOT NULL,
        PRIMARY KEY (id),
        UNIQUE INDEX uq_supervision_letters_code_year_seq (code, year, seq),
        INDEX ix_supervision_letters_unit (unit_id, id),
        INDEX ix_supervision_letters_status_due (status, reply_due_at),
        INDEX ix_supervision_letters_year (year, id)
      ) ${TABLE}`);
    await q.query(`
      CREATE TABLE supervision_letter_cases (
        letter_id BIGINT UNSIGNED NOT NULL,
        case_id BIGINT UNSIGNED NOT NULL,
        PRIMARY KEY (letter_id, case_id),
        INDEX ix_supervision_letter_cases_case (case_id, letter_id)
      ) ${TABLE}`);
    await q.query(`
      CREATE TABLE supervision_letter_actions (
        id BIGINT UNSIGNED NOT NULL AUTO_INCREMENT,
        letter_id BIGINT UNSIGNED NOT NULL,
        type VARCHAR(20) NOT NULL,
        escalation VARCHAR(20) NULL,
        note TEXT NULL,
        actor_id INT UNSIGNED NOT NULL,
        at DATETIME(3) NOT NULL,
        PRIMARY KEY (id),
        INDEX ix_supervision_letter_actions_letter (letter_id, id)
      ) ${TABLE}`);
    await q.query(`
      CREATE TABLE supervision_letter_sequences (
        code VARCHAR(20) NOT NULL,
        year SMALLINT UNSIGNED NOT NULL,
        last_seq INT UNSIGNED NOT NULL,
        PRIMARY KEY (code, year)
      ) ${TABLE}`);
    await q.query(`
      CREATE TABLE key_matters (
        id BIGINT UNSIGNED NOT NULL AUTO_INCREMENT,
        title VARCHAR(200) NOT NULL,
        category VARCHAR(10) NOT NULL,
        description TEXT NOT NULL,
        source_level VARCHAR(12) NOT NULL,
        external_ref VARCHAR(64) NULL,
        report_due_date DATE NULL,
        reported_at DATETIME(3) NULL,
        leader_in_charge VARCHAR(50) NULL,
        task_force VARCHAR(1000) NULL,
        plan TEXT NULL,
        measures TEXT NULL,
        deadline DATE NULL,
        status VARCHAR(12) NOT NULL,
        resolved_date DATE NULL,
        outcome_solved TINYINT NOT NULL,
        outcome_educated TINYINT NOT NULL,
        outcome_assisted TINYINT NOT NULL,
        outcome_dealt_by_law TINYINT NOT NULL,
        evidence TEXT NULL,
        created_by INT UNSIGNED NOT NULL,
        version INT UNSIGNED NOT NULL,
        created_at DATETIME(3) NOT NULL,
        updated_at DATETIME(3) NOT NULL,
        PRIMARY KEY (id),
        INDEX ix_key_matters_status (status, id),
        INDEX ix_key_matters_leader (leader_in_charge, status)
      ) ${TABLE}`);
    await q.query(`
      CREATE TABLE key_matter_cases (
        key_matter_id BIGINT UNSIGNED NOT NULL,
        case_id BIGINT UNSIGNED NOT NULL,
        PRIMARY KEY (key_matter_id, case_id),
        INDEX ix_key_matter_cases_case (case_id, key_matter_id)
      ) ${TABLE}`);
    await q.query(`
      CREATE TABLE key_matter_progress (
        id BIGINT UNSIGNED NOT NULL AUTO_INCREMENT,
        key_matter_id BIGINT UNSIGNED NOT NULL,
        date DATE NOT NULL,
        note TEXT NOT NULL,
        actor_id INT UNSIGNED NOT NULL,
        created_at DATETIME(3) NOT NULL,
        PRIMARY KEY (id),
        INDEX ix_key_matter_progress_matter (key_matter_id, id)
      ) ${TABLE}`);
    await q.query(`
      CREATE TABLE persuasion_missions (
        id BIGINT UNSIGNED NOT NULL AUTO_INCREMENT,
        kind VARCHAR(10) NOT NULL,
        place VARCHAR(100) NOT NULL,
        start_date DATE NOT NULL,
        end_date DATE NOT NULL,
        staff VARCHAR(500) NOT NULL,
        persons_persuaded SMALLINT UNSIGNED NOT NULL,
        persons_returned SMALLINT UNSIGNED NOT NULL,
        cost DECIMAL(12,2) NOT NULL,
        note VARCHAR(1000) NULL,
        created_by INT UNSIGNED NOT NULL,
        created_at DATETIME(3) NOT NULL,
        PRIMARY KEY (id),
        INDEX ix_persuasion_missions_start (start_date, id)
      ) ${TABLE}`);
    await q.query(`
      CREATE TABLE persuasion_mission_cases (
        mission_id BIGINT UNSIGNED NOT NULL,
        case_id BIGINT UNSIGNED NOT NULL,
        PRIMARY KEY (mission_id, case_id)
      ) ${TABLE}`);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const t of [
      'persuasion_mission_cases',
      'persuasion_missions',
      'key_matter_progress',
      'key_matter_cases',
      'key_matters',
      'supervision_letter_sequences',
      'supervision_letter_actions',
      'supervision_letter_cases',
      'supervision_letters',
    ]) {
      await q.query(`DROP TABLE ${t}`);
    }
  }
}
