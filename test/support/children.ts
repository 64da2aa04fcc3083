import { type ChildProcess, spawn, type SpawnOptions } from 'node:child_process';

/**
 * Every child process a test file started (workers, the README commands) and that has not
 * exited: tracked from the moment it is spawned, so that a failed start, a failed test or a
 * forgotten stop never leaves one running (it would answer the next test's probes, sweep its
 * clocks and keep Jest alive). after-env.ts kills what is left after each test file.
 */
const running = new Map<ChildProcess, Promise<unknown>>();

export function trackChild(child: ChildProcess, exited: Promise<unknown>): void {
  running.set(child, exited);
  void exited.then(() => running.delete(child));
}

/** Kills (SIGKILL, with its process group if it leads one) every tracked child and waits. */
export async function stopTrackedChildren(): Promise<void> {
  const all = [...running];
  for (const [child] of all) {
    try {
      if (child.pid) process.kill(-child.pid, 'SIGKILL');
    } catch {
      // not a group leader
    }
    child.kill('SIGKILL');
  }
  await Promise.all(all.map(([, exited]) => exited));
}

/** A child started with its output collected (stdout and stderr, in order) and tracked at once. */
export interface TrackedChild {
  child: ChildProcess;
  output: () => string;
  /** Resolves with the exit code or signal. */
  exited: Promise<string>;
}

export function spawnTracked(command: string, args: string[], options: SpawnOptions): TrackedChild {
  const child = spawn(command, args, { ...options, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  child.stdout.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr.on('data', (d: Buffer) => (out += d.toString()));
  const exited = new Promise<string>((r) =>
    child.on('exit', (code, signal) => r(signal ?? String(code))),
  );
  trackChild(child, exited);
  return { child, output: () => out, exited };
}
