import { EnvironmentVariables } from './env.schema';

/** At most `points` in `seconds` (a fixed window per key, shared by every process in Redis). */
export interface RateLimit {
  points: number;
  seconds: number;
}

export type RateLimitName =
  | 'authPerIp'
  | 'signInPerUsername'
  | 'refreshPerUser'
  | 'revealPerUser'
  | 'exportPerUser'
  | 'perUser';

/** Fastify's `trustProxy`: none, any, a hop count, or the proxies' addresses. */
export type TrustProxy = boolean | number | string;

const parseRateLimit = (value: string): RateLimit => {
  const [points, seconds] = value.split('/').map(Number);
  return { points, seconds };
};

const parseTrustProxy = (value: string): TrustProxy =>
  value === 'true' ? true : value === 'false' ? false : /^\d+$/.test(value) ? Number(value) : value;

/**
 * The event chain key of development and tests when EVENT_CHAIN_KEY is unset: public, so it
 * proves nothing; production refuses to start without a key of its own.
 */
export const DEVELOPMENT_CHAIN_KEY = Buffer.from('petitions-development-chain-key!').toString(
  'base64',
);

/** The typed settings every process reads; built once from the validated environment. */
export class AppConfig {
  readonly env: EnvironmentVariables['NODE_ENV'];
  readonly http: {
    host: string;
    port: number;
    bodyLimit: number;
    trustProxy: TrustProxy;
    /** Where the built console is (absolute or relative to the working directory). */
    webRoot: string;
    apiDocs: EnvironmentVariables['API_DOCS'];
  };
  readonly database: { url: string; poolSize: number };
  readonly redis: { url: string; queuePrefix: string };
  readonly auth: {
    jwtSecret: string;
    accessTokenTtlSeconds: number;
    refreshTokenTtlSeconds: number;
    maxFailures: number;
    lockMinutes: number;
    limits: Record<RateLimitName, RateLimit>;
  };
  readonly worker: {
    heartbeatIntervalMs: number;
    concurrency: number;
    /** The evaluation and request window sweep (WINDOW_SWEEP_INTERVAL_MS). */
    windowSweepIntervalMs: number;
    /** Passed windows read per batch of that sweep (WINDOW_SWEEP_BATCH_SIZE). */
    windowSweepBatchSize: number;
    /** How long one run of it may go on (WINDOW_SWEEP_BUDGET_MS). */
    windowSweepBudgetMs: number;
    /** The nightly event chain checkpoint, a cron pattern in Asia/Shanghai time. */
    chainCheckpointCron: string;
    /** The check that next year's calendar is loaded (CALENDAR_CHECK_INTERVAL_MS). */
    calendarCheckIntervalMs: number;
  };
  readonly log: { level: EnvironmentVariables['LOG_LEVEL'] };
  readonly initialAdmin: { username?: string; password?: string };
  readonly pii: {
    keyId: string;
    key: string;
    previousKeys: Record<string, string>;
    indexKey: string;
  };
  readonly cases: {
    numberPrefix: string;
    repeatWindowDays: number;
    /** Where the list's count stops (CASE_COUNT_CAP). */
    countCap: number;
    /** When the list's own count gives up (CASE_COUNT_TIME_LIMIT_MS). */
    countTimeLimitMs: number;
    /** HMAC key (base64) of the event chain, heads and checkpoints; never sent to the database. */
    chainKey: string;
  };
  readonly lists: {
    /** Where a list's `total` stops being exact (LIST_EXACT_TOTAL_LIMIT). */
    exactTotalLimit: number;
  };
  readonly storage: {
    driver: 'disk' | 's3';
    dir: string;
    maxBytes: number;
    importMaxBytes: number;
    s3: {
      bucket: string;
      prefix: string;
      endpoint?: string;
      region: string;
      forcePathStyle: boolean;
      credentials?: { accessKeyId: string; secretAccessKey: string };
    };
  };
  readonly bureau: {
    name: string;
    letterCode: string;
    noticeCode: string;
    requiredSlots: string[];
  };
  readonly reminders: {
    sweepIntervalMs: number;
    batchSize: number;
    sweepParallel: number;
    deliveryLeaseMs: number;
    deliveryConcurrency: number;
    deliveryBatchWaitMs: number;
    webhookAttempts: number;
    webhookBackoffMs: number;
    webhookTimeoutMs: number;
    /** Host names, addresses and CIDR ranges a webhook may reach although not public. */
    webhookAllowedTargets: string[];
    smtpUrl?: string;
    smtpFrom: string;
  };

