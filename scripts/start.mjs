#!/usr/bin/env node
// `npm start`: builds what changed, runs the setup step (secrets into .env, database, migrations,
// first admin; DEMO=2022 loads the demo), then the API and the worker side by side. The boxes of
// sign-ins the setup prints are held back and shown once both are ready, with a last line that
// says where they are, so they do not scroll away under the start-up log. If either process
// ends, the other is stopped; Ctrl-C stops both.
import { spawn, spawnSync } from 'node:child_process';
import { join } from 'node:path';

const root = join(import.meta.dirname, '..');
const cwd = process.cwd(); // .env lives here (npm runs scripts in the package's folder)
const node = process.execPath;
const say = (line) => process.stdout.write(`${line}\n`);

const build = spawnSync(node, [join(root, 'scripts/build.mjs')], { cwd, stdio: 'inherit' });
if (build.status !== 0) process.exit(build.status ?? 1);

// The setup step: its ordinary lines pass through; the boxes (from a line of `====… title …====`
// to the closing line of `=`) are kept for the end.
const setup = spawnSync(node, [join(root, 'dist/apps/cli/apps/cli/src/main.js'), 'setup'], {
  cwd,
  stdio: ['inherit', 'pipe', 'inherit'],
  encoding: 'utf8',
  maxBuffer: 64 * 1024 * 1024,
});
const boxes = [];
let box = null;
let adminExists = null;
for (const line of (setup.stdout ?? '').split('\n')) {
  if (box) {
    box.push(line);
    if (/^=+$/.test(line)) {
      boxes.push(box.join('\n'));
      box = null;
    }
  } else if (/^=+ .+ =+$/.test(line)) box = [line];
  else {
    if (line.startsWith('管理员账号 ')) adminExists = line;
    if (line !== '') say(line);
  }
}
if (box) boxes.push(box.join('\n'));
if (setup.status !== 0) process.exit(setup.status ?? 1);

try {
  process.loadEnvFile(join(cwd, '.env')); // PORT and HOST may be set there
} catch {
  // no .env: the environment alone
}
const port = Number(process.env.PORT) || 3000;
const host =
  process.env.HOST && !['0.0.0.0', '::'].includes(process.env.HOST)
    ? process.env.HOST
    : 'localhost';
const base = `http://${host}:${port}`;

const children = new Map();
let stopping = false;
function stopAll(code) {
  if (stopping) return;
  stopping = true;
  for (const child of children.values()) if (child.exitCode === null) child.kill('SIGTERM');
  const force = setTimeout(() => {
    for (const child of children.values()) if (child.exitCode === null) child.kill('SIGKILL');
  }, 30_000);
  force.unref();
  Promise.all(
    [...children.values()].map((c) =>
      c.exitCode === null ? new Promise((r) => c.once('exit', r)) : null,
    ),
  ).then(() => process.exit(code));
}
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => stopAll(0));

const ready = { api: false, worker: false };
let announced = false;
function announce() {
  if (announced || !ready.api || !ready.worker) return;
  announced = true;
  for (const b of boxes) say(b);
  say(
    `就绪 ready: 控制台 console ${base}/ · OpenAPI ${base}/api/docs · health ${base}/health/ready`,
  );
  if (boxes.length)
    say(
      '↑ 上面方框里的密码只显示这一次，请立即保存 / the passwords in the box above are shown only once',
    );
  else if (adminExists) say(adminExists);
}

function run(name, entry, colour) {
  const child = spawn(node, [join(root, entry)], { cwd, stdio: ['ignore', 'pipe', 'pipe'] });
  children.set(name, child);
  const prefix = `\x1b[${colour}m[${name}]\x1b[0m `;
  let rest = '';
  const onData = (chunk) => {
    const lines = (rest + chunk.toString()).split('\n');
    rest = lines.pop();
    for (const line of lines) {
      process.stdout.write(`${prefix}${line}\n`);
      if (name === 'worker' && line.includes('worker started')) {
        ready.worker = true;
        announce();
      }
    }
  };
  child.stdout.on('data', onData);
  child.stderr.on('data', onData);
  child.on('exit', (code, signal) => {
    if (rest) process.stdout.write(`${prefix}${rest}\n`);
    if (!stopping) {
      say(`${name} stopped (${signal ?? code}); stopping the others`);
      stopAll(code || 1);
    }
  });
  return child;
}

run('api', 'dist/apps/api/apps/api/src/main.js', 34);
run('worker', 'dist/apps/worker/apps/worker/src/main.js', 35);

// The API is ready when its readiness probe (database and Redis) answers 200.
const probeUntil = Date.now() + 5 * 60_000;
const probe = setInterval(async () => {
  if (stopping || Date.now() > probeUntil) return clearInterval(probe);
  try {
    const res = await fetch(
      `http://${host === 'localhost' ? '127.0.0.1' : host}:${port}/health/ready`,
    );
    if (res.ok) {
      clearInterval(probe);
      ready.api = true;
      announce();
    }
  } catch {
    // not listening yet
  }
}, 250);
