import { makeUser } from '@app/testing';
import { caseApi, type CaseJson } from './support/cases';
import { createTestApp, expectError, type Reply, type TestApp } from './support/test-app';

/** Small limits for this file's two apps only; every other test file runs with roomy ones. */
const LIMITS = {
  RATE_LIMIT_AUTH_PER_IP: '6/60',
  RATE_LIMIT_SIGN_IN_PER_USERNAME: '4/900',
  RATE_LIMIT_REFRESH_PER_USER: '3/60',
  RATE_LIMIT_REVEAL_PER_USER: '3/3600',
  RATE_LIMIT_EXPORT_PER_USER: '2/3600',
  RATE_LIMIT_PER_USER: '40/60',
};

let nextIp = 1;
/** A client address no other test of this file has used. */
const freshIp = () => `198.51.100.${nextIp++}`;

/** 429 in the one error shape, with Retry-After (seconds) within the window. */
function expectLimited(res: Reply, windowSeconds: number) {
  const body = expectError(res, 429, 'RATE_LIMITED');
  const retryAfter = Number(res.headers['retry-after']);
  expect(retryAfter).toBeGreaterThanOrEqual(1);
  expect(retryAfter).toBeLessThanOrEqual(windowSeconds);
  expect(body.details).toEqual(expect.objectContaining({ retryAfterSeconds: retryAfter }));
  return body;
}

/**
 * Two API processes share one Redis, so a client cannot double its budget by alternating between
 * them: each test alternates its requests between the two apps.
 */
describe('rate limits shared by every API process (e2e)', () => {
  let a: TestApp;
  let b: TestApp;
  const either = (i: number) => (i % 2 === 0 ? a : b);
  beforeAll(async () => {
    a = await createTestApp({ env: LIMITS });
    b = await createTestApp({ env: LIMITS, reset: false });
  });
  afterAll(async () => {
    await b.close();
    await a.close();
  });

  const login = (t: TestApp, username: string, password: string, ip: string) =>
    t.request('POST', '/api/v1/auth/login', { body: { username, password }, ip });

  it('sign-in per client address: the seventh from one address in a minute gets 429', async () => {
    const ip = freshIp();
    for (let i = 0; i < 6; i++) {
      const { user, password } = await makeUser(a.app, 'officer');
      expect((await login(either(i), user.username, password, ip)).statusCode).toBe(200);
    }
    const { user, password } = await makeUser(a.app, 'officer');
    expectLimited(await login(b, user.username, password, ip), 60);
    // Another address is not held back.
    expect((await login(a, user.username, password, freshIp())).statusCode).toBe(200);
  });

  it('refresh counts against the same per-address budget', async () => {
    const ip = freshIp();
    for (let i = 0; i < 6; i++) {
      const res = await either(i).request('POST', '/api/v1/auth/refresh', {
        body: { refreshToken: `made-up-token-${i}`.padEnd(43, 'x') },
        ip,
      });
      expectError(res, 401, 'AUTH_INVALID_REFRESH_TOKEN');
    }
    expectLimited(
      await a.request('POST', '/api/v1/auth/refresh', {
        body: { refreshToken: 'y'.repeat(43) },
        ip,
      }),
      60,
    );
  });

  it('refresh per user: the fourth in a minute gets 429, whatever the address', async () => {
    const { user, password } = await makeUser(a.app, 'leader');
    let token = (await login(a, user.username, password, freshIp())).json().refreshToken as string;
    for (let i = 0; i < 3; i++) {
      const res = await either(i).request('POST', '/api/v1/auth/refresh', {
        body: { refreshToken: token },
        ip: freshIp(),
      });
      expect(res.statusCode).toBe(200);
      token = res.json().refreshToken;
    }
    expectLimited(
      await b.request('POST', '/api/v1/auth/refresh', {
        body: { refreshToken: token },
        ip: freshIp(),
      }),
      60,
    );
  });

  it('sign-in per username across addresses: failures count, known and unknown names alike', async () => {
    const { user, password } = await makeUser(a.app, 'supervisor');
    for (const name of [user.username, 'no-such-user-anywhere']) {
      for (let i = 0; i < 4; i++) {
        expectError(
          await login(either(i), name, 'Wrong-guess-123', freshIp()),
          401,
          'AUTH_INVALID_CREDENTIALS',
        );
      }
      expectLimited(await login(a, name, name === user.username ? password : 'x', freshIp()), 900);
    }
  });

  it('successful sign-ins do not use up the per-username budget', async () => {
    const { user, password } = await makeUser(a.app, 'officer');
    for (let i = 0; i < 8; i++) {
      expect((await login(either(i), user.username, password, freshIp())).statusCode).toBe(200);
    }
  });

  it('reveals per user: the fourth full view in the hour gets 429; another user may still look', async () => {
    const reception = await a.tokenFor('reception');
    const c = (await caseApi(a).register(reception.token)).json<CaseJson>();
    const url = `/api/v1/cases/${c.id}/petitioners/${c.petitioners[0].id}/reveal`;
    const officer = await a.tokenFor('officer');
    for (let i = 0; i < 3; i++) {
      const res = await either(i).request('POST', url, {
        token: officer.token,
        body: { reason: '核实信访人身份' },
      });
      expect(res.statusCode).toBe(200);
    }
    const before = await a.db.query('SELECT COUNT(*) AS n FROM pii_access_logs');
    expectLimited(
      await b.request('POST', url, { token: officer.token, body: { reason: '核实信访人身份' } }),
      3600,
    );
    // Refused before the data was read: no reveal was logged, none was shown.
    expect(await a.db.query('SELECT COUNT(*) AS n FROM pii_access_logs')).toEqual(before);
    const other = await a.tokenFor('supervisor');
    const res = await a.request('POST', url, { token: other.token, body: { reason: '复核' } });
    expect(res.statusCode).toBe(200);
  });

  it('exports per user: the third export in the hour gets 429', async () => {
    const officer = await a.tokenFor('officer');
    for (let i = 0; i < 2; i++) {
      const res = await either(i).request('GET', '/api/v1/cases/export?reason=核对数据', {
        token: officer.token,
      });
      expect(res.statusCode).toBe(200);
    }
    expectLimited(
      await a.request('GET', '/api/v1/cases/export?reason=核对数据', { token: officer.token }),
      3600,
    );
  });

  it('a general ceiling per signed-in user over both processes', async () => {
    const one = await a.tokenFor('officer');
    const two = await a.tokenFor('officer');
    for (let i = 0; i < 40; i++) {
      const res = await either(i).request('GET', '/api/v1/auth/me', { token: one.token });
      expect(res.statusCode).toBe(200);
    }
    expectLimited(await b.request('GET', '/api/v1/auth/me', { token: one.token }), 60);
    expect((await a.request('GET', '/api/v1/auth/me', { token: two.token })).statusCode).toBe(200);
  });
});
