import type { MigrationInterface, QueryRunner } from 'typeorm';

const TABLE = 'ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci';

/**
 * The case event chain becomes keyed (HMAC-SHA-256 under a key the database never sees):
 * - `cases.head_mac` tags the case's head (event count and last MAC), written with each event;
 *   an empty tag marks a case of the unkeyed chain until `chain rechain` seals it again;
 * - `case_chain_checkpoints` holds the signed checkpoint of every case's head (a Merkle root);
 * - `case_chain_heads` holds each case's head as of the last checkpoint, so a case that later
 *   loses its newest events, or the whole case, is found.
 */
export class KeyedEventChain1796217226980 implements MigrationInterface {
  name = 'KeyedEventChain1796217226980';

  async up(q: QueryRunner): Promise<void> {
    await q.query(
      "ALTER TABLE cases ADD COLUMN head_mac CHAR(64) NOT NULL DEFAULT '' AFTER last_event_hash",
    );
    await q.query(`
      CREATE TABLE case_chain_checkpoints (
        id INT UNSIGNED NOT NULL AUTO_INCREMENT,
        taken_at DATETIME(3) NOT NULL,
        case_count INT UNSIGNED NOT NULL,
        event_count BIGINT UNSIGNED NOT NULL,
        root CHAR(64) NOT NULL,
        prev_signature CHAR(64) NOT NULL,
        signature CHAR(64) NOT NULL,
        verified_cases INT UNSIGNED NOT NULL,
        breaks INT UNSIGNED NOT NULL,
        PRIMARY KEY (id)
      ) ${TABLE}`);
    await q.query(`
      CREATE TABLE case_chain_heads (
        case_id BIGINT UNSIGNED NOT NULL,
        case_no VARCHAR(32) NOT NULL,
        event_count INT UNSIGNED NOT NULL,
        last_event_hash CHAR(64) NOT NULL,
        tag CHAR(64) NOT NULL,
        checkpoint_id INT UNSIGNED NOT NULL,
        PRIMARY KEY (case_id)
      ) ${TABLE}`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE case_chain_heads');
    await q.query('DROP TABLE case_chain_checkpoints');
    await q.query('ALTER TABLE cases DROP COLUMN head_mac');
  }
}
