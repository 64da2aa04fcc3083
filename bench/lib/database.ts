import { createPool, type Pool, type RowDataPacket } from 'mysql2/promise';
import { createDataSource, ensureDatabase, parseDatabaseUrl } from '@app/database';
import { BENCH } from './config';

/** Creates the bench database if needed and applies the project's migrations (never drops). */
export async function prepareDatabase(): Promise<string[]> {
  const { database } = parseDatabaseUrl(BENCH.databaseUrl);
  if (['petitions', 'petitions_test'].includes(database) || !database.includes('bench')) {
    throw new Error(`Refusing to benchmark against "${database}": use a *bench* database`);
  }
  await ensureDatabase(BENCH.databaseUrl);
  const ds = await createDataSource(BENCH.databaseUrl, 1);
  await ds.initialize();
  try {
    const ran = await ds.runMigrations({ transaction: 'each' });
    return ran.map((m) => m.name);
  } finally {
    await ds.destroy();
  }
}

/** A mysql2 pool on the bench database, with the app's conventions (UTC, utf8mb4). */
export function benchPool(connectionLimit: number, multipleStatements = false): Pool {
  const { host, port, user, password, database } = parseDatabaseUrl(BENCH.databaseUrl);
  return createPool({
    host,
    port,
    user,
    password,
    database,
    connectionLimit,
    charset: 'utf8mb4_unicode_ci',
    timezone: 'Z',
    supportBigNumbers: true,
    bigNumberStrings: false,
    dateStrings: false,
    multipleStatements,
  });
}

export async function rows<T>(pool: Pool, sql: string, params: unknown[] = []): Promise<T[]> {
  const [result] = await pool.query<RowDataPacket[]>(sql, params);
  return result as unknown as T[];
}

/** Key/value notes the bench keeps in its own database (which data set is loaded). */
export async function readMeta<T>(pool: Pool, name: string): Promise<T | null> {
  await pool.query(
    `CREATE TABLE IF NOT EXISTS bench_meta (
       name VARCHAR(40) NOT NULL PRIMARY KEY,
       value JSON NOT NULL,
       updated_at DATETIME(3) NOT NULL
     ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4`,
  );
  const found = await rows<{ value: unknown }>(
    pool,
    'SELECT value FROM bench_meta WHERE name = ?',
    [name],
  );
  if (!found.length) return null;
  // MySQL hands JSON columns back parsed; MariaDB (JSON = LONGTEXT) as text.
  const value = found[0].value;
  return (typeof value === 'string' ? JSON.parse(value) : value) as T;
}

export async function writeMeta(pool: Pool, name: string, value: unknown): Promise<void> {
  await readMeta(pool, name); // creates the table
  await pool.query(
    `INSERT INTO bench_meta (name, value, updated_at) VALUES (?, ?, UTC_TIMESTAMP(3))
     ON DUPLICATE KEY UPDATE value = VALUES(value), updated_at = VALUES(updated_at)`,
    [name, JSON.stringify(value)],
  );
}

export async function deleteMeta(pool: Pool, name: string): Promise<void> {
  await readMeta(pool, name);
  await pool.query('DELETE FROM bench_meta WHERE name = ?', [name]);
}

/** Petitioners with an ID number, spread over the whole table (random ids, not a range). */
export async function samplePetitionerIds(
  pool: Pool,
  wanted: number,
): Promise<{ id: number; idNumberEnc: string; phoneEnc: string | null }[]> {
  const [{ maxId }] = await rows<{ maxId: number | null }>(
    pool,
    'SELECT MAX(id) AS maxId FROM petitioners',
  );
  if (!maxId) return [];
  const ids = new Set<number>();
  while (ids.size < Math.min(maxId, wanted * 2)) ids.add(1 + Math.floor(Math.random() * maxId));
  const found = await rows<{ id: number; idNumberEnc: string; phoneEnc: string | null }>(
    pool,
    `SELECT id, id_number_enc AS idNumberEnc, phone_enc AS phoneEnc FROM petitioners
      WHERE id IN (?) AND kind = 'person' AND id_number_enc IS NOT NULL`,
    [[...ids]],
  );
  return found.slice(0, wanted);
}

/**
 * Waits until no statement of another connection runs on the bench database, so that slow
 * queries left over from one measurement (the client gave up, the server did not) do not weigh
 * on the next.
 */
export async function quiesce(pool: Pool, maxSeconds = 120): Promise<void> {
  const deadline = Date.now() + maxSeconds * 1000;
  while (Date.now() < deadline) {
    const [{ n }] = await rows<{ n: number }>(
      pool,
      `SELECT COUNT(*) AS n FROM information_schema.PROCESSLIST
        WHERE DB = DATABASE() AND COMMAND = 'Query' AND ID <> CONNECTION_ID()`,
    );
    if (Number(n) === 0) return;
    await new Promise((r) => setTimeout(r, 250));
  }
}

const COUNTERS = [
  'Questions',
  'Com_select',
  'Com_insert',
  'Com_update',
  'Com_commit',
  'Innodb_row_lock_waits',
  'Innodb_row_lock_time',
];

/** Server-wide statement counters; the difference of two readings counts a run's statements. */
export async function statementCounters(pool: Pool): Promise<Record<string, number>> {
  const found = await rows<{ Variable_name: string; Value: string }>(
    pool,
    `SHOW GLOBAL STATUS WHERE Variable_name IN (${COUNTERS.map(() => '?').join(', ')})`,
    COUNTERS,
  );
  return Object.fromEntries(found.map((r) => [r.Variable_name, Number(r.Value)]));
}

/**
 * The InnoDB sizing `docker/compose.yml` gives the database of a deployment (a 2 GiB buffer
 * pool, a 1 GiB redo log), applied to the server for the run unless `BENCH_INNODB=as-is`; both
 * settings are dynamic in MariaDB ≥ 10.9. Returns what puts the server back as it was.
 */
export async function sizeInnodb(
  pool: Pool,
  log: (m: string) => void,
): Promise<() => Promise<void>> {
  if (!BENCH.sizeInnodb) return async () => {};
  const wanted: Record<string, number> = {
    innodb_buffer_pool_size: 2 * 1024 ** 3,
    innodb_log_file_size: 1024 ** 3,
  };
  const current = await rows<{ Variable_name: string; Value: string }>(
    pool,
    'SHOW GLOBAL VARIABLES WHERE Variable_name IN (?)',
    [Object.keys(wanted)],
  );
  const before = new Map(current.map((r) => [r.Variable_name, Number(r.Value)]));
  const changed: string[] = [];
  for (const [name, value] of Object.entries(wanted)) {
    if (before.get(name) === value) continue;
    await pool.query(`SET GLOBAL ${name} = ?`, [value]);
    changed.push(name);
  }
  if (changed.length) {
    log(
      `InnoDB sized as docker/compose.yml for the run: ${changed.join(', ')} (BENCH_INNODB=as-is leaves it)`,
    );
    // the buffer pool grows in the background; the run starts once it has
    for (let i = 0; i < 600; i++) {
      const [s] = await rows<{ Value: string }>(
        pool,
        "SHOW GLOBAL STATUS LIKE 'Innodb_buffer_pool_resize_status'",
      );
      if (!s?.Value || /completed|finished/i.test(s.Value)) break;
      await new Promise((r) => setTimeout(r, 100));
    }
  }
  return async () => {
    for (const name of changed) {
      await pool.query(`SET GLOBAL ${name} = ?`, [before.get(name)]);
    }
  };
}
