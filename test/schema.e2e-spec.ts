import type { DataSource } from 'typeorm';
import { createDataSource } from '@app/database';
import { TEST_ENV } from '@app/testing';

describe('schema', () => {
  let ds: DataSource;
  beforeAll(async () => {
    ds = await (await createDataSource(TEST_ENV.DATABASE_URL, 1)).initialize();
  });
  afterAll(() => ds.destroy());

  it('entities and migrations agree: generating a migration on the migrated database yields nothing', async () => {
    const sql = await ds.driver.createSchemaBuilder().log();
    expect(sql.upQueries.map((q) => q.query)).toEqual([]);
  });

  it('every table is utf8mb4 and every time column is DATETIME(3)', async () => {
    const tables: { name: string; collation: string }[] = await ds.query(
      `SELECT TABLE_NAME AS name, TABLE_COLLATION AS collation FROM information_schema.TABLES
        WHERE TABLE_SCHEMA = DATABASE()`,
    );
    expect(tables.length).toBeGreaterThan(3);
    for (const t of tables) expect(t.collation).toMatch(/^utf8mb4_/);
    const times: { col: string; type: string }[] = await ds.query(
      `SELECT CONCAT(TABLE_NAME, '.', COLUMN_NAME) AS col, COLUMN_TYPE AS type FROM information_schema.COLUMNS
        WHERE TABLE_SCHEMA = DATABASE() AND DATA_TYPE IN ('datetime', 'timestamp')`,
    );
    expect(times.length).toBeGreaterThan(0);
    for (const t of times) expect(t).toEqual({ col: t.col, type: 'datetime(3)' });
  });

  it('the migrations can be reverted and re-applied', async () => {
    const before = await ds.query('SELECT COUNT(*) AS n FROM schema_migrations');
    await ds.undoLastMigration({ transaction: 'each' });
    await ds.runMigrations({ transaction: 'each' });
    expect(await ds.query('SELECT COUNT(*) AS n FROM schema_migrations')).toEqual(before);
    expect((await ds.driver.createSchemaBuilder().log()).upQueries).toEqual([]);
  });
});
