import { createConnection } from 'mysql2/promise';
import { DataSource } from 'typeorm';
import {
  buildDataSourceOptions,
  type DatabaseFlavor,
  parseDatabaseUrl,
} from './data-source-options';

/** Creates the database named in the URL if it does not exist yet (utf8mb4). */
export async function ensureDatabase(url: string): Promise<{ created: boolean; database: string }> {
  const { host, port, user, password, database } = parseDatabaseUrl(url);
  if (!/^[A-Za-z0-9_]+$/.test(database)) {
    throw new Error(`Refusing to create database with unusual name "${database}"`);
  }
  const conn = await createConnection({ host, port, user, password, connectTimeout: 10_000 });
  try {
    const [rows] = await conn.query(
      'SELECT 1 FROM information_schema.SCHEMATA WHERE SCHEMA_NAME = ?',
      [database],
    );
    if ((rows as unknown[]).length > 0) return { created: false, database };
    await conn.query(
      `CREATE DATABASE IF NOT EXISTS \`${database}\` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci`,
    );
    return { created: true, database };
  } finally {
    await conn.end();
  }
}

/** Asks the server whether it is MariaDB or MySQL. */
export async function detectDatabaseFlavor(url: string): Promise<DatabaseFlavor> {
  const { host, port, user, password } = parseDatabaseUrl(url);
  const conn = await createConnection({ host, port, user, password, connectTimeout: 10_000 });
  try {
    const [rows] = await conn.query('SELECT VERSION() AS v');
    return /mariadb/i.test(String((rows as { v: string }[])[0]?.v)) ? 'mariadb' : 'mysql';
  } finally {
    await conn.end();
  }
}

/** A DataSource (not yet initialised) for the server behind `url`, its flavor detected. */
export async function createDataSource(url: string, poolSize = 2): Promise<DataSource> {
  return new DataSource(
    buildDataSourceOptions({ url, poolSize, flavor: await detectDatabaseFlavor(url) }),
  );
}
