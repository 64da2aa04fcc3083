import 'tsconfig-paths/register';
import { tmpdir } from 'node:os';
import { claimTestRunSlot, recreateTestSchema, type TestRunSlot } from '@app/testing';

declare global {
  var __petitionsTestSlot: TestRunSlot | undefined;
}

/**
 * Once per run: claim a slot of its own (database, Redis database, queue prefix, storage folder)
 * unless TEST_DATABASE_URL names one, then a fresh test schema built by the migrations alone.
 * The test files read the slot's TEST_* variables when they load TEST_ENV.
 */
export default async function globalSetup(): Promise<void> {
  if (!process.env.TEST_DATABASE_URL) {
    const claimed = await claimTestRunSlot('mysql://root@127.0.0.1:3306', tmpdir());
    globalThis.__petitionsTestSlot = claimed;
    Object.assign(process.env, claimed.env);
    if (claimed.slot > 1) {
      const db = claimed.env.TEST_DATABASE_URL.split('/').pop();
      const redis = claimed.env.TEST_REDIS_URL.split('/').pop();
      process.stdout.write(
        `\n[test] another run holds slot 1: this run uses slot ${claimed.slot} (database ${db}, Redis database ${redis})\n`,
      );
    }
  }
  await recreateTestSchema(process.env.TEST_DATABASE_URL!);
}
