import { join } from 'node:path';
import type { DataSourceOptions } from 'typeorm';
import { SnakeNamingStrategy } from 'typeorm-naming-strategies';

export interface DatabaseSettings {
  url: string;
  poolSize: number;
  /** MariaDB and MySQL report schemas differently; TypeORM must know which it talks to. */
  flavor: DatabaseFlavor;
}

export type DatabaseFlavor = 'mysql' | 'mariadb';

/**
 * The one set of TypeORM options, shared by the apps, the CLI (migrations, setup) and the tests.
 * Entities and migrations are found by path so that every lib's `*.entity.ts` is included without
 * this lib importing the libs above it.
 */
export function buildDataSourceOptions(db: DatabaseSettings): DataSourceOptions {
  return {
    type: db.flavor,
    connectorPackage: 'mysql2',
    url: db.url,
    charset: 'utf8mb4_unicode_ci',
    // Times are stored in UTC; they are shown and counted in Asia/Shanghai by the code above.
    timezone: 'Z',
    supportBigNumbers: true,
    bigNumberStrings: false,
    poolSize: db.poolSize,
    synchronize: false,
    migrationsRun: false,
    migrationsTableName: 'schema_migrations',
    namingStrategy: new SnakeNamingStrategy(),
    entities: [join(__dirname, '..', '..', '*', 'src', '**', '*.{entity,entities}.{ts,js}')],
    migrations: [join(__dirname, 'migrations', '*.{ts,js}')],
    // For `SqlBatch`: a writer's last statements in one round trip. Values always go through
    // placeholders, never into the SQL text.
    multipleStatements: true,
    extra: { connectTimeout: 10_000, enableKeepAlive: true },
  };
}

/** Splits a mysql:// URL into the server part and the database name. */
export function parseDatabaseUrl(url: string): {
  host: string;
  port: number;
  user: string;
  password: string;
  database: string;
} {
  const u = new URL(url);
  return {
    host: u.hostname,
    port: u.port ? Number(u.port) : 3306,
    user: decodeURIComponent(u.username || 'root'),
    password: decodeURIComponent(u.password),
    database: decodeURIComponent(u.pathname.replace(/^\//, '')),
  };
}
