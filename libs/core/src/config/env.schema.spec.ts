import { AppConfig } from './app-config';
import { ConfigValidationError, validateEnv } from './env.schema';

const SECRET = 's'.repeat(40);

describe('validateEnv', () => {
  it('fills in defaults that fit a local machine', () => {
    const config = new AppConfig(validateEnv({ JWT_SECRET: SECRET }));
    expect(config.database.url).toBe('mysql://root@127.0.0.1:3306/petitions');
    expect(config.redis.url).toBe('redis://127.0.0.1:6379');
    expect(config.http.port).toBe(3000);
    expect(config.auth.accessTokenTtlSeconds).toBe(900);
  });

  it('converts numeric strings from the environment to numbers', () => {
    const env = validateEnv({ JWT_SECRET: SECRET, PORT: '8080', LOGIN_MAX_FAILURES: '7' });
    expect(env.PORT).toBe(8080);
    expect(env.LOGIN_MAX_FAILURES).toBe(7);
  });

  it('treats empty values as unset', () => {
    expect(validateEnv({ JWT_SECRET: SECRET, PORT: '' }).PORT).toBe(3000);
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
  ])('names %s when it is bad or missing', (variable, override) => {
    const run = () => validateEnv({ JWT_SECRET: SECRET, ...override });
    expect(run).toThrow(ConfigValidationError);
    try {
      run();
    } catch (e) {
      const err = e as ConfigValidationError;
      expect(err.problems.map((p) => p.variable)).toEqual([variable]);
      expect(err.message).toContain(variable);
    }
  });

  it('lists every bad variable at once', () => {
    expect(() => validateEnv({ PORT: '0', REDIS_URL: 'nope' })).toThrow(
      /JWT_SECRET[\s\S]*|PORT[\s\S]*|REDIS_URL/,
    );
    try {
      validateEnv({ PORT: '0', REDIS_URL: 'nope' });
    } catch (e) {
      expect((e as ConfigValidationError).problems.map((p) => p.variable).sort()).toEqual([
        'JWT_SECRET',
        'PORT',
        'REDIS_URL',
      ]);
    }
  });

  it('ignores variables it does not know', () => {
    expect(() =>
      validateEnv({ JWT_SECRET: SECRET, PATH: '/usr/bin', HOME: '/root' }),
    ).not.toThrow();
  });
});
