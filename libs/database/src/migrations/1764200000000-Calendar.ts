import type { MigrationInterface, QueryRunner } from 'typeorm';
import {
  calendarChecksum,
  CLOCK_KINDS,
  DEFAULT_RULES,
  OFFICIAL_2022_2026,
  OFFICIAL_YEARS,
  officialNoticeSource,
} from '@app/calendar';

/**
 * The working-day calendar and the deadline rules, seeded with the State Council holiday notices
 * for 2022–2026 (committed data, not a package) and the default rules of DESIGN §3.
 */
export class Calendar1764200000000 implements MigrationInterface {
  name = 'Calendar1764200000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE calendar_versions (
        id INT UNSIGNED NOT NULL AUTO_INCREMENT,
        year SMALLINT UNSIGNED NOT NULL,
        source VARCHAR(200) NOT NULL,
        days_count INT UNSIGNED NOT NULL,
        checksum CHAR(64) NOT NULL,
        note VARCHAR(500) NULL,
        loaded_by INT UNSIGNED NULL,
        loaded_at DATETIME(3) NOT NULL,
        PRIMARY KEY (id),
        INDEX ix_calendar_versions_year (year)
      ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci`);
    await q.query(`
      CREATE TABLE calendar_days (
        day DATE NOT NULL,
        kind VARCHAR(10) NOT NULL,
        name VARCHAR(50) NOT NULL,
        version_id INT UNSIGNED NOT NULL,
        PRIMARY KEY (day),
        CONSTRAINT fk_calendar_days_version FOREIGN KEY (version_id) REFERENCES calendar_versions (id)
          ON DELETE RESTRICT ON UPDATE RESTRICT
      ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci`);
    await q.query(`
      CREATE TABLE deadline_rules (
        kind VARCHAR(40) NOT NULL,
        length SMALLINT UNSIGNED NOT NULL,
        unit VARCHAR(20) NOT NULL,
        roll_over_holiday TINYINT NOT NULL,
        version INT UNSIGNED NOT NULL,
        updated_at DATETIME(3) NOT NULL,
        updated_by INT UNSIGNED NULL,
        PRIMARY KEY (kind)
      ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci`);

    for (const year of OFFICIAL_YEARS) {
      const days = OFFICIAL_2022_2026.filter((d) => d.date.startsWith(`${year}-`));
      await q.query(
        `INSERT INTO calendar_versions (year, source, days_count, checksum, note, loaded_by, loaded_at)
         VALUES (?, ?, ?, ?, ?, NULL, UTC_TIMESTAMP(3))`,
        [year, officialNoticeSource(year), days.length, calendarChecksum(days), '系统初始化载入'],
      );
      const [{ id }] = (await q.query('SELECT id FROM calendar_versions WHERE year = ?', [
        year,
      ])) as { id: number }[];
      await q.query(
        `INSERT INTO calendar_days (day, kind, name, version_id) VALUES ${days.map(() => '(?, ?, ?, ?)').join(', ')}`,
        days.flatMap((d) => [d.date, d.kind, d.name, id]),
      );
    }

    const rules = CLOCK_KINDS.map((kind) => DEFAULT_RULES[kind]);
    await q.query(
      `INSERT INTO deadline_rules (kind, length, unit, roll_over_holiday, version, updated_at, updated_by)
       VALUES ${rules.map(() => '(?, ?, ?, ?, 1, UTC_TIMESTAMP(3), NULL)').join(', ')}`,
      rules.flatMap((r) => [r.kind, r.length, r.unit, r.rollOverHoliday ? 1 : 0]),
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE deadline_rules');
    await q.query('DROP TABLE calendar_days');
    await q.query('DROP TABLE calendar_versions');
  }
}
