import { createHash } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

/** The repository root (bench/lib/../..). */
export const ROOT = resolve(__dirname, '..', '..');

/**
 * `BENCH_SIZE=tiny`: a smoke run of the harness (the README-commands test runs one) in seconds:
 * small data sets, one-second runs, no waiting for a quiet machine, no repeats, the server's
 * InnoDB sizing left alone. Its figures say nothing about performance; the run line names it.
 */
const SIZE = process.env.BENCH_SIZE ?? 'full';
if (!['full', 'tiny'].includes(SIZE)) throw new Error('BENCH_SIZE must be full or tiny');
export const TINY = SIZE === 'tiny';

/** A BENCH_* number: the variable if set, else the default of the size. */
export const num = (name: string, full: number, tiny = full): number => {
  const fallback = TINY ? tiny : full;
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const n = Number(raw);
  if (!Number.isFinite(n) || n <= 0) throw new Error(`${name} must be a positive number`);
  return n;
};

/**
 * Deterministic keys for the bench's synthetic personal data. They only protect generated
 * data in the bench database; they have to be stable across runs because the data set is kept
 * and looked up again through the blind index.
 */
const benchKey = (purpose: string) =>
  createHash('sha256').update(`petitions-bench:${purpose}`).digest('base64');

/** Everything the harness is configured by; BENCH_* variables override the defaults. */
export const BENCH = {
  databaseUrl: process.env.BENCH_DATABASE_URL ?? 'mysql://root@127.0.0.1:3306/petitions_bench',
  redisUrl: process.env.BENCH_REDIS_URL ?? 'redis://127.0.0.1:6379/3',
  queuePrefix: 'petitions-bench',
  port: num('BENCH_PORT', 3100),
  /** Size of the generated data set the read scenarios run against. */
  cases: Math.round(num('BENCH_CASES', 1_000_000, 2_000)),
  /** Seconds of each measured write run (API and ceiling each). */
  registerSeconds: num('BENCH_SECONDS', 20, 1),
  registerConnections: Math.round(num('BENCH_REGISTER_CONNECTIONS', 32, 4)),
  /** Seconds of each measured read shape. */
  readSeconds: num('BENCH_READ_SECONDS', 10, 1),
  readConnections: Math.round(num('BENCH_READ_CONNECTIONS', 8, 2)),
  /** Unmeasured warm-up before each measured run (JIT, pools, buffer pool). */
  warmupSeconds: num('BENCH_WARMUP_SECONDS', 3, 1),
  /** Seconds to wait for a quiet machine before a scenario (0: only look). */
  quietWaitSeconds: Number(process.env.BENCH_QUIET_WAIT || (TINY ? 0 : 60)),
  /** Measurements disturbed by other work are repeated up to this many times in all. */
  attempts: TINY ? 1 : 3,
  /** Resize the server's InnoDB as a deployment's for the run (BENCH_INNODB=as-is: never). */
  sizeInnodb: process.env.BENCH_INNODB !== 'as-is' && !TINY,
  apiPoolSize: Math.round(num('BENCH_API_POOL_SIZE', 32, 8)),
  piiEncryptionKey: benchKey('pii-encryption-key'),
  piiIndexKey: benchKey('pii-index-key'),
  eventChainKey: benchKey('event-chain-key'),
  caseNumberPrefix: 'XF',
  workDir: process.env.BENCH_WORK_DIR ?? join(tmpdir(), 'petitions-bench'),
  /** The report; BENCH_OUT writes another file (a test's, a tiny run's) and leaves docs/ alone. */
  reportPath: process.env.BENCH_OUT
    ? resolve(process.env.BENCH_OUT)
    : join(ROOT, 'docs', 'benchmarks.md'),
  apiMain: join(ROOT, 'dist', 'apps', 'api', 'apps', 'api', 'src', 'main.js'),
  cliMain: join(ROOT, 'dist', 'apps', 'cli', 'apps', 'cli', 'src', 'main.js'),
  workerMain: join(ROOT, 'dist', 'apps', 'worker', 'apps', 'worker', 'src', 'main.js'),
} as const;

/** The BENCH_* variables set for this run, to print the exact command. */
export function benchOverrides(): string[] {
  return Object.keys(process.env)
    .filter((k) => k.startsWith('BENCH_'))
    .sort()
    .map((k) => `${k}=${process.env[k]}`);
}
