import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import {
  copyFileSync,
  existsSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  symlinkSync,
} from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stripVTControlCharacters } from 'node:util';
import { type Connection, createConnection } from 'mysql2/promise';
import { parseDatabaseUrl } from '@app/database';
import { TEST_ENV } from '@app/testing';
import { stopTrackedChildren, trackChild } from './support/children';

/**
 * The README's commands, run as a newcomer runs them: in a fresh folder without `.env` (the
 * sources, node_modules and dist/ linked in), against a database of their own next to the run's
 * test database. First `npm start` (secrets into .env, database, migrations, first admin, API and
 * worker), a second `npm start` (nothing to build, the admin exists), `npm run admin -- admin`
 * (reads .env like npm start), `npm run setup`, `DEMO=2022 npm start` with a small demo, and then
 * every command of the README's command tables: each row has a case here (`readmeCase`), and the
 * first case fails when a row has none, so a new row cannot go untested. Slow commands run in
 * their small modes (a small demo, a tiny bench writing to a scratch file).
 */
const root = join(__dirname, '..');
const slotDatabase = parseDatabaseUrl(TEST_ENV.DATABASE_URL).database.replace(/_test$/, '');
const database = `${slotDatabase}_cli_test`;
const databaseUrl = TEST_ENV.DATABASE_URL.replace(/\/[^/]+$/, `/${database}`);
const benchDatabase = `${slotDatabase}_bench_test`;
const CLI = 'node dist/apps/cli/apps/cli/src/main.js';
/** What the README folder links in from the repository (a newcomer's clone, without `.env`). */
const LINKED = [
  'package.json',
  'package-lock.json',
  'node_modules',
  'dist',
  'scripts',
  'apps',
  'libs',
  'bench',
  'tsconfig.json',
  'tsconfig.build.json',
  'nest-cli.json',
];

/**
 * Every command the README's command tables list (tables headed `| command |`), one per
 * backticked command of the first cell; `migration:revert` beside `npm run migration:run` reads
 * as `npm run migration:revert`.
 */
function readmeTableCommands(): string[] {
  const commands: string[] = [];
  let inTable = false;
  for (const line of readFileSync(join(root, 'README.md'), 'utf8').split('\n')) {
    if (/^\|\s*command\s*\|/.test(line)) inTable = true;
    else if (!line.startsWith('|')) inTable = false;
    else if (inTable && !/^\|\s*-/.test(line)) {
      for (const [, c] of line.split('|')[1].matchAll(/`([^`]+)`/g))
        commands.push(/^(npm|npx|node|bash) /.test(c) ? c : `npm run ${c}`);
    }
  }
  return commands;
}

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

async function server<T>(fn: (conn: Connection) => Promise<T>): Promise<T> {
  const { host, port, user, password } = parseDatabaseUrl(TEST_ENV.DATABASE_URL);
  const conn = await createConnection({ host, port, user, password });
  try {
    return await fn(conn);
  } finally {
    await conn.end();
  }
}

async function dropDatabases(): Promise<void> {
  await server(async (conn) => {
    for (const name of [database, benchDatabase])
      await conn.query(`DROP DATABASE IF EXISTS \`${name}\``);
  });
}

/** The columns and indexes of the README database: what a migration changes. */
const schema = () =>
  server(async (conn) => {
    const [columns] = await conn.query(
      `SELECT TABLE_NAME, COLUMN_NAME, COLUMN_TYPE, IS_NULLABLE, COLUMN_DEFAULT
         FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = ? ORDER BY 1, 2`,
      [database],
    );
    const [indexes] = await conn.query(
      `SELECT TABLE_NAME, INDEX_NAME, SEQ_IN_INDEX, COLUMN_NAME, NON_UNIQUE
         FROM information_schema.STATISTICS WHERE TABLE_SCHEMA = ? ORDER BY 1, 2, 3`,
      [database],
    );
    return JSON.stringify({ columns, indexes });
  });

const query = <T>(sql: string, params: unknown[] = []) =>
  server(async (conn) => (await conn.query(sql, params))[0] as T);

