import type { DataSource } from 'typeorm';
import { createDataSource, ensureDatabase, parseDatabaseUrl } from '@app/database';

/** Refuses to touch any database whose name does not end in _test. */
export function assertTestDatabase(url: string): void {
  assertTestDatabaseName(parseDatabaseUrl(url).database);
}

function assertTestDatabaseName(database: string): void {
  if (!database.endsWith('_test')) {
    throw new Error(`Refusing to wipe "${database}": test databases must be named *_test`);
  }
}

/** Drops every table of the test database and runs all migrations from the first. */
export async function recreateTestSchema(url: string): Promise<void> {
  assertTestDatabase(url);
  await ensureDatabase(url);
  const ds = await createDataSource(url, 1);
  await ds.initialize();
  try {
    await ds.query('SET FOREIGN_KEY_CHECKS = 0');
    const tables: { name: string }[] = await ds.query(
      'SELECT TABLE_NAME AS name FROM information_schema.TABLES WHERE TABLE_SCHEMA = DATABASE()',
    );
    for (const t of tables) await ds.query(`DROP TABLE \`${t.name}\``);
    await ds.query('SET FOREIGN_KEY_CHECKS = 1');
    await ds.runMigrations({ transaction: 'each' });
  } finally {
    await ds.destroy();
  }
}

/**
 * Reference data the migrations seed (calendar, deadline rules, categories, notice templates): kept
 * across resets; a test that edits it puts it back.
 */
const SEEDED_TABLES = [
  'schema_migrations',
  'calendar_days',
  'calendar_versions',
  'deadline_rules',
  'categories',
  'reminder_rules',
  'notice_templates',
];

/** Empties every table but the seeded reference data, so each test file starts from nothing. */
export async function resetDatabase(ds: DataSource): Promise<void> {
  const [{ name }] = await ds.query<{ name: string }[]>('SELECT DATABASE() AS name');
  assertTestDatabaseName(name);
  const tables: { name: string }[] = await ds.query(
    `SELECT TABLE_NAME AS name FROM information_schema.TABLES
      WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME NOT IN (?)`,
    [SEEDED_TABLES],
  );
  await ds.query('SET FOREIGN_KEY_CHECKS = 0');
  try {
    for (const t of tables) await ds.query(`TRUNCATE TABLE \`${t.name}\``);
    await dropLoadedYears(ds);
  } finally {
    await ds.query('SET FOREIGN_KEY_CHECKS = 1');
  }
}

/**
 * Removes the calendar years a test file loaded beyond the ones the migrations ship (2027 in the
 * calendar tests), so the next file starts from the shipped calendar and its missing years.
 */
async function dropLoadedYears(ds: DataSource): Promise<void> {
  const shipped = `SELECT year FROM (SELECT DISTINCT year FROM calendar_versions WHERE loaded_by IS NULL) s`;
  await ds.query(
    `DELETE d FROM calendar_days d JOIN calendar_versions v ON v.id = d.version_id
      WHERE v.year NOT IN (${shipped})`,
  );
  await ds.query(`DELETE FROM calendar_versions WHERE year NOT IN (${shipped})`);
}

/** Row count of a table, for "nothing was written" assertions. */
export async function countRows(ds: DataSource, table: string): Promise<number> {
  const [row] = await ds.query<{ n: string | number }[]>(`SELECT COUNT(*) AS n FROM \`${table}\``);
  return Number(row.n);
}
