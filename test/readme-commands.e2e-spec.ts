import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createConnection } from 'mysql2/promise';
import { parseDatabaseUrl } from '@app/database';
import { TEST_ENV } from '@app/testing';
import { stopTrackedChildren, trackChild } from './support/children';

/**
 * The README's commands, run as a newcomer runs them: in a fresh folder without `.env` (the
 * sources, node_modules and dist/ linked in), against a database of their own next to the run's
 * test database. First `npm start` (secrets into .env, database, migrations, first admin, API and
 * worker), a second `npm start` (nothing to build, the admin exists), `npm run admin -- admin`
 * (reads .env like npm start), `npm run setup`, and `DEMO=2022 npm start` with a small demo.
 */
const root = join(__dirname, '..');
const database = `${parseDatabaseUrl(TEST_ENV.DATABASE_URL).database.replace(/_test$/, '')}_cli_test`;
const databaseUrl = TEST_ENV.DATABASE_URL.replace(/\/[^/]+$/, `/${database}`);

interface Run {
  child: ChildProcess;
  output: () => string;
  exited: Promise<number | string>;
  /** Resolves when the output matches (or rejects when the command ends first). */
  until(pattern: RegExp, timeoutMs: number): Promise<void>;
  /** Ctrl-C: the whole process group. */
  stop(): Promise<number | string>;
}

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as { port: number };
  await new Promise((r) => server.close(r));
  return port;
}

async function dropDatabase(): Promise<void> {
  const { host, port, user, password } = parseDatabaseUrl(TEST_ENV.DATABASE_URL);
  const conn = await createConnection({ host, port, user, password });
  try {
    await conn.query(`DROP DATABASE IF EXISTS \`${database}\``);
  } finally {
    await conn.end();
  }
}

