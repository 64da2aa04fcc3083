import { createConnection, type Connection } from 'mysql2/promise';
import { parseDatabaseUrl } from '@app/database';

/**
 * Two test runs on one machine (two clones, a developer and CI) must not share a database or a
 * Redis database: each run claims a slot with a MariaDB named lock, held by one connection for
 * the whole run and released by the server when the process ends, however it ends.
 */
export interface TestRunSlot {
  slot: number;
  env: Record<
    'TEST_DATABASE_URL' | 'TEST_REDIS_URL' | 'TEST_QUEUE_PREFIX' | 'TEST_STORAGE_DIR',
    string
  >;
  release(): Promise<void>;
}

/** Redis databases a run may take: 0 is a developer's own, 2 the smoke test's. */
export const TEST_SLOT_REDIS_DBS = [1, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15] as const;

export function slotEnv(slot: number, tmp: string): TestRunSlot['env'] {
  const base = 'mysql://root@127.0.0.1:3306';
  const suffix = slot === 1 ? '' : `_s${slot}`;
  return {
    TEST_DATABASE_URL: `${base}/petitions${suffix}_test`,
    TEST_REDIS_URL: `redis://127.0.0.1:6379/${TEST_SLOT_REDIS_DBS[slot - 1]}`,
    TEST_QUEUE_PREFIX: `petitions-test${suffix}`,
    TEST_STORAGE_DIR: `${tmp}/petitions-test-storage${suffix}`,
  };
}

export async function claimTestRunSlot(serverUrl: string, tmp: string): Promise<TestRunSlot> {
  const { host, port, user, password } = parseDatabaseUrl(serverUrl);
  const conn: Connection = await createConnection({
    host,
    port,
    user,
    password,
    connectTimeout: 10_000,
  });
  for (let slot = 1; slot <= TEST_SLOT_REDIS_DBS.length; slot++) {
    const [rows] = await conn.query('SELECT GET_LOCK(?, 0) AS got', [
      `petitions_test_slot_${slot}`,
    ]);
    if (Number((rows as { got: number | null }[])[0]?.got) === 1) {
      return {
        slot,
        env: slotEnv(slot, tmp),
        release: async () => {
          await conn.end();
        },
      };
    }
  }
  await conn.end();
  throw new Error(
    `every test slot (${TEST_SLOT_REDIS_DBS.length}) is held by another run on this machine`,
  );
}
