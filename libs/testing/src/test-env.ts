import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * The environment every test process runs with: its own database (name ends in _test), its own
 * Redis database and queue prefix, so tests never touch a developer's data. The run's global
 * setup claims a slot (`claimTestRunSlot`) and sets the TEST_* variables, so two runs on one
 * machine never share them.
 */
export const TEST_ENV = {
  NODE_ENV: 'test',
  DATABASE_URL: process.env.TEST_DATABASE_URL ?? 'mysql://root@127.0.0.1:3306/petitions_test',
  REDIS_URL: process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379/1',
  QUEUE_PREFIX: process.env.TEST_QUEUE_PREFIX ?? 'petitions-test',
  JWT_SECRET: 'test-secret-test-secret-test-secret-0123456789',
  LOGIN_MAX_FAILURES: '3',
  LOGIN_LOCK_MINUTES: '15',
  // Roomy, so no test meets a limit by signing in or calling often from the one inject address;
  // the rate-limit tests give their own apps small ones (createTestApp({ env })).
  RATE_LIMIT_AUTH_PER_IP: '100000/60',
  RATE_LIMIT_SIGN_IN_PER_USERNAME: '100000/60',
  RATE_LIMIT_REFRESH_PER_USER: '100000/60',
  RATE_LIMIT_REVEAL_PER_USER: '100000/60',
  RATE_LIMIT_EXPORT_PER_USER: '100000/60',
  RATE_LIMIT_PER_USER: '100000/60',
  HTTP_BODY_LIMIT_BYTES: String(64 * 1024),
  DATABASE_POOL_SIZE: '10',
  LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'silent',
  PII_ENCRYPTION_KEY: Buffer.alloc(32, 7).toString('base64'),
  PII_INDEX_KEY: Buffer.alloc(32, 9).toString('base64'),
  EVENT_CHAIN_KEY: Buffer.alloc(32, 5).toString('base64'),
  CASE_NUMBER_PREFIX: 'TS',
  BUREAU_NAME: '测试区信访局',
  SUPERVISION_LETTER_CODE: '测信督',
  NOTICE_CODE: '测信',
  STORAGE_DIR: process.env.TEST_STORAGE_DIR ?? join(tmpdir(), 'petitions-test-storage'),
  ATTACHMENT_MAX_BYTES: String(256 * 1024),
} as const;

export function applyTestEnv(): void {
  Object.assign(process.env, TEST_ENV);
}
