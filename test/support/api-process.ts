import { type ChildProcess, spawn } from 'node:child_process';
import { createServer, type AddressInfo } from 'node:net';
import { join } from 'node:path';
import { TEST_ENV } from '@app/testing';
import { trackChild } from './children';
import { waitFor } from './reminders';

/** The API as its own process (real time, real log output), started from source. */
export interface ApiProcess {
  child: ChildProcess;
  baseUrl: string;
  /** Everything the process wrote to stdout and stderr so far. */
  output: () => string;
  stop: () => Promise<void>;
}

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as AddressInfo;
  await new Promise((r) => server.close(r));
  return port;
}

export async function spawnApi(env: Record<string, string> = {}): Promise<ApiProcess> {
  const root = join(__dirname, '..', '..');
  const port = await freePort();
  const child = spawn(
    process.execPath,
    [
      '-r',
      'ts-node/register/transpile-only',
      '-r',
      'tsconfig-paths/register',
      join(root, 'apps/api/src/main.ts'),
    ],
    {
      cwd: root,
      env: {
        ...process.env,
        ...TEST_ENV,
        LOG_LEVEL: 'info',
        HOST: '127.0.0.1',
        PORT: String(port),
        ...env,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let out = '';
  child.stdout.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr.on('data', (d: Buffer) => (out += d.toString()));
  const exited = new Promise<void>((r) => child.on('exit', () => r()));
  trackChild(child, exited);
  try {
    await waitFor(
      // main.ts says "API ready: … (listening on host:port)" once it accepts requests
      () => (/API ready: /.test(out) || child.exitCode !== null ? true : undefined),
      // ts-node compiles the API at start: 20 s on the shared 2-core machine, over 60 when busy
      120_000,
      'API start',
    );
    if (child.exitCode !== null) throw new Error(`API exited at start:\n${out}`);
  } catch (error) {
    child.kill('SIGKILL');
    await exited;
    throw error;
  }
  return {
    child,
    baseUrl: `http://127.0.0.1:${port}`,
    output: () => out,
    stop: async () => {
      if (child.exitCode === null) child.kill('SIGTERM');
      await exited;
    },
  };
}
