import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import type { Role } from '@app/auth';
import { createDataSource } from '@app/database';
import { resetDatabase, TEST_PASSWORD } from '@app/testing';
import Redis from 'ioredis';

const ROOT = join(__dirname, '../../..');
/** The password an administrator gives (the first sign-in replaces it). */
const GIVEN_PASSWORD = 'Given-Lamp-7391';

export const API_MAIN = join(ROOT, 'dist/apps/api/apps/api/src/main.js');
export const CLI_MAIN = join(ROOT, 'dist/apps/cli/apps/cli/src/main.js');
export const WEB_INDEX = join(ROOT, 'dist/web/index.html');

/** Every child this test process started, from the moment of spawn, so no path leaves one behind. */
const children = new Set<ChildProcess>();
process.once('exit', () => {
  for (const child of children) child.kill('SIGKILL');
});

function track(child: ChildProcess): ChildProcess {
  children.add(child);
  child.once('exit', () => children.delete(child));
  return child;
}

/** Stops a child: SIGTERM, then SIGKILL if it has not gone within `graceMs`. */
export async function stop(child: ChildProcess, graceMs = 5000): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const gone = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
  await gone;
  clearTimeout(timer);
}

export async function stopAll(): Promise<void> {
  await Promise.all([...children].map((c) => stop(c)));
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

/** Runs a built CLI command to the end; rejects with its output when it fails. */
function runCli(args: string[], env: NodeJS.ProcessEnv): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = track(spawn(process.execPath, [CLI_MAIN, ...args], { env, cwd: ROOT }));
    let out = '';
    child.stdout?.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr?.on('data', (d: Buffer) => (out += d.toString()));
    child.once('error', reject);
    child.once('exit', (code) =>
      code === 0 ? resolve(out) : reject(new Error(`cli ${args.join(' ')}: ${code}\n${out}`)),
    );
  });
}

export interface SeededUser {
  id: number;
  username: string;
  password: string;
  role: Role;
  unitId: number | null;
}

export interface Stack {
  baseUrl: string;
  api: ChildProcess;
  /** The API as a client: JSON in and out, with a token or none. */
  call<T = unknown>(
    method: string,
    path: string,
    options?: { token?: string; body?: unknown; headers?: Record<string, string> },
  ): Promise<{ status: number; body: T; headers: Headers }>;
  signIn(user: { username: string; password: string }): Promise<string>;
  users: Record<string, SeededUser>;
  /** The first admin (b-admin), signed in. */
  admin: { username: string; password: string };
  units: Record<string, { id: number; name: string }>;
  /** The API's own log lines so far (shown when a walk fails). */
  log(): string;
  close(): Promise<void>;
}

/** After a failed test, the end of the API's log on stderr (what the server said meanwhile). */
export function apiLogOnFailure(stack: () => Stack | undefined): void {
  afterEach(() => {
    const state = expect.getState();
    if (state.assertionCalls > 0 && state.numPassingAsserts < state.assertionCalls) {
      process.stderr.write(`API log:\n${stack()?.log().slice(-4000)}\n`);
    }
  });
}

/**
 * The real built API on a port of its own and the run's test database (the slot jest claimed):
 * the database is emptied, the first admin made by the built CLI, units and one user per role
 * made through the API. Nothing is built here: the dist must exist (npm test builds it first).
 */
