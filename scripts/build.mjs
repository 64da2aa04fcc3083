#!/usr/bin/env node
// Builds only what changed: `node scripts/build.mjs [api] [worker] [cli] [web] [--force]`
// (no target: all of them). Each target's inputs are hashed (path and content) and compared with
// the stamp its last successful build left in dist/.build/; a target whose inputs are unchanged
// and whose output exists is not built again, so a second `npm start` starts in seconds.
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';

const root = join(import.meta.dirname, '..');
const stampDir = join(root, 'dist', '.build');
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));

/** Every file under `dir` (relative to the root) whose name passes `keep`. */
function files(dir, keep) {
  const out = [];
  const walk = (d) => {
    if (!existsSync(d)) return;
    for (const e of readdirSync(d, { withFileTypes: true })) {
      if (e.name === 'node_modules' || e.name === 'dist' || e.name.startsWith('.')) continue;
      const p = join(d, e.name);
      if (e.isDirectory()) walk(p);
      else if (keep(relative(root, p))) out.push(relative(root, p));
    }
  };
  walk(join(root, dir));
  return out;
}

const shared = ['package-lock.json', 'tsconfig.json', 'tsconfig.build.json', 'nest-cli.json'];
const libSource = (p) =>
  p.endsWith('.ts') && !p.endsWith('.spec.ts') && !p.startsWith('libs/testing/');

function nestTarget(name) {
  return {
    name,
    inputs: () => [
      ...shared,
      `apps/${name}/tsconfig.app.json`,
      ...files(`apps/${name}/src`, (p) => p.endsWith('.ts') && !p.endsWith('.spec.ts')),
      ...files('libs', libSource),
    ],
    output: `dist/apps/${name}/apps/${name}/src/main.js`,
    command: ['npx', ['nest', 'build', name]],
  };
}

const TARGETS = {
  api: nestTarget('api'),
  worker: nestTarget('worker'),
  cli: nestTarget('cli'),
  // The staff console (apps/web), built by its own script and served by the API; skipped while
  // the project has no console yet.
  web: {
    name: 'web',
    available: () => existsSync(join(root, 'apps/web')) && Boolean(pkg.scripts?.['build:web']),
    inputs: () => ['package-lock.json', ...files('apps/web', () => true)],
    output: 'dist/web/index.html',
    command: ['npm', ['run', '--silent', 'build:web']],
  },
};

function hashes(paths) {
  const out = {};
  for (const p of [...new Set(paths)].sort()) {
    const full = join(root, p);
    if (!existsSync(full) || !statSync(full).isFile()) continue;
    out[p] = createHash('sha256').update(readFileSync(full)).digest('hex');
  }
  return out;
}

function readStamp(name) {
  try {
    return JSON.parse(readFileSync(join(stampDir, `${name}.json`), 'utf8')).files ?? {};
  } catch {
    return null;
  }
}

function changedFiles(before, now) {
  if (!before) return null;
  const names = new Set([...Object.keys(before), ...Object.keys(now)]);
  return [...names].filter((n) => before[n] !== now[n]).sort();
}

const say = (line) => process.stdout.write(`[build] ${line}\n`);

const args = process.argv.slice(2);
const force = args.includes('--force');
const asked = args.filter((a) => !a.startsWith('--'));
for (const a of asked) {
  if (!TARGETS[a]) {
    process.stderr.write(
      `unknown build target ${a} (targets: ${Object.keys(TARGETS).join(', ')})\n`,
    );
    process.exit(2);
  }
}
const chosen = (asked.length ? asked : Object.keys(TARGETS)).map((n) => TARGETS[n]);

const started = Date.now();
const current = [];
let considered = 0;
for (const target of chosen) {
  if (target.available && !target.available()) continue;
  considered++;
  const now = hashes(target.inputs());
  const before = readStamp(target.name);
  const changed = changedFiles(before, now);
  const outputMissing = target.output && !existsSync(join(root, target.output));
  if (!force && changed && changed.length === 0 && !outputMissing) {
    current.push(target.name);
    continue;
  }
  const why = force
    ? 'forced'
    : !changed
      ? 'first build'
      : outputMissing
        ? 'output missing'
        : `${changed.length} file${changed.length === 1 ? '' : 's'} changed: ` +
          changed.slice(0, 3).join(', ') +
          (changed.length > 3 ? ', …' : '');
  say(`building ${target.name} (${why}) …`);
  const t0 = Date.now();
  const [cmd, cmdArgs] = target.command;
  const run = spawnSync(cmd, cmdArgs, { cwd: root, stdio: 'inherit' });
  if (run.status !== 0) {
    say(`${target.name} failed to build`);
    process.exit(run.status ?? 1);
  }
  mkdirSync(stampDir, { recursive: true });
  writeFileSync(join(stampDir, `${target.name}.json`), JSON.stringify({ files: now }));
  say(`built ${target.name} in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
}
if (current.length) say(`${current.join(', ')} up to date`);
if (current.length === considered)
  say(`nothing to build (checked in ${((Date.now() - started) / 1000).toFixed(1)} s)`);
