import { readdirSync, readFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { BENCH } from './config';

/** Other processes using more than this (percent of one core) during a run make it noisy. */
export const NOISE_LIMIT = 25;

/** Linux clock ticks per second (USER_HZ); 100 on every mainstream kernel. */
const HZ = 100;

function processTicks(pid: number): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return Number(fields[11]) + Number(fields[12]); // utime + stime
  } catch {
    return NaN;
  }
}

function systemTicks(): { busy: number; total: number } {
  const cpu = readFileSync('/proc/stat', 'utf8').split('\n')[0].trim().split(/\s+/).slice(1);
  const v = cpu.map(Number);
  const idle = v[3] + (v[4] ?? 0);
  const total = v.reduce((a, b) => a + b, 0);
  return { busy: total - idle, total };
}

/** The first process on this machine running one of these programs, for CPU accounting only. */
export function findPid(...names: string[]): number | null {
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const comm = readFileSync(`/proc/${entry}/comm`, 'utf8').trim();
      if (names.includes(comm)) return Number(entry);
    } catch {
      // gone
    }
  }
  return null;
}

/** The MariaDB/MySQL server process on this machine. */
export const findDatabasePid = () => findPid('mariadbd', 'mysqld');

export interface CpuUse {
  /** Per named process: percent of one core over the window. */
  processes: Record<string, number>;
  /** Whole machine: percent of all cores busy. */
  machine: number;
  /** Everything else on the machine (other users' processes), in percent of one core. */
  others: number;
}

/** CPU used by some processes (and the whole machine) between start() and the returned stop(). */
export function cpuMeter(pids: Record<string, number | null>): () => CpuUse {
  const t0 = Date.now();
  const sys0 = systemTicks();
  const self0 = process.cpuUsage();
  const p0 = Object.fromEntries(
    Object.entries(pids).map(([k, pid]) => [k, pid ? processTicks(pid) : NaN]),
  );
  return () => {
    const seconds = (Date.now() - t0) / 1000;
    const sys1 = systemTicks();
    const self1 = process.cpuUsage(self0);
    const processes: Record<string, number> = {
      'bench (load generator)': ((self1.user + self1.system) / 1e6 / seconds) * 100,
    };
    for (const [k, pid] of Object.entries(pids)) {
      if (!pid) continue;
      processes[k] = ((processTicks(pid) - p0[k]) / HZ / seconds) * 100;
    }
    const machine = ((sys1.busy - sys0.busy) / Math.max(1, sys1.total - sys0.total)) * 100;
    const ours = Object.values(processes).reduce((a, b) => a + b, 0);
    const others = Math.max(0, machine * cpus().length - ours);
    return { processes, machine, others };
  };
}

export function describeCpu(use: CpuUse): string {
  const parts = Object.entries(use.processes).map(([k, v]) => `${k} ${v.toFixed(0)} %`);
  const noisy = use.others > NOISE_LIMIT ? ' ⚠ (busy machine: figures disturbed)' : '';
  return (
    `CPU (100 % = one core): ${parts.join(', ')}, other processes ${use.others.toFixed(0)} %${noisy}; ` +
    `machine ${use.machine.toFixed(0)} % busy`
  );
}

/**
 * Other work on the machine (a build, a test run) skews every figure. Waits, up to `maxSeconds`,
 * for the machine to be mostly idle before a scenario starts; returns the load it found last.
 */
export async function waitForQuiet(
  log: (m: string) => void,
  maxSeconds: number,
  threshold = 25,
): Promise<number> {
  const deadline = Date.now() + maxSeconds * 1000;
  let warned = false;
  for (;;) {
    const stop = cpuMeter({});
    await new Promise((r) => setTimeout(r, 2000));
    const { machine } = stop();
    if (machine <= threshold || Date.now() > deadline) {
      if (machine > threshold)
        log(`  machine still ${machine.toFixed(0)} % busy; measuring anyway`);
      return machine;
    }
    if (!warned) {
      log(
        `  machine ${machine.toFixed(0)} % busy with other work; waiting up to ${maxSeconds} s …`,
      );
      warned = true;
    }
  }
}

/**
 * Runs a measurement; when other processes on the machine took more than NOISE_LIMIT of a core
 * meanwhile, waits for quiet and measures again (up to `attempts` in all), keeping the quietest.
 */
export async function measureQuietly<T>(
  log: (m: string) => void,
  label: string,
  run: () => Promise<{ value: T; cpu: CpuUse }>,
  attempts = BENCH.attempts,
): Promise<{ value: T; cpu: CpuUse; noisy: boolean; attempts: number }> {
  let best: { value: T; cpu: CpuUse } | null = null;
  let made = 0;
  for (let i = 0; i < attempts; i++) {
    if (i > 0) await waitForQuiet(log, BENCH.quietWaitSeconds);
    const r = await run();
    made++;
    if (!best || r.cpu.others < best.cpu.others) best = r;
    if (r.cpu.others <= NOISE_LIMIT) break;
    log(
      `  ${label}: other processes took ${r.cpu.others.toFixed(0)} % of a core meanwhile` +
        (i + 1 < attempts ? '; measuring again' : '; keeping the quietest attempt'),
    );
  }
  return { ...best!, noisy: best!.cpu.others > NOISE_LIMIT, attempts: made };
}
