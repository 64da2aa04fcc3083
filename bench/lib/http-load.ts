import autocannon from 'autocannon';
import { summarise } from './stats';

export interface HttpRequestSpec {
  method: 'GET' | 'POST';
  path: string;
  body?: string;
}

export interface HttpLoadOptions {
  baseUrl: string;
  token: string;
  connections: number;
  seconds: number;
  /** Builds every request afresh (different bodies, filters, people). */
  next: () => HttpRequestSpec;
  expectStatus: number;
  /** Sees each expected response's body (e.g. to count the rows a list returned). */
  inspect?: (body: string) => void;
}

export interface HttpLoadResult {
  seconds: number;
  /** Responses with the expected status. */
  ok: number;
  rps: number;
  latency: ReturnType<typeof summarise>;
  /** Connection errors and timeouts. */
  errors: number;
  /** Responses with another status. */
  unexpected: number;
  statuses: Record<string, number>;
  samples: string[];
}

/**
 * Drives the API with autocannon over real HTTP (keep-alive connections, one request in flight
 * per connection). Latency is every response's own time, from send to last byte, in ms.
 */
export function httpLoad(o: HttpLoadOptions): Promise<HttpLoadResult> {
  const latencies: number[] = [];
  const statuses: Record<string, number> = {};
  const samples: string[] = [];
  let ok = 0;
  let unexpected = 0;
  return new Promise((resolveLoad, rejectLoad) => {
    const instance = autocannon(
      {
        url: o.baseUrl,
        connections: o.connections,
        pipelining: 1,
        duration: o.seconds,
        timeout: 30,
        headers: { authorization: `Bearer ${o.token}`, 'content-type': 'application/json' },
        requests: [
          {
            setupRequest: (req) => {
              const spec = o.next();
              return { ...req, method: spec.method, path: spec.path, body: spec.body };
            },
            onResponse: (status, body) => {
              if (status === o.expectStatus) o.inspect?.(body);
              else if (samples.length < 5) samples.push(`${status} ${body.slice(0, 300)}`);
            },
          },
        ],
      },
      (err: unknown, result: autocannon.Result) => {
        if (err) {
          rejectLoad(err instanceof Error ? err : new Error(JSON.stringify(err)));
          return;
        }
        const seconds = (result.finish.getTime() - result.start.getTime()) / 1000;
        resolveLoad({
          seconds,
          ok,
          rps: ok / seconds,
          latency: summarise(latencies),
          errors: result.errors,
          unexpected,
          statuses,
          samples,
        });
      },
    );
    instance.on('response', (_client, statusCode, _bytes, responseTime) => {
      statuses[statusCode] = (statuses[statusCode] ?? 0) + 1;
      if (statusCode === o.expectStatus) {
        ok++;
        latencies.push(responseTime);
      } else {
        unexpected++;
      }
    });
  });
}

/**
 * Open-loop load at a steady rate: requests start at evenly spaced instants whether or not
 * earlier ones have been answered (autocannon's rate limit sends each second's quota in a burst).
 * Latency counts from the instant a request was due, so a slow server cannot hide its queue.
 */
export async function pacedLoad(o: Omit<HttpLoadOptions, 'connections'> & { rate: number }) {
  const latencies: number[] = [];
  const statuses: Record<string, number> = {};
  const samples: string[] = [];
  let ok = 0;
  let unexpected = 0;
  let errors = 0;
  const interval = 1000 / o.rate;
  const start = performance.now();
  const inflight = new Set<Promise<void>>();
  for (let i = 0; ; i++) {
    const due = start + i * interval;
    if (due - start >= o.seconds * 1000) break;
    const wait = due - performance.now();
    if (wait > 0) await new Promise((r) => setTimeout(r, wait));
    const spec = o.next();
    const p = (async () => {
      try {
        const res = await fetch(`${o.baseUrl}${spec.path}`, {
          method: spec.method,
          headers: { authorization: `Bearer ${o.token}`, 'content-type': 'application/json' },
          body: spec.body,
        });
        const body = await res.text();
        const took = performance.now() - due;
        statuses[res.status] = (statuses[res.status] ?? 0) + 1;
        if (res.status === o.expectStatus) {
          ok++;
          latencies.push(took);
          o.inspect?.(body);
        } else {
          unexpected++;
          if (samples.length < 5) samples.push(`${res.status} ${body.slice(0, 300)}`);
        }
      } catch (e) {
        errors++;
        if (samples.length < 5) samples.push(e instanceof Error ? e.message : String(e));
      }
    })();
    inflight.add(p);
    void p.finally(() => inflight.delete(p));
  }
  await Promise.all(inflight);
  const seconds = (performance.now() - start) / 1000;
  return {
    seconds,
    ok,
    rps: ok / seconds,
    latency: summarise(latencies),
    errors,
    unexpected,
    statuses,
    samples,
  } satisfies HttpLoadResult;
}
