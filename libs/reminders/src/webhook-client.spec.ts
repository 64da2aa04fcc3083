import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { AppConfig } from '@app/core';
import { DeliveryFailed, WebhookClient } from './webhook-client';
import { WebhookTargetPolicy } from './webhook-targets';

const policy = (...allowed: string[]) =>
  new WebhookTargetPolicy({ reminders: { webhookAllowedTargets: allowed } } as AppConfig);

describe('WebhookClient', () => {
  let server: Server;
  let url: string;
  let client: WebhookClient;
  const seen: { req: IncomingMessage; body: string; socket: unknown }[] = [];
  let delayMs = 0;

  beforeAll(async () => {
    server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        seen.push({ req, body: Buffer.concat(chunks).toString('utf8'), socket: req.socket });
        setTimeout(() => res.writeHead(req.url === '/busy' ? 503 : 204).end(), delayMs).unref();
      });
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  beforeEach(() => {
    seen.length = 0;
    delayMs = 0;
    client = new WebhookClient(policy('127.0.0.1'), 4);
  });
  afterEach(() => client.close());
  afterAll(
    () =>
      new Promise<void>((r) => {
        server.closeAllConnections();
        server.close(() => r());
      }),
  );

  it('posts the body with its headers and returns the status; keeps the connection open', async () => {
    const body = JSON.stringify({ text: '催办：办理答复期限将于 2026-06-05 届满' });
    expect(await client.post(`${url}/hook?x=1`, { 'x-sig': 'abc' }, body, 1000)).toBe(204);
    expect(await client.post(`${url}/busy`, {}, '{}', 1000)).toBe(503);
    for (let i = 0; i < 10; i++) expect(await client.post(`${url}/hook`, {}, '{}', 1000)).toBe(204);
    expect(seen.map((s) => s.req.url)).toEqual(['/hook?x=1', '/busy', ...Array(10).fill('/hook')]);
    expect(seen[0].req.method).toBe('POST');
    expect(seen[0].req.headers['x-sig']).toBe('abc');
    expect(seen[0].req.headers['content-length']).toBe(String(Buffer.byteLength(body)));
    expect(seen[0].body).toBe(body);
    // Twelve requests one after another over kept-alive connections, not twelve handshakes.
    expect(new Set(seen.map((s) => s.socket)).size).toBeLessThanOrEqual(2);
  });

  it('a receiver slower than the timeout is a failed attempt, not a hang', async () => {
    // undici checks these timeouts on a coarse (~0.5 s) tick: the receiver takes far longer.
    delayMs = 5_000;
    const t0 = Date.now();
    await expect(client.post(`${url}/hook`, {}, '{}', 100)).rejects.toThrow(
      new DeliveryFailed('超时 (100 ms)'),
    );
    expect(Date.now() - t0).toBeLessThan(2_500);
  });

  it('a closed client opens new connections for a late post (a job ending at shutdown)', async () => {
    expect(await client.post(`${url}/hook`, {}, '{}', 1000)).toBe(204);
    await client.close();
    expect(await client.post(`${url}/hook`, {}, '{}', 1000)).toBe(204);
    expect(seen).toHaveLength(2);
    expect(seen[1].socket).not.toBe(seen[0].socket);
  });

  it('an unreachable endpoint rejects', async () => {
    await expect(client.post('http://127.0.0.1:1/hook', {}, '{}', 1000)).rejects.toThrow();
  });

  it('refuses a non-public address unless allowed, by literal and by a name resolved at connect time', async () => {
    const strict = new WebhookClient(policy(), 4);
    try {
      const port = new URL(url).port;
      await expect(strict.post(`${url}/hook`, {}, '{}', 1000)).rejects.toThrow(DeliveryFailed);
      await expect(strict.post(`http://localhost:${port}/hook`, {}, '{}', 1000)).rejects.toThrow(
        /非公网地址/,
      );
      expect(seen).toHaveLength(0);
      // The allow-list names the host: the same name is let through.
      const named = new WebhookClient(policy('localhost'), 4);
      try {
        expect(await named.post(`http://localhost:${port}/hook`, {}, '{}', 1000)).toBe(204);
      } finally {
        await named.close();
      }
      expect(seen).toHaveLength(1);
    } finally {
      await strict.close();
    }
  });
});
