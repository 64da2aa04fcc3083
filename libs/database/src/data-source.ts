// Used by the TypeORM CLI (`npm run migration:*`); the apps build their own from AppConfig.
import 'reflect-metadata';
import { createDataSource } from './ensure-database';

try {
  process.loadEnvFile('.env');
} catch {
  // no .env: the environment alone configures the CLI
}
export const dataSource = createDataSource(
  process.env.DATABASE_URL || 'mysql://root@127.0.0.1:3306/petitions',
);
