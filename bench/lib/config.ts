import { createHash } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

/** The repository root (bench/lib/../..). */
export const ROOT = resolve(__dirname, '..', '..');

const num = (name: string, fallback: number): number => {
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
  cases: Math.round(num('BENCH_CASES', 1_000_000)),
  /** Seconds of each measured write run (API and ceiling each). */
  registerSeconds: num('BENCH_SECONDS', 20),
  registerConnections: Math.round(num('BENCH_REGISTER_CONNECTIONS', 32)),
  /** Seconds of each measured read shape. */
  readSeconds: num('BENCH_READ_SECONDS', 10),
  readConnections: Math.round(num('BENCH_READ_CONNECTIONS', 8)),
  /** Unmeasured warm-up before each measured run (JIT, pools, buffer pool). */
  warmupSeconds: num('BENCH_WARMUP_SECONDS', 3),
  apiPoolSize: Math.round(num('BENCH_API_POOL_SIZE', 32)),
  piiEncryptionKey: benchKey('pii-encryption-key'),
  piiIndexKey: benchKey('pii-index-key'),
  eventChainKey: benchKey('event-chain-key'),
  caseNumberPrefix: 'XF',
  workDir: process.env.BENCH_WORK_DIR ?? join(tmpdir(), 'petitions-bench'),
  reportPath: join(ROOT, 'docs', 'benchmarks.md'),
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
