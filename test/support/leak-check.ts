import { readdirSync, readFileSync } from 'node:fs';
import type { Server, Socket } from 'node:net';

/**
 * What is still alive after the last test and would keep Jest from exiting (or go on running
 * after it: a worker that sweeps the next run's clocks): child processes of this run and open
 * connections or servers of this process. Jest's globalTeardown (e2e) calls `checkNoLeaks`: it
 * names each one, ends it so that Jest exits on its own, and fails the run.
 */
const KNOWN_PORTS: Record<number, string> = { 3306: 'MariaDB', 6379: 'Redis' };

interface ProcessInfo {
  pid: number;
  ppid: number;
  state: string;
  command: string;
}

/** Every process of this machine that we may read, from /proc. */
export function processes(): ProcessInfo[] {
  const all: ProcessInfo[] = [];
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const stat = readFileSync(`/proc/${name}/stat`, 'utf8');
      // pid (comm) state ppid …: comm may hold spaces and parentheses, so split after the last ')'
      const [state, ppid] = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      const command = readFileSync(`/proc/${name}/cmdline`, 'utf8').split('\0').join(' ').trim();
      all.push({ pid: Number(name), ppid: Number(ppid), state, command });
    } catch {
      // exited meanwhile, or not ours to read
    }
  }
  return all;
}

/** Live (not zombie) descendants of this process: whatever the tests spawned and left running. */
export function liveChildren(root = process.pid): ProcessInfo[] {
  const all = processes();
  const found: ProcessInfo[] = [];
  const parents = new Set([root]);
  for (let grew = true; grew;) {
    grew = false;
    for (const p of all) {
      if (parents.has(p.ppid) && !parents.has(p.pid)) {
        parents.add(p.pid);
        // Jest's own workers (a run with several workers) end after this check; not a leak.
        if (p.state !== 'Z' && !p.command.includes('jest-worker')) found.push(p);
        grew = true;
      }
    }
  }
  return found;
}

interface Handle {
  constructor?: { name?: string };
  hasRef?: () => boolean;
  _handle?: { hasRef?: () => boolean } | null;
  fd?: number;
  pid?: number;
  spawnargs?: string[];
  remoteAddress?: string;
  remotePort?: number;
  destroyed?: boolean;
  address?: () => unknown;
}

const refed = (h: Handle) => {
  const own = h._handle ?? h;
  return typeof own.hasRef === 'function' ? own.hasRef() : true;
};

/** A line naming an open handle, or undefined for the ones that do not keep Node alive. */
function describeHandle(h: Handle): string | undefined {
  const kind = h.constructor?.name ?? 'handle';
  // stdin/stdout/stderr and the pipes of Jest's own workers
  if (h.fd !== undefined && h.fd <= 2) return undefined;
  if (!refed(h)) return undefined;
  if (kind === 'ChildProcess') return `child process ${h.pid} (${(h.spawnargs ?? []).join(' ')})`;
  if (kind === 'Socket' || kind === 'TLSSocket') {
    if (h.destroyed || h.remotePort === undefined) return undefined;
    const known = KNOWN_PORTS[h.remotePort];
    return `connection to ${h.remoteAddress}:${h.remotePort}${known ? ` (${known})` : ''}`;
  }
  if (kind === 'Server') {
    const a = (h as unknown as Server).address();
    return `server listening on ${typeof a === 'string' ? a : `${a?.address}:${a?.port}`}`;
  }
  return undefined;
}

export interface Leaks {
  children: ProcessInfo[];
  handles: { line: string; handle: Handle }[];
}

export function findLeaks(): Leaks {
  const getHandles = (process as unknown as { _getActiveHandles(): Handle[] })._getActiveHandles;
  const handles = getHandles
    .call(process)
    .map((handle) => ({ handle, line: describeHandle(handle) }))
    .filter((h): h is { handle: Handle; line: string } => h.line !== undefined);
  const children = liveChildren();
  const pids = new Set(children.map((c) => c.pid));
  // A child still running is named once, by its command line.
  return { children, handles: handles.filter((h) => !pids.has(h.handle.pid ?? -1)) };
}

/** Lines for a report: each child with its pid and command, each handle by what it is. */
export function describeLeaks(leaks: Leaks): string[] {
  return [
    ...leaks.children.map((c) => `child process ${c.pid}: ${c.command.slice(0, 200)}`),
    ...leaks.handles.map((h) => h.line),
  ];
}

/**
 * Waits up to `graceMs` for what is closing to close (a Redis QUIT, a socket's FIN), then names
 * what is left, kills the children and destroys the handles, and throws.
 */
export async function checkNoLeaks(graceMs = 3_000): Promise<void> {
  const deadline = Date.now() + graceMs;
  let leaks = findLeaks();
  while (describeLeaks(leaks).length && Date.now() < deadline) {
    // A timer that keeps Node alive: unref'd, once the last handle closed the process ended right
    // here, in the middle of Jest's teardown, with exit code 0 — a failed run reported as passed.
    await new Promise((r) => setTimeout(r, 100));
    leaks = findLeaks();
  }
  const lines = describeLeaks(leaks);
  if (!lines.length) return;
  for (const c of leaks.children) {
    try {
      process.kill(c.pid, 'SIGKILL');
    } catch {
      // exited meanwhile
    }
  }
  for (const { handle } of leaks.handles) {
    if (handle.constructor?.name === 'ChildProcess')
      (handle as { kill?(s: string): void }).kill?.('SIGKILL');
    else if (handle.constructor?.name === 'Server') (handle as unknown as Server).close();
    else (handle as unknown as Socket).destroy?.();
  }
  throw new Error(
    `still alive after the last test (killed now so that Jest exits; a test or its afterAll ` +
      `must stop these):\n${lines.map((l) => `  - ${l}`).join('\n')}`,
  );
}