  constructor(e: EnvironmentVariables) {
    this.env = e.NODE_ENV;
    this.http = {
      host: e.HOST,
      port: e.PORT,
      bodyLimit: e.HTTP_BODY_LIMIT_BYTES,
      trustProxy: parseTrustProxy(e.TRUST_PROXY),
      webRoot: e.WEB_ROOT,
      apiDocs: e.API_DOCS,
    };
    this.database = { url: e.DATABASE_URL, poolSize: e.DATABASE_POOL_SIZE };
    this.redis = { url: e.REDIS_URL, queuePrefix: e.QUEUE_PREFIX };
    this.auth = {
      jwtSecret: e.JWT_SECRET,
      accessTokenTtlSeconds: e.ACCESS_TOKEN_TTL_SECONDS,
      refreshTokenTtlSeconds: e.REFRESH_TOKEN_TTL_SECONDS,
      maxFailures: e.LOGIN_MAX_FAILURES,
      lockMinutes: e.LOGIN_LOCK_MINUTES,
      limits: {
        authPerIp: parseRateLimit(e.RATE_LIMIT_AUTH_PER_IP),
        signInPerUsername: parseRateLimit(e.RATE_LIMIT_SIGN_IN_PER_USERNAME),
        refreshPerUser: parseRateLimit(e.RATE_LIMIT_REFRESH_PER_USER),
        revealPerUser: parseRateLimit(e.RATE_LIMIT_REVEAL_PER_USER),
        exportPerUser: parseRateLimit(e.RATE_LIMIT_EXPORT_PER_USER),
        perUser: parseRateLimit(e.RATE_LIMIT_PER_USER),
      },
    };
    this.worker = {
      heartbeatIntervalMs: e.WORKER_HEARTBEAT_INTERVAL_MS,
      concurrency: e.WORKER_CONCURRENCY,
      windowSweepIntervalMs: e.WINDOW_SWEEP_INTERVAL_MS,
      windowSweepBatchSize: e.WINDOW_SWEEP_BATCH_SIZE,
      windowSweepBudgetMs: e.WINDOW_SWEEP_BUDGET_MS,
      chainCheckpointCron: e.CHAIN_CHECKPOINT_CRON,
      calendarCheckIntervalMs: e.CALENDAR_CHECK_INTERVAL_MS,
    };
    this.log = { level: e.LOG_LEVEL };
    this.initialAdmin = { username: e.INITIAL_ADMIN_USERNAME, password: e.INITIAL_ADMIN_PASSWORD };
    this.pii = {
      keyId: e.PII_KEY_ID,
      key: e.PII_ENCRYPTION_KEY,
      previousKeys: Object.fromEntries(
        (e.PII_PREVIOUS_KEYS ?? '')
          .split(',')
          .filter(Boolean)
          .map((pair) => pair.split(':') as [string, string]),
      ),
      indexKey: e.PII_INDEX_KEY,
    };
    this.cases = {
      numberPrefix: e.CASE_NUMBER_PREFIX,
      repeatWindowDays: e.REPEAT_WINDOW_DAYS,
      countCap: e.CASE_COUNT_CAP,
      countTimeLimitMs: e.CASE_COUNT_TIME_LIMIT_MS,
      chainKey: e.EVENT_CHAIN_KEY ?? DEVELOPMENT_CHAIN_KEY,
    };
    this.lists = { exactTotalLimit: e.LIST_EXACT_TOTAL_LIMIT };
    this.storage = {
      driver: e.STORAGE_DRIVER,
      dir: e.STORAGE_DIR,
      maxBytes: e.ATTACHMENT_MAX_BYTES,
      importMaxBytes: e.IMPORT_MAX_BYTES,
      s3: {
        bucket: e.S3_BUCKET ?? '',
        prefix: e.S3_PREFIX,
        endpoint: e.S3_ENDPOINT,
        region: e.S3_REGION,
        forcePathStyle: e.S3_FORCE_PATH_STYLE === 'true',
        credentials:
          e.S3_ACCESS_KEY_ID && e.S3_SECRET_ACCESS_KEY
            ? { accessKeyId: e.S3_ACCESS_KEY_ID, secretAccessKey: e.S3_SECRET_ACCESS_KEY }
            : undefined,
      },
    };
    this.bureau = {
      name: e.BUREAU_NAME,
      letterCode: e.SUPERVISION_LETTER_CODE,
      noticeCode: e.NOTICE_CODE,
      requiredSlots: [...new Set(e.KEY_MATTER_REQUIRED_SLOTS.split(','))],
    };
    this.reminders = {
      sweepIntervalMs: e.REMINDER_SWEEP_INTERVAL_MS,
      batchSize: e.REMINDER_BATCH_SIZE,
      sweepParallel: e.REMINDER_SWEEP_PARALLEL,
      deliveryLeaseMs: e.REMINDER_DELIVERY_LEASE_MS,
      deliveryConcurrency: e.REMINDER_DELIVERY_CONCURRENCY,
      deliveryBatchWaitMs: e.REMINDER_DELIVERY_BATCH_WAIT_MS,
      webhookAttempts: e.WEBHOOK_ATTEMPTS,
      webhookBackoffMs: e.WEBHOOK_BACKOFF_MS,
      webhookTimeoutMs: e.WEBHOOK_TIMEOUT_MS,
      webhookAllowedTargets: (e.WEBHOOK_ALLOWED_TARGETS ?? '').split(',').filter(Boolean),
      smtpUrl: e.SMTP_URL,
      smtpFrom: e.SMTP_FROM,
    };
  }
}
