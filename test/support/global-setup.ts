import 'tsconfig-paths/register';
import { applyTestEnv, recreateTestSchema, TEST_ENV } from '@app/testing';

/** Once per run: a fresh test schema built by the migrations alone. */
export default async function globalSetup(): Promise<void> {
  applyTestEnv();
  await recreateTestSchema(TEST_ENV.DATABASE_URL);
}
