import type Redis from 'ioredis';

/**
 * Forgets every sign-in counter, lock and ended session kept in Redis under the queue prefix
 * (`<prefix>:auth:*`): a test file starts with user ids from 1 again, and must not inherit them.
 */
export async function resetAuthState(redis: Redis, queuePrefix: string): Promise<void> {
  let cursor = '0';
  do {
    const [next, keys] = await redis.scan(cursor, 'MATCH', `${queuePrefix}:auth:*`, 'COUNT', 1000);
    if (keys.length) await redis.del(...keys);
    cursor = next;
  } while (cursor !== '0');
}