describe('the README commands (e2e, as processes)', () => {
  /** The commands the cases below run, by the README's spelling. */
  const tested = new Set<string>();
  /** A case that runs README table commands (named as the README spells them). */
  const readmeCase = (
    commands: string[],
    what: string,
    fn: (() => Promise<void>) | (() => void),
    timeoutMs: number,
  ) => {
    for (const c of commands) tested.add(c);
    it(`${commands.map((c) => `\`${c}\``).join(', ')}: ${what}`, fn, timeoutMs);
  };

  it('every command of the README command tables has a case here, and every case a row', () => {
    const listed = readmeTableCommands();
    expect(listed.length).toBeGreaterThan(10);
    expect(listed.filter((c) => !tested.has(c))).toEqual([]);
    expect([...tested].filter((c) => !listed.includes(c))).toEqual([]);
  });

  let dir: string;
  let port: number;
  let env: Record<string, string>;

  beforeAll(async () => {
    await dropDatabases();
    dir = mkdtempSync(join(tmpdir(), 'petitions-readme-'));
    for (const name of LINKED) symlinkSync(join(root, name), join(dir, name));
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
    await dropDatabases();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  /** Runs a command in its own process group, tracked from spawn (after-env kills what is left). */
  function run(
    file: string,
    args: string[],
    extra: Record<string, string> = {},
    cwd: string = dir,
  ): Run {
    const child = spawn(file, args, {
      cwd,
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
        // Colours stripped: with CI set, Vite colours its output even into a pipe.
        while (!pattern.test(stripVTControlCharacters(out))) {
          if (child.exitCode !== null)
            throw new Error(`${file} ${args.join(' ')} ended (${child.exitCode}):\n${out}`);
          if (Date.now() > deadline)
            throw new Error(`${file} ${args.join(' ')}: no ${pattern} in ${timeoutMs} ms:\n${out}`);
          await new Promise((r) => setTimeout(r, 100));
        }
      },
      stop: async () => {
        if (child.exitCode === null) process.kill(-child.pid!, 'SIGINT');
        return exited;
      },
    };
  }
  const npm = (args: string[], extra: Record<string, string> = {}) => run('npm', args, extra);
  /** A README line run through the shell, in the README folder (`.env` there). */
  const sh = (line: string, extra: Record<string, string> = {}, cwd = dir) =>
    run('bash', ['-c', line], extra, cwd);
  /** Exit code and output of a command that ends by itself. */
  const finished = async (r: Run) => ({ code: await r.exited, out: r.output() });

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

  readmeCase(
    ['npm run admin -- <username>'],
    'npm start again: nothing to build, the admin exists (and how to reset it); `npm run admin -- admin` resets it and a new name makes a new admin',
    async () => {
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
      // a new username: a new admin, with its own given password
      const created = npm(['run', 'admin', '--', 'second-admin']);
      expect(await created.exited).toBe(0);
      const given = /初始密码 password: (\S+)/.exec(created.output())![1];
      expect(await asksForNewPassword('second-admin', given)).toBe(true);
      await start.stop();
    },
    300_000,
  );

  readmeCase(
    ['npm run setup'],
    'up to date, nothing created twice',
    async () => {
      const setup = npm(['run', 'setup']);
      expect(await setup.exited).toBe(0);
      expect(setup.output()).toContain('schema is up to date');
      expect(setup.output()).toMatch(/管理员账号 admin 已存在/);
    },
    240_000,
  );

  readmeCase(
    [
      'npm run migration:revert',
      'npm run migration:run',
      'npm run migration:generate -- libs/database/src/migrations/Name',
    ],
    'on the README database: revert takes the newest migration back, run applies it again, generate finds nothing to draft',
    async () => {
      const before = await schema();
      const applied = () =>
        query<{ name: string }[]>(
          `SELECT name FROM \`${database}\`.schema_migrations ORDER BY id DESC`,
        ).then((rows) => rows.map((r) => r.name));
      const [newest, ...older] = await applied();

      const revert = await finished(npm(['run', 'migration:revert']));
      expect(revert.code).toBe(0);
      expect(await applied()).toEqual(older);
      // the newest migration changes the schema (a data-only one would need its data looked at)
      expect(await schema()).not.toBe(before);

      const again = await finished(npm(['run', 'migration:run']));
      expect(again.code).toBe(0);
      expect(await applied()).toEqual([newest, ...older]);
      expect(await schema()).toBe(before);

      // a draft path of the test's own: nothing may be written into libs/
      const drafts = join(dir, 'drafts');
      const generate = await finished(
        npm(['run', 'migration:generate', '--', join(drafts, 'Name')]),
      );
      expect(generate.out).toContain('No changes in database schema were found');
      expect(existsSync(drafts)).toBe(false);
    },
    300_000,
  );

  readmeCase(
    ['npm run build'],
    'after the starts above: every target up to date, nothing compiled',
    async () => {
      const started = Date.now();
      const build = await finished(npm(['run', 'build']));
      expect(build.code).toBe(0);
      expect(build.out).toMatch(/\[build\] api, worker, cli, web up to date/);
      expect(build.out).not.toMatch(/\[build\] building/);
      expect(Date.now() - started).toBeLessThan(30_000);
    },
    60_000,
  );

  readmeCase(
    ['npm run services'],
    'with MariaDB and Redis running: exits 0 at once, starts and installs nothing',
    async () => {
      const count = (name: string) => {
        try {
          return execFileSync('pgrep', ['-c', '-x', name], { encoding: 'utf8' }).trim();
        } catch {
          return '0';
        }
      };
      const servers = () => [count('mariadbd') + count('mysqld'), count('redis-server')];
      const running = servers();
      const started = Date.now();
      const services = await finished(npm(['run', 'services']));
      expect(services.code).toBe(0);
      expect(services.out).toContain('[services] MariaDB and Redis are up');
      expect(services.out).not.toMatch(/\[services\] (starting|installing|letting)/);
      expect(Date.now() - started).toBeLessThan(20_000);
      expect(servers()).toEqual(running);
    },
    60_000,
  );

  readmeCase(
    ['npm run test:unit', 'npm run test:e2e', 'npm run test:browser'],
    'one tier each: a unit file runs and passes; each tier lists exactly its own files',
    async () => {
      const list = async (script: string) => {
        const r = await finished(sh(`npm run --silent ${script} -- --listTests`, {}, root));
        expect([script, r.code]).toEqual([script, 0]);
        return r.out
          .split('\n')
          .filter((l) => l.startsWith('/'))
          .map((l) => l.slice(root.length + 1))
          .sort();
      };
      const files = (under: string, suffix: string): string[] =>
        readdirSync(join(root, under), { recursive: true, encoding: 'utf8' })
          .filter((f) => f.endsWith(suffix) && !f.includes('node_modules'))
          .map((f) => join(under, f));
      expect(await list('test:e2e')).toEqual(files('test', '.e2e-spec.ts').sort());
      expect(await list('test:browser')).toEqual(files('test/browser', '.browser-spec.ts').sort());
      const unit = await list('test:unit');
      expect(unit).toEqual(
        [
          ...files('apps', '.spec.ts').filter((f) => !f.startsWith('apps/web/')),
          ...files('libs', '.spec.ts'),
          ...files('test/repo', '.spec.ts'),
        ].sort(),
      );
      // and a run of the tier, on its checks of the repository itself
      const ran = await finished(sh('npm run test:unit -- --testPathPattern test/repo', {}, root));
      expect(ran.code).toBe(0);
      expect(ran.out).toMatch(/Tests: +\d+ passed/);
    },
    180_000,
  );

  readmeCase(
    ['npm run lint'],
    'CI runs it on every change before the tests; it type-checks, runs ESLint and Prettier as the row says',
    () => {
      // Linting the whole tree takes minutes on two cores, and every landing runs it already;
      // here: the row's parts are the script's, and CI fails when it fails.
      const script = (
        JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as {
          scripts: Record<string, string>;
        }
      ).scripts.lint;
      expect(script).toMatch(/tsc --noEmit -p tsconfig.json && tsc -p apps\/web\/tsconfig.json/);
      expect(script).toMatch(/&& eslint \. && prettier --check/);
      const ci = readFileSync(join(root, '.ci/run'), 'utf8').split('\n');
      expect(ci).toContain('set -euo pipefail');
      expect(ci.indexOf('npm run lint')).toBeGreaterThan(-1);
      expect(ci.indexOf('npm run lint')).toBeLessThan(ci.indexOf('npm test'));
    },
    10_000,
  );

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

  readmeCase(
    ['npm run demo:2022'],
    'again after DEMO=2022 npm start: setup, then the demo, and nothing new',
    async () => {
      const counts = () =>
        query<Record<string, number>[]>(
          `SELECT (SELECT COUNT(*) FROM \`${database}\`.cases) AS cases,
                  (SELECT COUNT(*) FROM \`${database}\`.users) AS users,
                  (SELECT COUNT(*) FROM \`${database}\`.case_events) AS events`,
        ).then(([r]) => ({ ...r }));
      const before = await counts();
      expect(Number(before.cases)).toBeGreaterThan(30);
      const demo = await finished(npm(['run', 'demo:2022'], { DEMO_ORDINARY_CASES: '30' }));
      expect(demo.code).toBe(0);
      expect(demo.out).toContain('schema is up to date');
      expect(demo.out).toMatch(/demo 2022 ready in \d+ s/);
      expect(demo.out).not.toContain('演示账号 / demo accounts');
      expect(await counts()).toEqual(before);
    },
    300_000,
  );

  readmeCase(
    [`${CLI} chain verify [<case id>]`, `${CLI} chain checkpoint`, `${CLI} chain rechain`],
    "on the demo's cases: every chain and one case verify, today's checkpoint is written once, nothing to reseal",
    async () => {
      const [{ id }] = await query<{ id: number }[]>(
        `SELECT MIN(id) AS id FROM \`${database}\`.cases`,
      );
      const all = await finished(sh(`${CLI} chain verify`));
      expect(all).toEqual({ code: 0, out: expect.stringContaining('全部案件的办理记录完整') });
      const one = await finished(sh(`${CLI} chain verify ${id}`));
      expect(one).toEqual({ code: 0, out: expect.stringContaining(`案件 id ${id}：完整`) });
      const bad = await finished(sh(`${CLI} chain verify 0`));
      expect(bad).toEqual({ code: 1, out: expect.stringContaining('正整数') });

      const first = await finished(sh(`${CLI} chain checkpoint`));
      expect(first.code).toBe(0);
      expect(first.out).toMatch(/(已写入|今日已有)检查点 \d{4}-\d{2}-\d{2}（#\d+）/);
      const second = await finished(sh(`${CLI} chain checkpoint`));
      expect(second).toEqual({ code: 0, out: expect.stringMatching(/今日已有检查点/) });

      const rechain = await finished(sh(`${CLI} chain rechain`));
      expect(rechain).toEqual({
        code: 0,
        out: expect.stringContaining('已按密钥重新封存 0 件旧链案件'),
      });
    },
    180_000,
  );

  readmeCase(
    [`${CLI} reindex`],
    "on the demo's names: those without a name index get one, a second run finds none",
    async () => {
      await query(`UPDATE \`${database}\`.petitioners SET name_bidx = NULL ORDER BY id LIMIT 3`);
      const first = await finished(sh(`${CLI} reindex`));
      expect(first).toEqual({
        code: 0,
        out: expect.stringContaining('已建立姓名索引：信访人 3 人'),
      });
      const again = await finished(sh(`${CLI} reindex`));
      expect(again).toEqual({
        code: 0,
        out: expect.stringContaining('已建立姓名索引：信访人 0 人，信访件所留姓名 0 条'),
      });
    },
    120_000,
  );

  readmeCase(
    ['npm run start:dev'],
    'API and worker in watch mode and the console on Vite (WEB_DEV_PORT): health through both ports, the console page from Vite; Ctrl-C ends the whole process group',
    async () => {
      // A folder with a dist/ of its own: `nest start --watch` empties and recompiles
      // dist/apps/api and dist/apps/worker, which the shared build must not lose half-way.
      const devDir = mkdtempSync(join(tmpdir(), 'petitions-readme-dev-'));
      try {
        for (const name of LINKED.filter((n) => n !== 'dist'))
          symlinkSync(join(root, name), join(devDir, name));
        copyFileSync(join(dir, '.env'), join(devDir, '.env'));
        const webPort = await freePort();
        const dev = run('npm', ['run', 'start:dev'], { WEB_DEV_PORT: String(webPort) }, devDir);
        // both compile from scratch with type checks: minutes on a busy 2-core machine
        await dev.until(/API ready: /, 420_000);
        await dev.until(/worker started/, 240_000);
        await dev.until(new RegExp(`Local: +http://localhost:${webPort}/`), 60_000);
        expect((await fetch(`http://127.0.0.1:${port}/health/ready`)).status).toBe(200);
        const page = await fetch(`http://localhost:${webPort}/`);
        expect(page.status).toBe(200);
        const html = await page.text();
        expect(html).toContain('<title>信访事项办理与督办系统</title>');
        expect(html).toContain('/@vite/client'); // served by the dev server, with hot reload
        // Vite forwards /health (and /api) to the API
        expect((await fetch(`http://localhost:${webPort}/health/ready`)).status).toBe(200);
        const login = await fetch(`http://localhost:${webPort}/api/v1/auth/login`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ username: 'admin', password: 'not-the-password-1' }),
        });
        expect(login.status).toBe(401);

        const group = dev.child.pid!;
        await dev.stop();
        const alive = () => {
          try {
            process.kill(-group, 0);
            return true;
          } catch {
            return false;
          }
        };
        const deadline = Date.now() + 30_000;
        while (alive() && Date.now() < deadline) await new Promise((r) => setTimeout(r, 200));
        expect(alive()).toBe(false);
        await expect(fetch(`http://localhost:${webPort}/`)).rejects.toThrow();
        await expect(fetch(`http://127.0.0.1:${port}/health/live`)).rejects.toThrow();
      } finally {
        rmSync(devDir, { recursive: true, force: true });
      }
    },
    600_000,
  );

  readmeCase(
    ['npm run bench'],
    'tiny (BENCH_SIZE=tiny) on its own database into a scratch file (BENCH_OUT): the machine, the date and the API-to-ceiling ratio; docs/benchmarks.md untouched',
    async () => {
      const report = join(dir, 'benchmarks.md');
      const docs = readFileSync(join(root, 'docs/benchmarks.md'), 'utf8');
      const bench = await finished(
        npm(['run', 'bench', '--', 'register'], {
          BENCH_SIZE: 'tiny',
          BENCH_OUT: report,
          BENCH_DATABASE_URL: TEST_ENV.DATABASE_URL.replace(/\/[^/]+$/, `/${benchDatabase}`),
          BENCH_REDIS_URL: TEST_ENV.REDIS_URL,
          BENCH_PORT: String(await freePort()),
          BENCH_WORK_DIR: join(dir, 'bench-work'),
        }),
      );
      expect(bench.code).toBe(0);
      expect(bench.out).toMatch(/results in .*benchmarks\.md; /);
      const text = readFileSync(report, 'utf8');
      expect(text).toMatch(/^\| date \(UTC\) \| \d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ \|$/m);
      expect(text).toMatch(/^\| CPU \| \d+ × .+ \(`nproc` = \d+\) \|$/m);
      expect(text).toMatch(/^\| memory \| [\d.]+ GiB \|$/m);
      expect(text).toMatch(/^\| command \| `.*BENCH_SIZE=tiny.* npm run bench -- register` \|$/m);
      expect(text).toMatch(/API throughput = \*\*[\d.]+ % of the ceiling\*\*/);
      expect(readFileSync(join(root, 'docs/benchmarks.md'), 'utf8')).toBe(docs);
    },
    300_000,
  );
});
