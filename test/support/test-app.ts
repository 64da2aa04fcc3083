import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { Test } from '@nestjs/testing';
import { getDataSourceToken } from '@nestjs/typeorm';
import type { RouteOptions } from 'fastify';
import type { DataSource } from 'typeorm';
import type { Role } from '@app/auth';
import { AppConfig, Clock, validateEnv } from '@app/core';
import { makeUser, MutableClock, resetDatabase } from '@app/testing';
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
    },
  ): Promise<Reply>;
  /** Creates a user with the role and returns a valid access token for it. */
  tokenFor(
    role: Role,
    unitId?: number | null,
  ): Promise<{ token: string; userId: number; unitId: number | null }>;
  close(): Promise<void>;
}

/** The real API (real MariaDB, real Redis) with a movable clock, on an empty database. */
export async function createTestApp(): Promise<TestApp> {
  const clock = new MutableClock(new Date());
  const moduleRef = await Test.createTestingModule({ imports: [AppModule] })
    .overrideProvider(Clock)
    .useValue(clock)
    .compile();
  const config = new AppConfig(validateEnv(process.env));
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
  await resetDatabase(db);

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
    const res = await app.inject({ method, url, headers, payload });
    return {
      statusCode: res.statusCode,
      headers: res.headers,
      body: res.body,
      json: () => res.json(),
    };
  };

  const tokenFor: TestApp['tokenFor'] = async (role, unitId) => {
    const { user, password } = await makeUser(app, role, unitId === undefined ? {} : { unitId });
    const res = await request('POST', '/api/v1/auth/login', {
      body: { username: user.username, password },
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
