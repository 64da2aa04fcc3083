// Used by the TypeORM CLI (`npm run migration:*`); the apps build their own from AppConfig.
import 'reflect-metadata';
import { validateEnv } from '@app/core';
import { createDataSource } from './ensure-database';

try {
  process.loadEnvFile('.env');
} catch {
  // no .env: the environment alone configures the CLI
}
const env = validateEnv({ JWT_SECRET: 'x'.repeat(32), ...process.env });
export const dataSource = createDataSource(env.DATABASE_URL);