describe('the README commands (e2e, as processes)', () => {
  let dir: string;
  let port: number;
  let env: Record<string, string>;

  beforeAll(async () => {
    await dropDatabase();
    dir = mkdtempSync(join(tmpdir(), 'petitions-readme-'));
    for (const name of [
      'package.json',
      'package-lock.json',
      'node_modules',
      'dist',
      'scripts',
      'apps',
      'libs',
      'tsconfig.json',
      'tsconfig.build.json',
      'nest-cli.json',
    ])
      symlinkSync(join(root, name), join(dir, name));
    port = await freePort();
    // What a newcomer's shell holds: none of the test settings, no secrets (setup writes them).
    const inherited = Object.fromEntries(
      Object.entries(process.env).filter(
        ([k, v]) => v !== undefined && !(k in TEST_ENV) && !k.startsWith('TEST_'),
      ),
    ) as Record<string, string>;
    env = {
      ...inherited,
      DATABASE_URL: databaseUrl,
      REDIS_URL: TEST_ENV.REDIS_URL,
      QUEUE_PREFIX: `${TEST_ENV.QUEUE_PREFIX}-cli`,
      STORAGE_DIR: join(dir, 'storage'),
      PORT: String(port),
      HOST: '127.0.0.1',
    };
  });
  afterAll(async () => {
    await stopTrackedChildren();
    await dropDatabase();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  function npm(args: string[], extra: Record<string, string> = {}): Run {
    const child = spawn('npm', args, {
      cwd: dir,
      env: { ...env, ...extra },
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: true, // its own process group, so stop() reaches npm's children too
    });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (out += d.toString()));
    const exited = new Promise<number | string>((r) =>
      child.on('exit', (code, signal) => r(signal ?? code ?? -1)),
    );
    trackChild(child, exited);
    return {
      child,
      output: () => out,
      exited,
      until: async (pattern, timeoutMs) => {
        const deadline = Date.now() + timeoutMs;
        while (!pattern.test(out)) {
          if (child.exitCode !== null)
            throw new Error(`npm ${args.join(' ')} ended (${child.exitCode}):\n${out}`);
          if (Date.now() > deadline)
            throw new Error(`npm ${args.join(' ')}: no ${pattern} in ${timeoutMs} ms:\n${out}`);
          await new Promise((r) => setTimeout(r, 100));
        }
      },
      stop: async () => {
        if (child.exitCode === null) process.kill(-child.pid!, 'SIGINT');
        return exited;
      },
    };
  }

  const signIn = async (username: string, password: string) =>
    (
      await fetch(`http://127.0.0.1:${port}/api/v1/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ username, password }),
      })
    ).status;
  /** The printed passwords are given ones: the first sign-in asks for a new password. */
  const asksForNewPassword = async (username: string, password: string) => {
    const res = await fetch(`http://127.0.0.1:${port}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username, password }),
    });
    const body = (await res.json()) as { user?: { mustChangePassword?: boolean } };
    return res.status === 200 && body.user?.mustChangePassword === true;
  };

  const READY = /就绪 ready: .*\n.*\n/;
  let firstPassword: string;

  it('npm start, the first time: .env, database, first admin; the box after API and worker are ready', async () => {
    const start = npm(['start']);
    await start.until(READY, 540_000);
    const out = start.output();
    const lines = out.split('\n');
    const at = (re: RegExp) => lines.findIndex((l) => re.test(l));
    firstPassword = /初始密码 password: (\S+)/.exec(out)![1];
    const box = at(/管理员账号 \/ administrator account/);
    expect(box).toBeGreaterThan(at(/\[api\].*API ready/));
    expect(box).toBeGreaterThan(at(/\[worker\].*worker started/));
    // the box sends a newcomer to the console, not to the OpenAPI page
    expect(lines[box + 3]).toMatch(/登录控制台 sign in: http:\/\/localhost:\d+\//);
    expect(lines[box + 3]).toContain(
      '首次登录须先修改密码 / the first sign-in asks for a new password',
    );
    expect(at(/\[api\].*API ready/)).toBeGreaterThanOrEqual(0);
    expect(out).toContain(`控制台 console http://127.0.0.1:${port}/ `);
    expect(out).toContain(`health http://127.0.0.1:${port}/health/ready`);
    expect(out).not.toContain('/api/v1/health');
    // quiet: no route map, no module list
    expect(out).not.toMatch(/Mapped \{|InstanceLoader|RoutesResolver/);
    // the reminder line closes the start-up, after the box
    expect(at(/shown only once/)).toBeGreaterThan(box);
    const env = readFileSync(join(dir, '.env'), 'utf8');
    expect(env).toMatch(/^JWT_SECRET=.{32,}$/m);
    expect(env).toMatch(/^PII_ENCRYPTION_KEY=/m);
    expect(await asksForNewPassword('admin', firstPassword)).toBe(true);
    expect(await start.stop()).toBeDefined();
  }, 600_000);

  it('npm start again: nothing to build, the admin exists (and how to reset it); npm run admin -- admin resets it', async () => {
    const started = Date.now();
    const start = npm(['start']);
    await start.until(READY, 240_000);
    const seconds = (Date.now() - started) / 1000;
    const out = start.output();
    expect(out).toMatch(/\[build\] api, worker, cli(, web)? up to date/);
    expect(out).not.toMatch(/\[build\] building/);
    expect(out).not.toContain('administrator account');
    // said by the setup step, and again as the last line of the start-up
    const exists = out
      .split('\n')
      .filter((l) => /管理员账号 admin 已存在.*npm run admin -- admin/.test(l));
    expect(exists).toHaveLength(2);
    expect(out.lastIndexOf(exists[1])).toBeGreaterThan(out.indexOf('就绪 ready'));
    process.stdout.write(`[readme-commands] second npm start ready in ${seconds.toFixed(1)} s\n`);

    // `.env` holds JWT_SECRET and the keys; the environment does not.
    const admin = npm(['run', 'admin', '--', 'admin']);
    expect(await admin.exited).toBe(0);
    expect(admin.output()).not.toMatch(/ConfigValidationError|JWT_SECRET/);
    const reset = /初始密码 password: (\S+)/.exec(admin.output())![1];
    expect(reset).not.toBe(firstPassword);
    expect(await asksForNewPassword('admin', reset)).toBe(true);
    expect(await signIn('admin', firstPassword)).toBe(401);
    await start.stop();
  }, 300_000);

  it('npm run setup: up to date, nothing created twice', async () => {
    const setup = npm(['run', 'setup']);
    expect(await setup.exited).toBe(0);
    expect(setup.output()).toContain('schema is up to date');
    expect(setup.output()).toMatch(/管理员账号 admin 已存在/);
  }, 240_000);

  it('DEMO=2022 npm start (a small demo): one account per role, random passwords, in the box', async () => {
    const start = npm(['start'], { DEMO: '2022', DEMO_ORDINARY_CASES: '30' });
    await start.until(READY, 540_000);
    const out = start.output();
    const box = out.slice(out.indexOf('演示账号 / demo accounts'));
    const accounts = [
      ...box.matchAll(
        / (reception|officer|supervisor|unit_handler|leader|finance)(?: \([^)]*\))?: (\S+) \/ (\S+)/g,
      ),
    ];
    expect(accounts.map((m) => m[1]).sort()).toEqual(
      ['finance', 'leader', 'officer', 'reception', 'supervisor', 'unit_handler'].sort(),
    );
    expect(new Set(accounts.map((m) => m[3])).size).toBe(accounts.length);
    expect(box).toContain('首次登录须先修改密码 / the first sign-in asks for a new password');
    for (const [, , username, password] of accounts)
      expect([username, await asksForNewPassword(username, password)]).toEqual([username, true]);
    expect(out.indexOf('演示账号 / demo accounts')).toBeGreaterThan(out.indexOf('worker started'));
    await start.stop();
    expect(existsSync(join(dir, 'storage'))).toBe(true);
  }, 600_000);
});
