import { AppConfig, DEVELOPMENT_CHAIN_KEY } from './app-config';
import { ConfigValidationError, validateEnv } from './env.schema';

const KEY = Buffer.alloc(32, 1).toString('base64');
const BASE = { JWT_SECRET: 's'.repeat(40), PII_ENCRYPTION_KEY: KEY, PII_INDEX_KEY: KEY };

describe('validateEnv', () => {
  it('fills in defaults that fit a local machine', () => {
    const config = new AppConfig(validateEnv(BASE));
    expect(config.database.url).toBe('mysql://root@127.0.0.1:3306/petitions');
    expect(config.redis.url).toBe('redis://127.0.0.1:6379');
    expect(config.http.port).toBe(3000);
    expect(config.auth.accessTokenTtlSeconds).toBe(900);
  });

  it('converts numeric strings from the environment to numbers', () => {
    const env = validateEnv({ ...BASE, PORT: '8080', LOGIN_MAX_FAILURES: '7' });
    expect(env.PORT).toBe(8080);
    expect(env.LOGIN_MAX_FAILURES).toBe(7);
  });

  it('the event chain key: its own in production, a fixed public one in development and tests', () => {
    const prod = new AppConfig(
      validateEnv({ ...BASE, NODE_ENV: 'production', EVENT_CHAIN_KEY: KEY }),
    );
    expect(prod.cases.chainKey).toBe(KEY);
    expect(new AppConfig(validateEnv(BASE)).cases.chainKey).toBe(DEVELOPMENT_CHAIN_KEY);
  });

  it('the worker schedules: window sweep every 15 minutes, chain checkpoint at 02:30', () => {
    const defaults = new AppConfig(validateEnv(BASE));
    expect(defaults.worker.windowSweepIntervalMs).toBe(15 * 60_000);
    expect(defaults.worker.chainCheckpointCron).toBe('30 2 * * *');
    expect(defaults.worker.heartbeatIntervalMs).toBe(30_000);
    expect(defaults.reminders.sweepIntervalMs).toBe(60_000);
    const set = new AppConfig(
      validateEnv({
        ...BASE,
        WINDOW_SWEEP_INTERVAL_MS: '60000',
        CHAIN_CHECKPOINT_CRON: '0 3 * * 1-5',
      }),
    );
    expect(set.worker.windowSweepIntervalMs).toBe(60_000);
    expect(set.worker.chainCheckpointCron).toBe('0 3 * * 1-5');
  });

  it('treats empty values as unset', () => {
    expect(validateEnv({ ...BASE, PORT: '' }).PORT).toBe(3000);
  });

  it.each([
    ['JWT_SECRET', { JWT_SECRET: undefined }],
    ['JWT_SECRET', { JWT_SECRET: 'short' }],
    ['PORT', { PORT: '70000' }],
    ['PORT', { PORT: 'eighty' }],
    ['DATABASE_URL', { DATABASE_URL: 'postgres://localhost/db' }],
    ['REDIS_URL', { REDIS_URL: 'localhost:6379' }],
    ['NODE_ENV', { NODE_ENV: 'staging' }],
    ['LOG_LEVEL', { LOG_LEVEL: 'verbose' }],
    ['INITIAL_ADMIN_PASSWORD', { INITIAL_ADMIN_PASSWORD: 'short1' }],
    ['PII_ENCRYPTION_KEY', { PII_ENCRYPTION_KEY: 'too-short' }],
    ['PII_INDEX_KEY', { PII_INDEX_KEY: undefined }],
    ['PII_PREVIOUS_KEYS', { PII_PREVIOUS_KEYS: 'k0' }],
    ['CASE_NUMBER_PREFIX', { CASE_NUMBER_PREFIX: 'lw' }],
    ['STORAGE_DRIVER', { STORAGE_DRIVER: 'ftp' }],
    ['S3_BUCKET', { STORAGE_DRIVER: 's3' }],
    ['S3_BUCKET', { STORAGE_DRIVER: 's3', S3_BUCKET: 'No_Such' }],
    ['S3_ENDPOINT', { S3_ENDPOINT: 'minio:9000' }],
    ['S3_FORCE_PATH_STYLE', { S3_FORCE_PATH_STYLE: 'yes' }],
    ['S3_SECRET_ACCESS_KEY', { S3_ACCESS_KEY_ID: 'AKIA' }],
    ['RATE_LIMIT_PER_USER', { RATE_LIMIT_PER_USER: '600' }],
    ['RATE_LIMIT_AUTH_PER_IP', { RATE_LIMIT_AUTH_PER_IP: '0/60' }],
    ['RATE_LIMIT_EXPORT_PER_USER', { RATE_LIMIT_EXPORT_PER_USER: '10/hour' }],
    ['TRUST_PROXY', { TRUST_PROXY: 'yes please' }],
    ['EVENT_CHAIN_KEY', { NODE_ENV: 'production' }],
    ['EVENT_CHAIN_KEY', { EVENT_CHAIN_KEY: 'too-short' }],
    ['WINDOW_SWEEP_INTERVAL_MS', { WINDOW_SWEEP_INTERVAL_MS: '10' }],
    ['CHAIN_CHECKPOINT_CRON', { CHAIN_CHECKPOINT_CRON: '30 2 * *' }],
    ['CHAIN_CHECKPOINT_CRON', { CHAIN_CHECKPOINT_CRON: 'nightly' }],
  ])('names %s when it is bad or missing', (variable, override) => {
    const run = () => validateEnv({ ...BASE, ...override });
    expect(run).toThrow(ConfigValidationError);
    try {
      run();
    } catch (e) {
      const err = e as ConfigValidationError;
      expect(err.problems.map((p) => p.variable)).toEqual([variable]);
      expect(err.message).toContain(variable);
    }
  });

  it('list totals are exact up to LIST_EXACT_TOTAL_LIMIT, a positive whole number', () => {
    expect(new AppConfig(validateEnv(BASE)).lists.exactTotalLimit).toBe(10_000);
    const set = validateEnv({ ...BASE, LIST_EXACT_TOTAL_LIMIT: '500' });
    expect(new AppConfig(set).lists.exactTotalLimit).toBe(500);
    for (const bad of ['0', '-3', '2.5', 'many']) {
      expect(() => validateEnv({ ...BASE, LIST_EXACT_TOTAL_LIMIT: bad })).toThrow(
        ConfigValidationError,
      );
    }
  });

  it('lists every bad variable at once', () => {
    expect.assertions(1);
    try {
      validateEnv({ ...BASE, JWT_SECRET: undefined, PORT: '0', REDIS_URL: 'nope' });
    } catch (e) {
      expect((e as ConfigValidationError).problems.map((p) => p.variable).sort()).toEqual([
        'JWT_SECRET',
        'PORT',
        'REDIS_URL',
      ]);
    }
  });

  it('reads rate limits as count per seconds, and which proxies to trust', () => {
    const config = new AppConfig(
      validateEnv({ ...BASE, RATE_LIMIT_REVEAL_PER_USER: '5/600', TRUST_PROXY: '10.0.0.0/8,::1' }),
    );
    expect(config.auth.limits.revealPerUser).toEqual({ points: 5, seconds: 600 });
    expect(config.auth.limits.authPerIp).toEqual({ points: 60, seconds: 60 });
    expect(config.http.trustProxy).toBe('10.0.0.0/8,::1');
    expect(new AppConfig(validateEnv(BASE)).http.trustProxy).toBe(false);
    expect(new AppConfig(validateEnv({ ...BASE, TRUST_PROXY: '2' })).http.trustProxy).toBe(2);
  });

  it('reads retired keys for rotation', () => {
    const config = new AppConfig(
      validateEnv({ ...BASE, PII_PREVIOUS_KEYS: `k0:${KEY},old:${KEY}` }),
    );
    expect(Object.keys(config.pii.previousKeys)).toEqual(['k0', 'old']);
    expect(config.pii.keyId).toBe('k1');
  });

  it('ignores variables it does not know', () => {
    expect(() => validateEnv({ ...BASE, PATH: '/usr/bin', HOME: '/root' })).not.toThrow();
  });
});
