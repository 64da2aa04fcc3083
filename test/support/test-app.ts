import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { Test } from '@nestjs/testing';
import { getDataSourceToken } from '@nestjs/typeorm';
import type { RouteOptions } from 'fastify';
import type { DataSource } from 'typeorm';
import type { Role } from '@app/auth';
import { AppConfig, Clock, validateEnv } from '@app/core';
import type Redis from 'ioredis';
import { REDIS_CLIENT } from '@app/queue';
import { makeUser, MutableClock, resetAuthState, resetDatabase } from '@app/testing';
import { AppModule } from '../../apps/api/src/app.module';
import { configureApiApp, createFastifyAdapter } from '../../apps/api/src/bootstrap';

export interface Reply {
  statusCode: number;
  headers: Record<string, unknown>;
  body: string;
  json<T = any>(): T; // eslint-disable-line @typescript-eslint/no-explicit-any
}

export interface TestApp {
  app: NestFastifyApplication;
  db: DataSource;
  clock: MutableClock;
  /** Every route Fastify registered, as `METHOD /url`. */
  routes: RouteOptions[];
  request(
    method: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE',
    url: string,
    options?: {
      token?: string;
      body?: unknown;
      rawBody?: string;
      headers?: Record<string, string>;
      /** The client address the request comes from (default 127.0.0.1). */
      ip?: string;
    },
  ): Promise<Reply>;
  /** Creates a user with the role and returns a valid access token for it. */
  tokenFor(
    role: Role,
    unitId?: number | null,
  ): Promise<{ token: string; userId: number; unitId: number | null }>;
  close(): Promise<void>;
}

export interface TestAppOptions {
  /** Settings on top of the test environment for this app only (e.g. small rate limits). */
  env?: Record<string, string>;
  /**
   * Start from an empty database and no sign-in state (default). A second app of the same test
   * (another API process on the same database and Redis) passes false.
   */
  reset?: boolean;
}

let signIns = 0;

/** The real API (real MariaDB, real Redis) with a movable clock, on an empty database. */
export async function createTestApp(options: TestAppOptions = {}): Promise<TestApp> {
  const clock = new MutableClock(new Date());
  const config = new AppConfig(validateEnv({ ...process.env, ...options.env }));
  const moduleRef = await Test.createTestingModule({ imports: [AppModule] })
    .overrideProvider(Clock)
    .useValue(clock)
    .overrideProvider(AppConfig)
    .useValue(config)
    .compile();
  const app = moduleRef.createNestApplication<NestFastifyApplication>(
    createFastifyAdapter(config),
    {
      bodyParser: false,
    },
  );
  const routes: RouteOptions[] = [];
  try {
    await configureApiApp(app, { onRoute: (r) => routes.push(r) });
    await app.init();
    await app.getHttpAdapter().getInstance().ready();
  } catch (e) {
    await app.close();
    throw e;
  }
  const db = app.get<DataSource>(getDataSourceToken());
  if (options.reset !== false) {
    await resetDatabase(db);
    // User ids start again at 1: sessions and counters of an earlier test file must not apply.
    await resetAuthState(app.get<Redis>(REDIS_CLIENT), config.redis.queuePrefix);
  }

  const request: TestApp['request'] = async (method, url, options = {}) => {
    const headers: Record<string, string> = { ...options.headers };
    if (options.token) headers.authorization = `Bearer ${options.token}`;
    let payload: string | undefined;
    if (options.rawBody !== undefined) {
      payload = options.rawBody;
      headers['content-type'] ??= 'application/json';
    } else if (options.body !== undefined) {
      payload = JSON.stringify(options.body);
      headers['content-type'] = 'application/json';
    }
    const res = await app.inject({
      method,
      url,
      headers,
      payload,
      remoteAddress: options.ip ?? '127.0.0.1',
    });
    return {
      statusCode: res.statusCode,
      headers: res.headers,
      body: res.body,
      json: () => res.json(),
    };
  };

  const tokenFor: TestApp['tokenFor'] = async (role, unitId) => {
    const { user, password } = await makeUser(app, role, unitId === undefined ? {} : { unitId });
    // Each from an address of its own, so that making users never meets a per-address limit.
    signIns++;
    const res = await request('POST', '/api/v1/auth/login', {
      body: { username: user.username, password },
      ip: `127.1.${(signIns >> 8) & 255}.${signIns & 255}`,
    });
    if (res.statusCode !== 200) throw new Error(`login failed: ${res.body}`);
    return {
      token: res.json<{ accessToken: string }>().accessToken,
      userId: user.id,
      unitId: user.unitId,
    };
  };

  return { app, db, clock, routes, request, tokenFor, close: () => app.close() };
}

/** Asserts the one error shape and returns the body for further checks. */
export function expectError(res: Reply, statusCode: number, code?: string) {
  expect(res.statusCode).toBe(statusCode);
  const body = res.json<{
    statusCode: number;
    code: string;
    message: string;
    requestId: string;
    details?: unknown;
  }>();
  expect(body).toEqual(
    expect.objectContaining({
      statusCode,
      code: code ?? expect.any(String),
      message: expect.any(String),
      requestId: expect.any(String),
    }),
  );
  expect(Object.keys(body).sort()).toEqual(
    expect.arrayContaining(['code', 'message', 'requestId', 'statusCode']),
  );
  for (const key of Object.keys(body)) {
    expect(['statusCode', 'code', 'message', 'details', 'requestId']).toContain(key);
  }
  expect(res.headers['x-request-id']).toBe(body.requestId);
  return body;
}
