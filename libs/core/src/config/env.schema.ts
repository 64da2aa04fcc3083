import { plainToInstance } from 'class-transformer';
import {
  IsIn,
  IsInt,
  IsNotEmpty,
  IsOptional,
  IsString,
  Matches,
  Max,
  MaxLength,
  Min,
  MinLength,
  ValidateIf,
  validateSync,
} from 'class-validator';

export const NODE_ENVS = ['development', 'production', 'test'] as const;
export const STORAGE_DRIVERS = ['disk', 's3'] as const;
export const API_DOCS_MODES = ['on', 'off', 'signed-in'] as const;
export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

/** A rate limit: at most `<count>` in `<seconds>`, e.g. `60/60`. */
const RATE_LIMIT = /^[1-9]\d{0,6}\/[1-9]\d{0,5}$/;
const RATE_LIMIT_MESSAGE = (name: string) =>
  `${name} must be <count>/<seconds>, e.g. 60/60 (at most 60 in a minute)`;

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

  /** Wrong passwords in a row for one username from one client address before that pair locks. */
  @IsInt()
  @Min(1)
  @Max(100)
  LOGIN_MAX_FAILURES: number = 5;

  /** How long a (username, client address) pair stays locked; the account signs in elsewhere. */
  @IsInt()
  @Min(1)
  @Max(24 * 60)
  LOGIN_LOCK_MINUTES: number = 15;

  /** Sign-in and refresh requests per client address: `<count>/<seconds>`. */
  @Matches(RATE_LIMIT, { message: RATE_LIMIT_MESSAGE('RATE_LIMIT_AUTH_PER_IP') })
  RATE_LIMIT_AUTH_PER_IP: string = '60/60';

  /** Failed sign-ins per username from any address (a spread-out guessing attack). */
  @Matches(RATE_LIMIT, { message: RATE_LIMIT_MESSAGE('RATE_LIMIT_SIGN_IN_PER_USERNAME') })
  RATE_LIMIT_SIGN_IN_PER_USERNAME: string = '30/900';

  @Matches(RATE_LIMIT, { message: RATE_LIMIT_MESSAGE('RATE_LIMIT_REFRESH_PER_USER') })
  RATE_LIMIT_REFRESH_PER_USER: string = '30/60';

  /** Full views of personal data (reveals) per user. */
  @Matches(RATE_LIMIT, { message: RATE_LIMIT_MESSAGE('RATE_LIMIT_REVEAL_PER_USER') })
  RATE_LIMIT_REVEAL_PER_USER: string = '120/3600';

  @Matches(RATE_LIMIT, { message: RATE_LIMIT_MESSAGE('RATE_LIMIT_EXPORT_PER_USER') })
  RATE_LIMIT_EXPORT_PER_USER: string = '30/3600';

  /** Every request of one signed-in user, whatever the route. */
  @Matches(RATE_LIMIT, { message: RATE_LIMIT_MESSAGE('RATE_LIMIT_PER_USER') })
  RATE_LIMIT_PER_USER: string = '600/60';

  /**
   * Which proxies may name the client in X-Forwarded-For: `false` (none: the client is the TCP
   * peer), `true` (any: only behind a proxy that overwrites the header), a hop count, or a
   * comma-separated list of addresses and CIDR ranges. Client addresses drive the sign-in limits.
   */
  @Matches(/^(true|false|[1-9]|[0-9A-Fa-f.:/]+(,[0-9A-Fa-f.:/]+)*)$/, {
    message: 'TRUST_PROXY must be true, false, a hop count or a list of addresses / CIDR ranges',
  })
  TRUST_PROXY: string = 'false';

  /**
   * The OpenAPI console and document at /api/docs: `on` (anyone), `off` (not served) or
   * `signed-in` (a valid access token required). They map every route, so a deployment hides them.
   */
  @IsIn(API_DOCS_MODES, { message: 'API_DOCS must be on, off or signed-in' })
  API_DOCS: (typeof API_DOCS_MODES)[number] = 'on';

  @IsInt()
  @Min(1024)
  @Max(50 * 1024 * 1024)
  HTTP_BODY_LIMIT_BYTES: number = 1024 * 1024;

  /** The built staff console (`npm run build:web`), served at `/`; relative to the working directory. */
  @IsString()
  @IsNotEmpty()
  WEB_ROOT: string = 'dist/web';

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

  /**
   * How often the window sweep runs: evaluation windows that passed without a rating become
   * 超期未评价, unused 复查/复核 request windows close.
   */
  @IsInt()
  @Min(1000)
  @Max(86_400_000)
  WINDOW_SWEEP_INTERVAL_MS: number = 15 * 60_000;

  /** Passed windows a window sweep reads per batch; a run goes on batch after batch. */
  @IsInt()
  @Min(1)
  @Max(10_000)
  WINDOW_SWEEP_BATCH_SIZE: number = 500;

  /**
   * How long one window sweep run may go on (it starts no batch after that): what is left stays
   * due for the next run. Below the interval, so runs do not pile up.
   */
  @IsInt()
  @Min(1000)
  @Max(86_400_000)
  WINDOW_SWEEP_BUDGET_MS: number = 10 * 60_000;

  /**
   * How often the worker checks that the working calendar covers the years clocks run into (the
   * current year, and from 1 November the next): when not, the admins get a reminder, at most one
   * a day.
   */
  @IsInt()
  @Min(60_000)
  @Max(86_400_000)
  CALENDAR_CHECK_INTERVAL_MS: number = 60 * 60_000;

  /**
   * When the signed checkpoint of the case event chains is written: a cron pattern (minute hour
   * day-of-month month day-of-week), Asia/Shanghai time.
   */
  @Matches(/^[\d*,/-]+( [\d*,/-]+){4}$/, {
    message: 'CHAIN_CHECKPOINT_CRON must be a cron pattern of five fields, e.g. 30 2 * * *',
  })
  CHAIN_CHECKPOINT_CRON: string = '30 2 * * *';

  /** How often the reminder sweep runs (DESIGN §4). */
  @IsInt()
  @Min(1000)
  @Max(3_600_000)
  REMINDER_SWEEP_INTERVAL_MS: number = 60_000;

  /** Owed reminder stages claimed per transaction. */
  @IsInt()
  @Min(1)
  @Max(10_000)
  REMINDER_BATCH_SIZE: number = 1000;

  /** Claim-and-record transactions a sweep runs side by side. */
  @IsInt()
  @Min(1)
  @Max(16)
  REMINDER_SWEEP_PARALLEL: number = 3;

  /** A pending delivery whose job has not finished by then is enqueued again (same job id). */
  @IsInt()
  @Min(1000)
  @Max(86_400_000)
  REMINDER_DELIVERY_LEASE_MS: number = 120_000;

  /** Parallel outbound deliveries (webhook, e-mail) per worker process. */
  @IsInt()
  @Min(1)
  @Max(512)
  REMINDER_DELIVERY_CONCURRENCY: number = 64;

  /**
   * How long a delivery job waits for others to read or mark their rows in the same statement
   * (milliseconds). Longer: fewer, larger statements and commits under load; each delivery
   * takes up to twice this longer.
   */
  @IsInt()
  @Min(0)
  @Max(1000)
  REMINDER_DELIVERY_BATCH_WAIT_MS: number = 5;

  /** Attempts per delivery before it becomes a dead letter; retried with exponential backoff. */
  @IsInt()
  @Min(1)
  @Max(30)
  WEBHOOK_ATTEMPTS: number = 8;

  @IsInt()
  @Min(10)
  @Max(3_600_000)
  WEBHOOK_BACKOFF_MS: number = 2000;

  @IsInt()
  @Min(100)
  @Max(120_000)
  WEBHOOK_TIMEOUT_MS: number = 10_000;

  /**
   * Webhook targets allowed although not public (this host, intranet): comma-separated host
   * names, addresses and CIDR ranges, e.g. `10.20.0.0/16,hooks.gov.internal`. Anything else must
   * resolve to public addresses only.
   */
  @IsOptional()
  @Matches(/^[A-Za-z0-9.:_-]+(\/\d{1,3})?(,[A-Za-z0-9.:_-]+(\/\d{1,3})?)*$/, {
    message:
      'WEBHOOK_ALLOWED_TARGETS must be a comma-separated list of host names, addresses or CIDR ranges',
  })
  WEBHOOK_ALLOWED_TARGETS?: string;

  /** SMTP server for reminder e-mail, e.g. smtp://user:pass@mail.example.gov.cn:587; none: no e-mail. */
  @IsOptional()
  @Matches(/^smtps?:\/\/\S+$/, { message: 'SMTP_URL must look like smtp://user:pass@host:587' })
  SMTP_URL?: string;

  @IsString()
  @MaxLength(200)
  SMTP_FROM: string = '信访督办提醒 <noreply@localhost>';

  /** AES-256-GCM key for personal data at rest: 32 bytes, base64. */
  @Matches(/^[A-Za-z0-9+/]{43}=$/, {
    message: 'PII_ENCRYPTION_KEY must be 32 bytes in base64 (run `npm run setup` to generate one)',
  })
  PII_ENCRYPTION_KEY: string;

  /** Id stored beside each encrypted value, so keys can rotate. */
  @Matches(/^[A-Za-z0-9_-]{1,16}$/, { message: 'PII_KEY_ID may hold 1-16 letters, digits, _ -' })
  PII_KEY_ID: string = 'k1';

  /** Retired keys still needed to read old rows: `id:base64,id:base64`. */
  @IsOptional()
  @Matches(/^([A-Za-z0-9_-]{1,16}:[A-Za-z0-9+/]{43}=)(,[A-Za-z0-9_-]{1,16}:[A-Za-z0-9+/]{43}=)*$/, {
    message: 'PII_PREVIOUS_KEYS must look like k0:<base64 key>,k00:<base64 key>',
  })
  PII_PREVIOUS_KEYS?: string;

  /** HMAC key of the blind indexes that find a person by ID number or phone: 32 bytes, base64. */
  @Matches(/^[A-Za-z0-9+/]{43}=$/, {
    message: 'PII_INDEX_KEY must be 32 bytes in base64 (run `npm run setup` to generate one)',
  })
  PII_INDEX_KEY: string;

  /**
   * HMAC key of the case event chain, the case heads and the checkpoints: 32 bytes, base64. Kept
   * out of the database, so its own account cannot recompute a chain. Required in production;
   * development and tests fall back to a fixed, public key.
   */
  @ValidateIf(
    (e: EnvironmentVariables) => e.NODE_ENV === 'production' || e.EVENT_CHAIN_KEY !== undefined,
  )
  @Matches(/^[A-Za-z0-9+/]{43}=$/, {
    message: 'EVENT_CHAIN_KEY must be 32 bytes in base64 (run `npm run setup` to generate one)',
  })
  EVENT_CHAIN_KEY?: string;

  /** Case numbers read <prefix>-<year>-<6-digit sequence>. */
  @Matches(/^[A-Z]{1,8}$/, { message: 'CASE_NUMBER_PREFIX must be 1-8 capital letters' })
  CASE_NUMBER_PREFIX: string = 'XF';

  /** A new case on the same matter within this many days of an earlier one is a repeat (重件). */
  @IsInt()
  @Min(0)
  @Max(3650)
  REPEAT_WINDOW_DAYS: number = 180;

  /**
   * The case list's count stops at this many (the console then shows 「共 N+ 件」), so that a broad
   * filter over years of cases costs a bounded read, not a scan of everything it matches.
   */
  @IsInt()
  @Min(1)
  @Max(10_000_000)
  CASE_COUNT_CAP: number = 100_000;

  /**
   * Every list's `total` is exact up to this many rows; above it counting stops and the total says
   * `exact: false` with this number (「约 10,000+ 条」), so a broad filter costs a bounded read.
   * `?total=exact` counts every row (time-limited by CASE_COUNT_TIME_LIMIT_MS for the case list).
   */
  @IsInt()
  @Min(1)
  @Max(10_000_000)
  LIST_EXACT_TOTAL_LIMIT: number = 10_000;

  /** The case list's count gives up after this long (the console then shows the rows loaded). */
  @IsInt()
  @Min(1)
  @Max(60_000)
  CASE_COUNT_TIME_LIMIT_MS: number = 2000;

  /** Where attachment bytes live: `disk` (STORAGE_DIR) or `s3` (an S3-compatible bucket). */
  @IsIn(STORAGE_DRIVERS)
  STORAGE_DRIVER: (typeof STORAGE_DRIVERS)[number] = 'disk';

  @IsString()
  STORAGE_DIR: string = 'storage';

  /** The bucket, required when STORAGE_DRIVER=s3. */
  @ValidateIf((e: EnvironmentVariables) => e.STORAGE_DRIVER === 's3')
  @Matches(/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/, {
    message: 'S3_BUCKET must be a bucket name (3-63 lower-case letters, digits, . -)',
  })
  S3_BUCKET?: string;

  /** Endpoint of an S3-compatible service (MinIO, Ceph); unset for AWS. */
  @IsOptional()
  @Matches(/^https?:\/\/\S+$/, { message: 'S3_ENDPOINT must be an http(s) URL' })
  S3_ENDPOINT?: string;

  @IsString()
  S3_REGION: string = 'us-east-1';

  /** Path-style addressing (endpoint/bucket/key), which most S3-compatible services need. */
  @IsIn(['true', 'false'], { message: 'S3_FORCE_PATH_STYLE must be true or false' })
  S3_FORCE_PATH_STYLE: string = 'true';

  /** Prepended to every object key, e.g. `petitions/`. */
  @Matches(/^([A-Za-z0-9._-]+\/)*$/, { message: 'S3_PREFIX must be empty or end in /' })
  S3_PREFIX: string = '';

  /** Static credentials; unset uses the SDK's default chain (environment, instance role). */
  @ValidateIf((e: EnvironmentVariables) => e.S3_SECRET_ACCESS_KEY !== undefined)
  @IsString({ message: 'S3_ACCESS_KEY_ID must be set together with S3_SECRET_ACCESS_KEY' })
  S3_ACCESS_KEY_ID?: string;

  @ValidateIf((e: EnvironmentVariables) => e.S3_ACCESS_KEY_ID !== undefined)
  @IsString({ message: 'S3_SECRET_ACCESS_KEY must be set together with S3_ACCESS_KEY_ID' })
  S3_SECRET_ACCESS_KEY?: string;

  /** The bureau's name as it signs letters and reports. */
  @IsString()
  @MinLength(2)
  @MaxLength(50)
  BUREAU_NAME: string = '区信访局';

  /**
   * Which 五个一 slots must be filled before a key matter can be found 化解 (comma-separated from
   * leaderInCharge, taskForce, plan, measures, deadline).
   */
  @Matches(
    /^(leaderInCharge|taskForce|plan|measures|deadline)(,(leaderInCharge|taskForce|plan|measures|deadline))*$/,
    {
      message:
        'KEY_MATTER_REQUIRED_SLOTS must list slots from leaderInCharge, taskForce, plan, measures, deadline',
    },
  )
  KEY_MATTER_REQUIRED_SLOTS: string = 'leaderInCharge,taskForce,plan,measures,deadline';

  /** The issuing code of supervision letters: 荔信督 gives 荔信督〔2022〕17号. */
  @Matches(/^[\u4e00-\u9fa5A-Za-z]{1,10}$/, {
    message: 'SUPERVISION_LETTER_CODE must be 1-10 Chinese characters or letters',
  })
  SUPERVISION_LETTER_CODE: string = '区信督';

  /**
   * The bureau's code on the notices it numbers for petitioners: 荔信 gives 荔信受〔2026〕3号
   * (受理告知书), 荔信不受…, 荔信处…, 荔信复查…, 荔信复核…, 荔信不再受….
   */
  @Matches(/^[\u4e00-\u9fa5A-Za-z]{1,8}$/, {
    message: 'NOTICE_CODE must be 1-8 Chinese characters or letters',
  })
  NOTICE_CODE: string = '区信';

  @IsInt()
  @Min(1024)
  @Max(200 * 1024 * 1024)
  ATTACHMENT_MAX_BYTES: number = 20 * 1024 * 1024;

  /** Largest spreadsheet or JSON Lines file an import accepts (streamed to storage, not held). */
  @IsInt()
  @Min(1024)
  @Max(4 * 1024 * 1024 * 1024)
  IMPORT_MAX_BYTES: number = 512 * 1024 * 1024;

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

/** Variables without a default (required or optional): not enumerable from a fresh instance. */
const REQUIRED_OR_OPTIONAL = [
  'JWT_SECRET',
  'PII_ENCRYPTION_KEY',
  'PII_INDEX_KEY',
  'PII_PREVIOUS_KEYS',
  'EVENT_CHAIN_KEY',
  'SMTP_URL',
  'WEBHOOK_ALLOWED_TARGETS',
  'INITIAL_ADMIN_USERNAME',
  'INITIAL_ADMIN_PASSWORD',
  'S3_BUCKET',
  'S3_ENDPOINT',
  'S3_ACCESS_KEY_ID',
  'S3_SECRET_ACCESS_KEY',
];

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
    if (known.includes(key) || REQUIRED_OR_OPTIONAL.includes(key)) {
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
