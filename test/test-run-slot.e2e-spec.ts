import { tmpdir } from 'node:os';
import { claimTestRunSlot, TEST_ENV } from '@app/testing';

describe('test run slots (two runs on one machine share nothing)', () => {
  it('a second run gets a database, Redis database, queue prefix and storage of its own', async () => {
    // This run already holds its slot (global setup); two more claims take two more slots.
    const a = await claimTestRunSlot('mysql://root@127.0.0.1:3306', tmpdir());
    const b = await claimTestRunSlot('mysql://root@127.0.0.1:3306', tmpdir());
    try {
      const mine = {
        TEST_DATABASE_URL: TEST_ENV.DATABASE_URL,
        TEST_REDIS_URL: TEST_ENV.REDIS_URL,
        TEST_QUEUE_PREFIX: TEST_ENV.QUEUE_PREFIX,
        TEST_STORAGE_DIR: TEST_ENV.STORAGE_DIR,
      };
      for (const key of Object.keys(mine) as (keyof typeof mine)[]) {
        expect(new Set([mine[key], a.env[key], b.env[key]]).size).toBe(3);
      }
      expect(a.env.TEST_DATABASE_URL).toMatch(/_test$/);
    } finally {
      await a.release();
      await b.release();
    }
    // Released slots are free again.
    const again = await claimTestRunSlot('mysql://root@127.0.0.1:3306', tmpdir());
    await again.release();
    expect(again.slot).toBe(a.slot);
  });
});
