import { execFileSync } from 'node:child_process';
import { spawnWorker, stopSpawnedWorkers } from './support/reminders';

/** Processes whose parent is this test process (the Jest worker, or Jest itself in band). */
function children(): number[] {
  try {
    return execFileSync('ps', ['-o', 'pid=,comm=', '--ppid', String(process.pid)], {
      encoding: 'utf8',
    })
      .split('\n')
      .map((l) => l.trim().split(/\s+/))
      .filter(([pid, comm]) => Number(pid) > 0 && comm !== 'ps') // not this very listing
      .map(([pid]) => Number(pid));
  } catch {
    return []; // ps exits 1 when there is none
  }
}

describe('spawnWorker (test helper)', () => {
  afterAll(async () => {
    await stopSpawnedWorkers();
  });

  it('a worker that does not start in time is killed before the helper throws', async () => {
    const before = children();
    await expect(spawnWorker({}, { startTimeoutMs: 200 })).rejects.toThrow(/worker start/);
    expect(children().filter((pid) => !before.includes(pid))).toEqual([]);
  });

  it('a started worker is stopped by stopSpawnedWorkers()', async () => {
    const before = children();
    const w = await spawnWorker();
    expect(children()).toContain(w.child.pid);
    await stopSpawnedWorkers();
    expect(await w.exited).toBe('SIGKILL');
    expect(children().filter((pid) => !before.includes(pid))).toEqual([]);
  });
});
