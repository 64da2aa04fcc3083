import { plainToInstance } from 'class-transformer';
import {
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  Matches,
  Max,
  MaxLength,
  Min,
  MinLength,
  validateSync,
} from 'class-validator';

export const NODE_ENVS = ['development', 'production', 'test'] as const;
export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

/**
 * Every environment variable the processes read, with its default. A bad or missing value stops
 * the process at boot with a message naming the variable (see validateEnv).
 */
export class EnvironmentVariables {
  @IsIn(NODE_ENVS)
  NODE_ENV: (typeof NODE_ENVS)[number] = 'development';

  @IsString()
  HOST: string = '0.0.0.0';

  @IsInt()
  @Min(1)
  @Max(65535)
  PORT: number = 3000;

  @Matches(/^mysql:\/\/[^/\s]+\/[A-Za-z0-9_]+(\?.*)?$/, {
    message: 'DATABASE_URL must look like mysql://user:password@host:3306/database',
  })
  DATABASE_URL: string = 'mysql://root@127.0.0.1:3306/petitions';

  @IsInt()
  @Min(1)
  @Max(200)
  DATABASE_POOL_SIZE: number = 20;

  @Matches(/^rediss?:\/\/\S+$/, { message: 'REDIS_URL must look like redis://host:6379' })
  REDIS_URL: string = 'redis://127.0.0.1:6379';

  /** Prefix of every BullMQ key; wrap it in {} for Redis Cluster hash tags. */
  @Matches(/^[A-Za-z0-9_{}-]{1,40}$/, { message: 'QUEUE_PREFIX may hold letters, digits, _ - { }' })
  QUEUE_PREFIX: string = 'petitions';

  @IsString()
  @MinLength(32, {
    message: 'JWT_SECRET must be at least 32 characters (run `npm run setup` to generate one)',
  })
  JWT_SECRET: string;

  @IsInt()
  @Min(60)
  @Max(86_400)
  ACCESS_TOKEN_TTL_SECONDS: number = 900;

  @IsInt()
  @Min(3600)
  @Max(90 * 86_400)
  REFRESH_TOKEN_TTL_SECONDS: number = 14 * 86_400;

  @IsInt()
  @Min(1)
  @Max(100)
  LOGIN_MAX_FAILURES: number = 5;

  @IsInt()
  @Min(1)
  @Max(24 * 60)
  LOGIN_LOCK_MINUTES: number = 15;

  @IsInt()
  @Min(1024)
  @Max(50 * 1024 * 1024)
  HTTP_BODY_LIMIT_BYTES: number = 1024 * 1024;

  @IsIn(LOG_LEVELS)
  LOG_LEVEL: (typeof LOG_LEVELS)[number] = 'info';

  @IsInt()
  @Min(1000)
  @Max(3_600_000)
  WORKER_HEARTBEAT_INTERVAL_MS: number = 30_000;

  @IsInt()
  @Min(1)
  @Max(256)
  WORKER_CONCURRENCY: number = 16;

  @IsOptional()
  @Matches(/^[A-Za-z0-9_.-]{3,64}$/, {
    message: 'INITIAL_ADMIN_USERNAME may hold 3-64 letters, digits, _ . -',
  })
  INITIAL_ADMIN_USERNAME?: string;

  @IsOptional()
  @IsString()
  @MinLength(12, { message: 'INITIAL_ADMIN_PASSWORD must be at least 12 characters' })
  @MaxLength(128)
  INITIAL_ADMIN_PASSWORD?: string;
}

export class ConfigValidationError extends Error {
  constructor(readonly problems: { variable: string; messages: string[] }[]) {
    super(
      'Invalid configuration:\n' +
        problems.map((p) => `  ${p.variable}: ${p.messages.join('; ')}`).join('\n'),
    );
    this.name = 'ConfigValidationError';
  }
}

/** Validates raw environment values (strings) into typed settings, or throws naming each bad variable. */
export function validateEnv(raw: Record<string, unknown>): EnvironmentVariables {
  const known = Object.keys(new EnvironmentVariables());
  const relevant: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(raw)) {
    // Empty strings count as unset so that `FOO=` in a .env file falls back to the default.
    if (value === '' || value === undefined) continue;
    if (known.includes(key) || key === 'JWT_SECRET' || key.startsWith('INITIAL_ADMIN_')) {
      relevant[key] = value;
    }
  }
  const env = plainToInstance(EnvironmentVariables, relevant, { enableImplicitConversion: true });
  const errors = validateSync(env, { skipMissingProperties: false, forbidUnknownValues: true });
  if (errors.length > 0) {
    throw new ConfigValidationError(
      errors.map((e) => ({
        variable: e.property,
        messages: Object.values(e.constraints ?? { invalid: `${e.property} is invalid` }),
      })),
    );
  }
  return env;
}

/**
 * Loads `.env` from the working directory (values already in the environment win), then
 * validates. Entry points call this first so that a bad variable stops the process with a
 * message naming it, before any module is loaded.
 */
export function loadEnvironment(): EnvironmentVariables {
  if (process.env.NODE_ENV !== 'test') {
    try {
      process.loadEnvFile('.env');
    } catch {
      // no .env file: the environment alone configures the process
    }
  }
  return validateEnv(process.env);
}
