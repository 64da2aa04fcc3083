import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import { createServer as createTcpServer, connect, type Socket } from 'node:net';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import type { INestApplicationContext } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import Redis from 'ioredis';
import { Clock } from '@app/core';
import { redisOptionsFromUrl } from '@app/queue';
import { TEST_ENV } from '@app/testing';
import { spawnTracked, stopTrackedChildren, type TrackedChild } from './children';
import { WorkerModule } from '../../apps/worker/src/worker.module';

/** Empties the run's Redis database (queues, locks, limits) so a file's worker starts from nothing. */
export async function flushTestRedis(): Promise<void> {
  const redis = new Redis(redisOptionsFromUrl(TEST_ENV.REDIS_URL));
  await redis.flushdb();
  await redis.quit();
}

/** Polls until `probe` returns a value (not undefined), or fails after the timeout. */
export async function waitFor<T>(
  probe: () => Promise<T | undefined> | T | undefined,
  timeoutMs = 20_000,
  what = 'condition',
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`${what} not met in ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

export interface SinkRequest {
  headers: IncomingHttpHeaders;
  body: string;
}

/** A real HTTP webhook receiver; `failNext` answers 503 that many times (Infinity: always). */
export interface WebhookSink {
  url: string;
  received: SinkRequest[];
  failNext: number;
  /** Delivery ids seen, with how many times each arrived. */
  counts(): Map<string, number>;
  close(): Promise<void>;
}

export async function startWebhookSink(): Promise<WebhookSink> {
  const received: SinkRequest[] = [];
  const sink = { failNext: 0 } as WebhookSink;
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      if (sink.failNext > 0) {
        sink.failNext--;
        res.writeHead(503).end('busy');
        return;
      }
      received.push({ headers: req.headers, body: Buffer.concat(chunks).toString('utf8') });
      res.writeHead(204).end();
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as AddressInfo;
  sink.url = `http://127.0.0.1:${port}/hook`;
  sink.received = received;
  sink.counts = () => {
    const m = new Map<string, number>();
    for (const r of received) {
      const id = String(r.headers['x-petitions-delivery']);
      m.set(id, (m.get(id) ?? 0) + 1);
    }
    return m;
  };
  sink.close = () =>
    new Promise<void>((r) => {
      server.closeAllConnections();
      server.close(() => r());
    });
  return sink;
}

/** The worker application in this process, on the test's movable clock. */
export async function startWorker(clock: Clock): Promise<INestApplicationContext> {
  const moduleRef = await Test.createTestingModule({ imports: [WorkerModule] })
    .overrideProvider(Clock)
    .useValue(clock)
    .compile();
  moduleRef.useLogger(false);
  await moduleRef.init();
  return moduleRef;
}

/** The worker as its own process (real time), started from source like `nest start worker`. */
export type WorkerProcess = TrackedChild;

/** Kills (SIGKILL) every worker child still running and waits until each has exited. */
export const stopSpawnedWorkers = stopTrackedChildren;

export async function spawnWorker(
  env: Record<string, string> = {},
  opts: { startTimeoutMs?: number } = {},
): Promise<WorkerProcess> {
  const root = join(__dirname, '..', '..');
  const worker = spawnTracked(
    process.execPath,
    [
      '-r',
      'ts-node/register/transpile-only',
      '-r',
      'tsconfig-paths/register',
      join(root, 'apps/worker/src/main.ts'),
    ],
    { cwd: root, env: { ...process.env, ...TEST_ENV, LOG_LEVEL: 'info', ...env } },
  );
  const { child, exited } = worker;
  try {
    await waitFor(
      () =>
        worker.output().includes('worker started') || child.exitCode !== null ? true : undefined,
      // ts-node compiles the worker at start: 15 s on the shared 2-core machine, 30+ when busy
      opts.startTimeoutMs ?? 90_000,
      'worker start',
    );
    if (child.exitCode !== null) throw new Error(`worker exited at start:\n${worker.output()}`);
  } catch (error) {
    child.kill('SIGKILL');
    await exited;
    throw error;
  }
  return worker;
}

/**
 * A TCP proxy in front of MariaDB: `cut()` drops every connection and refuses new ones (the
 * database is unreachable for whoever goes through it), `restore()` lets them through again.
 */
export interface TcpProxy {
  port: number;
  cut(): void;
  restore(): void;
  close(): Promise<void>;
}

export async function startTcpProxy(targetHost: string, targetPort: number): Promise<TcpProxy> {
  const sockets = new Set<Socket>();
  let open = true;
  const server = createTcpServer((client) => {
    if (!open) {
      client.destroy();
      return;
    }
    const upstream = connect(targetPort, targetHost);
    sockets.add(client);
    sockets.add(upstream);
    client.pipe(upstream);
    upstream.pipe(client);
    const drop = () => {
      client.destroy();
      upstream.destroy();
      sockets.delete(client);
      sockets.delete(upstream);
    };
    client.on('error', drop);
    upstream.on('error', drop);
    client.on('close', drop);
    upstream.on('close', drop);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return {
    port: (server.address() as AddressInfo).port,
    cut: () => {
      open = false;
      for (const s of sockets) s.destroy();
      sockets.clear();
    },
    restore: () => {
      open = true;
    },
    close: () =>
      new Promise<void>((r) => {
        for (const s of sockets) s.destroy();
        server.close(() => r());
      }),
  };
}

export interface SmtpMessage {
  from: string;
  to: string[];
  data: string;
}

/** A minimal SMTP receiver (EHLO, MAIL, RCPT, DATA, QUIT), enough for nodemailer over plain TCP. */
export async function startSmtpSink(port: number): Promise<{
  messages: SmtpMessage[];
  close(): Promise<void>;
}> {
  const messages: SmtpMessage[] = [];
  const sockets = new Set<Socket>();
  const server = createTcpServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    let buffer = '';
    let inData = false;
    let current: SmtpMessage = { from: '', to: [], data: '' };
    const reply = (line: string) => socket.write(`${line}\r\n`);
    reply('220 sink ESMTP');
    socket.on('data', (chunk: Buffer) => {
      buffer += chunk.toString('utf8');
      for (;;) {
        if (inData) {
          const end = buffer.indexOf('\r\n.\r\n');
          if (end === -1) return;
          current.data = buffer.slice(0, end);
          buffer = buffer.slice(end + 5);
          inData = false;
          messages.push(current);
          current = { from: '', to: [], data: '' };
          reply('250 OK queued');
          continue;
        }
        const nl = buffer.indexOf('\r\n');
        if (nl === -1) return;
        const line = buffer.slice(0, nl);
        buffer = buffer.slice(nl + 2);
        const verb = line.slice(0, 4).toUpperCase();
        if (verb === 'EHLO' || verb === 'HELO') reply('250 sink');
        else if (verb === 'MAIL') {
          current.from = line;
          reply('250 OK');
        } else if (verb === 'RCPT') {
          current.to.push(/<([^>]+)>/.exec(line)?.[1] ?? line);
          reply('250 OK');
        } else if (verb === 'DATA') {
          inData = true;
          reply('354 go ahead');
        } else if (verb === 'QUIT') {
          reply('221 bye');
          socket.end();
        } else reply('250 OK');
      }
    });
  });
  await new Promise<void>((r) => server.listen(port, '127.0.0.1', r));
  return {
    messages,
    close: () =>
      new Promise<void>((r) => {
        for (const s of sockets) s.destroy();
        server.close(() => r());
      }),
  };
}
