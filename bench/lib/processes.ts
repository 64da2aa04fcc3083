import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { BENCH, ROOT } from './config';

const started = new Set<ChildProcess>();

/** Runs a command to completion; its output goes to the terminal unless `capture`. */
export function runCommand(
  command: string,
  args: string[],
  options: { env?: NodeJS.ProcessEnv; cwd?: string; capture?: boolean } = {},
): Promise<{ stdout: string; stderr: string }> {
  return new Promise((resolveRun, rejectRun) => {
    const child = spawn(command, args, {
      cwd: options.cwd ?? ROOT,
      env: options.env ?? process.env,
      stdio: options.capture ? ['ignore', 'pipe', 'pipe'] : 'inherit',
    });
    started.add(child);
    let stdout = '';
    let stderr = '';
    child.stdout?.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr?.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', rejectRun);
    child.on('exit', (code, signal) => {
      started.delete(child);
      if (code === 0) resolveRun({ stdout, stderr });
      else
        rejectRun(
          new Error(
            `${command} ${args.join(' ')} failed (${signal ?? `exit ${code}`})\n${stderr || stdout}`,
          ),
        );
    });
  });
}

/**
 * The environment of the API and CLI processes: the bench database, Redis database 3, its own
 * queue prefix and keys. Working directory is a scratch folder so the repository's .env (the
 * developer's secrets and database) is never read.
 */
export function appEnv(jwtSecret: string): NodeJS.ProcessEnv {
  mkdirSync(BENCH.workDir, { recursive: true });
  return {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    NODE_ENV: 'production',
    HOST: '127.0.0.1',
    PORT: String(BENCH.port),
    DATABASE_URL: BENCH.databaseUrl,
    DATABASE_POOL_SIZE: String(BENCH.apiPoolSize),
    REDIS_URL: BENCH.redisUrl,
    QUEUE_PREFIX: BENCH.queuePrefix,
    JWT_SECRET: jwtSecret,
    ACCESS_TOKEN_TTL_SECONDS: '3600',
    // A few users drive thousands of requests a second: the per-user ceiling is still counted
    // (its Redis call is part of every request) but must not refuse the load itself.
    RATE_LIMIT_PER_USER: '9999999/60', // the most the config accepts (7 digits)
    RATE_LIMIT_AUTH_PER_IP: '100000/60',
    PII_ENCRYPTION_KEY: BENCH.piiEncryptionKey,
    PII_INDEX_KEY: BENCH.piiIndexKey,
    EVENT_CHAIN_KEY: BENCH.eventChainKey,
    CASE_NUMBER_PREFIX: BENCH.caseNumberPrefix,
    STORAGE_DIR: join(BENCH.workDir, 'storage'),
    LOG_LEVEL: 'warn',
  };
}

export interface ApiProcess {
  pid: number;
  baseUrl: string;
  stop(): Promise<void>;
}

/**
 * Starts the built API and waits until /health/ready answers 200. With `profileDir` it runs
 * under `--cpu-prof` and writes its profile there when it exits.
 */
export async function startApi(env: NodeJS.ProcessEnv, profileDir?: string): Promise<ApiProcess> {
  const flags = profileDir ? ['--cpu-prof', `--cpu-prof-dir=${profileDir}`] : [];
  const child = spawn(process.execPath, [...flags, BENCH.apiMain], {
    cwd: BENCH.workDir,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  started.add(child);
  const tail: string[] = [];
  const keep = (d: Buffer) => {
    tail.push(...d.toString().split('\n').filter(Boolean));
    if (tail.length > 40) tail.splice(0, tail.length - 40);
  };
  child.stdout.on('data', keep);
  child.stderr.on('data', keep);
  const state: { exited: string | null } = { exited: null };
  const exitedPromise = new Promise<void>((r) =>
    child.on('exit', (code, signal) => {
      started.delete(child);
      state.exited = signal ?? `exit ${code}`;
      r();
    }),
  );
  const baseUrl = `http://127.0.0.1:${BENCH.port}`;
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (state.exited)
      throw new Error(`API exited (${state.exited}) while starting:\n${tail.join('\n')}`);
    try {
      const res = await fetch(`${baseUrl}/health/ready`);
      if (res.status === 200) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      await stopChild(child, exitedPromise);
      throw new Error(`API not ready within 60 s:\n${tail.join('\n')}`);
    }
    await sleep(250);
  }
  return {
    pid: child.pid!,
    baseUrl,
    stop: () => stopChild(child, exitedPromise),
  };
}

export interface WorkerProcess {
  pid: number;
  stop(): Promise<void>;
}

/** Starts the built worker (BullMQ processors) with the same environment as the API. */
export function startWorker(env: NodeJS.ProcessEnv, nodeFlags: string[] = []): WorkerProcess {
  const child = spawn(process.execPath, [...nodeFlags, BENCH.workerMain], {
    cwd: BENCH.workDir,
    env,
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  started.add(child);
  const exited = new Promise<void>((r) =>
    child.on('exit', () => {
      started.delete(child);
      r();
    }),
  );
  return { pid: child.pid!, stop: () => stopChild(child, exited) };
}

/** Resident memory of a process from /proc (Linux): now, and the peak since it started. */
export function memoryOf(pid: number): { rssBytes: number; peakBytes: number } {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = (name: string) =>
    Number(new RegExp(`^${name}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? 0);
  return { rssBytes: kb('VmRSS') * 1024, peakBytes: kb('VmHWM') * 1024 };
}

async function stopChild(child: ChildProcess, exited: Promise<void>): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
  await exited;
  clearTimeout(timer);
}

/** Last resort on errors and Ctrl-C: every child this process started, by its own pid. */
export function killStarted(): void {
  for (const child of started) {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  }
  started.clear();
}

export const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));
