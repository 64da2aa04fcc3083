import { isIP } from 'node:net';
import { errors, Pool } from 'undici';
import { WebhookTargetRefused, type WebhookTargetPolicy } from './webhook-targets';

export class DeliveryFailed extends Error {}

const TIMEOUT_CODES = new Set([
  'UND_ERR_HEADERS_TIMEOUT',
  'UND_ERR_BODY_TIMEOUT',
  'UND_ERR_CONNECT_TIMEOUT',
]);

/**
 * POSTs webhook bodies over kept-alive connections: one undici pool per origin (scheme, host and
 * port), so a delivery costs one request on an open connection, not a handshake, and far less
 * CPU than `http.request` per call. Closed with the application.
 */
export class WebhookClient {
  private readonly pools = new Map<string, Pool>();

  constructor(
    /** Where posts may go: checked for address literals here, for names on every connection. */
    private readonly targets: WebhookTargetPolicy,
    private readonly connectionsPerOrigin = 64,
  ) {}

  /** Resolves with the status code once the response has been read; DeliveryFailed on timeout. */
  async post(
    url: string,
    headers: Record<string, string>,
    body: string,
    timeoutMs: number,
  ): Promise<number> {
    const u = new URL(url);
    const host = u.hostname.replace(/^\[|\]$/g, '');
    if (isIP(host) && !this.targets.allowsAddress(host)) {
      throw new DeliveryFailed(`推送地址 ${host} 不是公网地址，已拒绝（WEBHOOK_ALLOWED_TARGETS）`);
    }
    try {
      const res = await this.pool(u.origin).request({
        method: 'POST',
        path: `${u.pathname}${u.search}`,
        headers,
        body,
        headersTimeout: timeoutMs,
        bodyTimeout: timeoutMs,
      });
      await res.body.dump();
      return res.statusCode;
    } catch (e) {
      if (e instanceof WebhookTargetRefused) throw new DeliveryFailed(e.message);
      if (e instanceof errors.UndiciError && TIMEOUT_CODES.has(e.code)) {
        throw new DeliveryFailed(`超时 (${timeoutMs} ms)`);
      }
      throw e;
    }
  }

  private pool(origin: string): Pool {
    let pool = this.pools.get(origin);
    if (!pool) {
      pool = new Pool(origin, {
        connections: this.connectionsPerOrigin,
        keepAliveTimeout: 30_000,
        // Every new connection resolves the name again and refuses non-public addresses.
        connect: { lookup: this.targets.lookup },
      });
      this.pools.set(origin, pool);
    }
    return pool;
  }

  /**
   * Waits for the requests in flight, then closes the connections. A post after this (a job
   * finishing during shutdown) opens a new pool rather than failing.
   */
  async close(): Promise<void> {
    const pools = [...this.pools.values()];
    this.pools.clear();
    await Promise.all(pools.map((p) => p.close().catch(() => undefined)));
  }
}