export async function startStack(): Promise<Stack> {
  for (const file of [API_MAIN, CLI_MAIN, WEB_INDEX]) {
    if (!existsSync(file)) {
      throw new Error(`${file} is missing: run \`npm run build\` first (npm test does)`);
    }
  }
  const port = await freePort();
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    HOST: '127.0.0.1',
    PORT: String(port),
    LOG_LEVEL: 'warn',
    APP_NAME: 'api-browser-test',
  };

  // Start from nothing but the migrated reference data, like every e2e file.
  const ds = await createDataSource(env.DATABASE_URL!, 2);
  await ds.initialize();
  try {
    await resetDatabase(ds);
  } finally {
    await ds.destroy();
  }
  const redis = new Redis(env.REDIS_URL!, { lazyConnect: true, maxRetriesPerRequest: 1 });
  await redis.connect();
  try {
    await redis.flushdb();
  } finally {
    redis.disconnect();
  }

  const adminPassword = 'Quiet-Lantern-58z';
  await runCli(['admin', 'b-admin'], { ...env, ADMIN_PASSWORD: GIVEN_PASSWORD });

  let output = '';
  const api = track(spawn(process.execPath, [API_MAIN], { env, cwd: ROOT }));
  api.stdout?.on('data', (d: Buffer) => (output += d.toString()));
  api.stderr?.on('data', (d: Buffer) => (output += d.toString()));
  const baseUrl = `http://127.0.0.1:${port}`;

  const call: Stack['call'] = async (method, path, options = {}) => {
    const headers: Record<string, string> = { ...options.headers };
    if (options.token) headers.authorization = `Bearer ${options.token}`;
    if (options.body !== undefined) headers['content-type'] = 'application/json';
    const res = await fetch(`${baseUrl}${path}`, {
      method,
      headers,
      body: options.body === undefined ? undefined : JSON.stringify(options.body),
    });
    const text = await res.text();
    const type = res.headers.get('content-type') ?? '';
    return {
      status: res.status,
      body: (type.includes('json') && text ? JSON.parse(text) : text) as never,
      headers: res.headers,
    };
  };

  try {
    const deadline = Date.now() + 60_000;
    for (;;) {
      if (api.exitCode !== null) throw new Error(`the API exited (${api.exitCode}):\n${output}`);
      const ready = await fetch(`${baseUrl}/health/ready`).then(
        (r) => r.ok,
        () => false,
      );
      if (ready) break;
      if (Date.now() > deadline) throw new Error(`the API never became ready:\n${output}`);
      await new Promise((r) => setTimeout(r, 200));
    }

    const signIn: Stack['signIn'] = async (user) => {
      const res = await call<{ accessToken: string }>('POST', '/api/v1/auth/login', {
        body: { username: user.username, password: user.password },
      });
      if (res.status !== 200)
        throw new Error(`sign-in of ${user.username}: ${JSON.stringify(res.body)}`);
      return res.body.accessToken;
    };
    /**
     * The first sign-in asks for a new password (the admin's, and every one an admin gives): the
     * walks' people have chosen theirs, through the real route, once (an argon2 check and hash).
     */
    const chooseOwnPassword = async (username: string, given: string, own: string) => {
      const res = await call<{ accessToken: string }>('POST', '/api/v1/auth/login', {
        body: { username, password: given },
      });
      const changed = await call('POST', '/api/v1/auth/password', {
        token: res.body.accessToken,
        body: { currentPassword: given, newPassword: own },
      });
      if (changed.status !== 204)
        throw new Error(`password change of ${username}: ${JSON.stringify(changed.body)}`);
    };
    await chooseOwnPassword('b-admin', GIVEN_PASSWORD, adminPassword);
    const admin = await signIn({ username: 'b-admin', password: adminPassword });
    const ok = async <T>(res: Promise<{ status: number; body: T }>): Promise<T> => {
      const r = await res;
      if (r.status >= 300) throw new Error(`seeding: ${r.status} ${JSON.stringify(r.body)}`);
      return r.body;
    };
    const units: Stack['units'] = {};
    for (const [key, code, name] of [
      ['housing', 'D-HOUSING', '区住房和城乡建设局'],
      ['urban', 'D-URBAN', '区城市管理局'],
    ] as const) {
      const u = await ok(
        call<{ id: number }>('POST', '/api/v1/units', {
          token: admin,
          body: { code, name, kind: 'district_unit', level: 'district' },
        }),
      );
      units[key] = { id: u.id, name };
    }
    const users: Stack['users'] = {};
    const people: [string, Role, string, number | null][] = [
      ['reception', 'reception', '王登记', null],
      ['officer', 'officer', '李承办', null],
      ['supervisor', 'supervisor', '赵督查', null],
      ['leader', 'leader', '陈领导', null],
      ['handler', 'unit_handler', '周经办', units.housing.id],
      ['otherHandler', 'unit_handler', '吴经办', units.urban.id],
    ];
    for (const [key, role, displayName, unitId] of people) {
      const username = `b-${key.toLowerCase()}`;
      const u = await ok(
        call<{ id: number }>('POST', '/api/v1/users', {
          token: admin,
          body: { username, displayName, password: GIVEN_PASSWORD, role, unitId },
        }),
      );
      await chooseOwnPassword(username, GIVEN_PASSWORD, TEST_PASSWORD);
      users[key] = { id: u.id, username, password: TEST_PASSWORD, role, unitId };
    }
    return {
      baseUrl,
      api,
      call,
      signIn,
      users,
      admin: { username: 'b-admin', password: adminPassword },
      units,
      log: () => output,
      close: () => stop(api),
    };
  } catch (e) {
    await stop(api);
    throw e;
  }
}
