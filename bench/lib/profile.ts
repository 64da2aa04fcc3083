import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { table } from './stats';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}

interface CpuProfile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

const where = (url: string) => {
  if (url.includes('node_modules/')) {
    return url.replace(/.*node_modules\/((@[^/]+\/)?[^/]+).*/, '$1');
  }
  if (url.includes('/dist/')) return `app: ${url.replace(/.*\/dist\/apps\/[^/]+\//, '')}`;
  return url || '(native)';
};

/**
 * Where the API process spent its CPU (`BENCH_PROFILE=1` starts it with `--cpu-prof`): self time
 * by package and the hottest functions, over the whole life of the process.
 */
export function summariseProfiles(dir: string): string {
  const files = readdirSync(dir).filter((f) => f.endsWith('.cpuprofile'));
  if (files.length === 0) return '_No profile was written (the API did not exit normally)._';
  const byPackage = new Map<string, number>();
  const byFunction = new Map<string, number>();
  let total = 0;
  let idle = 0;
  for (const f of files) {
    const p = JSON.parse(readFileSync(join(dir, f), 'utf8')) as CpuProfile;
    const self = new Map<number, number>();
    p.samples.forEach((id, i) => self.set(id, (self.get(id) ?? 0) + (p.timeDeltas[i] ?? 0)));
    const byId = new Map(p.nodes.map((n) => [n.id, n]));
    const parent = new Map<number, number>();
    for (const n of p.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
    /** For Node's own and native frames: the nearest package or app frame that called them. */
    const caller = (id: number): string => {
      for (let up = parent.get(id); up !== undefined; up = parent.get(up)) {
        const url = byId.get(up)!.callFrame.url;
        if (url.includes('node_modules/') || url.includes('/dist/')) return where(url);
      }
      return '';
    };
    for (const n of p.nodes) {
      const t = self.get(n.id) ?? 0;
      const name = n.callFrame.functionName || '(anonymous)';
      if (name === '(idle)') {
        idle += t;
        continue;
      }
      total += t;
      const pkg = n.callFrame.url ? where(n.callFrame.url) : name;
      byPackage.set(pkg, (byPackage.get(pkg) ?? 0) + t);
      const own = n.callFrame.url.includes('node_modules/') || n.callFrame.url.includes('/dist/');
      const from = own ? '' : caller(n.id);
      const fn =
        `${name} (${where(n.callFrame.url)}${n.callFrame.url ? `:${n.callFrame.lineNumber + 1}` : ''})` +
        (from ? ` ← ${from}` : '');
      byFunction.set(fn, (byFunction.get(fn) ?? 0) + t);
    }
  }
  const top = (m: Map<string, number>, n: number) =>
    [...m]
      .sort((a, b) => b[1] - a[1])
      .slice(0, n)
      .map(([k, v]) => [k, `${((v / total) * 100).toFixed(1)} %`, `${(v / 1e6).toFixed(1)} s`]);
  return [
    `Busy ${(total / 1e6).toFixed(1)} s, idle ${(idle / 1e6).toFixed(1)} s (whole process life, start-up included). Self time:`,
    '',
    table(['package / module', 'share of busy', 'time'], top(byPackage, 15)),
    '',
    table(['function', 'share of busy', 'time'], top(byFunction, 20)),
  ].join('\n');
}
