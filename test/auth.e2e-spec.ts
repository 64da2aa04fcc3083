import { makeUser, TEST_ENV } from '@app/testing';
import { createTestApp, expectError, type TestApp } from './support/test-app';

describe('sign-in (e2e)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  const login = (username: string, password: string) =>
    t.request('POST', '/api/v1/auth/login', { body: { username, password } });

  it('logs in with username and password and returns a token pair', async () => {
    const { user, password } = await makeUser(t.app, 'officer');
    const res = await login(user.username, password);
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body).toEqual({
      accessToken: expect.any(String),
      accessTokenExpiresAt: expect.any(String),
      refreshToken: expect.any(String),
      refreshTokenExpiresAt: expect.any(String),
      tokenType: 'Bearer',
      user: {
        id: user.id,
        username: user.username,
        role: 'officer',
        unitId: null,
        mustChangePassword: false,
      },
    });
    const ttl = new Date(body.accessTokenExpiresAt).getTime() - t.clock.now().getTime();
    expect(ttl).toBeLessThanOrEqual(15 * 60_000);

    const me = await t.request('GET', '/api/v1/auth/me', { token: body.accessToken });
    expect(me.statusCode).toBe(200);
    expect(me.json()).toEqual({
      id: user.id,
      username: user.username,
      role: 'officer',
      unitId: null,
      mustChangePassword: false,
    });
  });

  it('refuses a wrong password and an unknown user alike', async () => {
    const { user } = await makeUser(t.app, 'officer');
    expectError(await login(user.username, 'Wrong-password-1'), 401, 'AUTH_INVALID_CREDENTIALS');
    expectError(await login('nobody-here', 'Wrong-password-1'), 401, 'AUTH_INVALID_CREDENTIALS');
  });

  it('locks the source after repeated failures, even for the right password (details: accounts-lockout)', async () => {
    const { user, password } = await makeUser(t.app, 'reception');
    const max = Number(TEST_ENV.LOGIN_MAX_FAILURES);
    for (let i = 1; i < max; i++) expectError(await login(user.username, 'Wrong-password-1'), 401);
    const locked = expectError(
      await login(user.username, 'Wrong-password-1'),
      429,
      'AUTH_SIGN_IN_LOCKED',
    );
    expect(locked.details).toEqual({ retryAfterSeconds: Number(TEST_ENV.LOGIN_LOCK_MINUTES) * 60 });
    expectError(await login(user.username, password), 429, 'AUTH_SIGN_IN_LOCKED');
    const admin = await t.tokenFor('admin');
    const res = await t.request('POST', `/api/v1/users/${user.id}/unlock`, { token: admin.token });
    expect(res.statusCode).toBe(200);
    expect((await login(user.username, password)).statusCode).toBe(200);
  });

  it('rotates refresh tokens and treats a reused one as theft, ending the whole session family', async () => {
    const { user, password } = await makeUser(t.app, 'leader');
    const first = (await login(user.username, password)).json();
    const second = await t.request('POST', '/api/v1/auth/refresh', {
      body: { refreshToken: first.refreshToken },
    });
    expect(second.statusCode).toBe(200);
    const pair = second.json();
    expect(pair.refreshToken).not.toBe(first.refreshToken);
    expect(pair.user.id).toBe(user.id);

    expectError(
      await t.request('POST', '/api/v1/auth/refresh', {
        body: { refreshToken: first.refreshToken },
      }),
      401,
      'AUTH_REFRESH_TOKEN_REUSED',
    );
    // The newer token of the same family is dead too.
    expectError(
      await t.request('POST', '/api/v1/auth/refresh', {
        body: { refreshToken: pair.refreshToken },
      }),
      401,
      'AUTH_REFRESH_TOKEN_REUSED',
    );
  });

  it('refuses an expired refresh token and a made-up one', async () => {
    const { user, password } = await makeUser(t.app, 'leader');
    const pair = (await login(user.username, password)).json();
    expectError(
      await t.request('POST', '/api/v1/auth/refresh', { body: { refreshToken: 'x'.repeat(43) } }),
      401,
      'AUTH_INVALID_REFRESH_TOKEN',
    );
    t.clock.advance(15 * 86_400_000);
    expectError(
      await t.request('POST', '/api/v1/auth/refresh', {
        body: { refreshToken: pair.refreshToken },
      }),
      401,
      'AUTH_INVALID_REFRESH_TOKEN',
    );
  });

  it('logs out: the refresh token stops working', async () => {
    const { user, password } = await makeUser(t.app, 'officer');
    const pair = (await login(user.username, password)).json();
    const out = await t.request('POST', '/api/v1/auth/logout', {
      token: pair.accessToken,
      body: { refreshToken: pair.refreshToken },
    });
    expect(out.statusCode).toBe(204);
    expect(
      (
        await t.request('POST', '/api/v1/auth/refresh', {
          body: { refreshToken: pair.refreshToken },
        })
      ).statusCode,
    ).toBe(401);
  });

  it('changes the own password: the old one stops working, weak ones are refused', async () => {
    const { user, password } = await makeUser(t.app, 'officer');
    const pair = (await login(user.username, password)).json();
    const change = (currentPassword: string, newPassword: string) =>
      t.request('POST', '/api/v1/auth/password', {
        token: pair.accessToken,
        body: { currentPassword, newPassword },
      });
    expectError(
      await change('Not-my-password-1', 'Brand-new-pass-99'),
      400,
      'WRONG_CURRENT_PASSWORD',
    );
    expectError(await change(password, 'short'), 400, 'WEAK_PASSWORD');
    expect((await change(password, 'Brand-new-pass-99')).statusCode).toBe(204);
    expectError(await login(user.username, password), 401);
    expect((await login(user.username, 'Brand-new-pass-99')).statusCode).toBe(200);
  });

  it('refuses a disabled account', async () => {
    const { user, password } = await makeUser(t.app, 'officer');
    const admin = await t.tokenFor('admin');
    const res = await t.request('PATCH', `/api/v1/users/${user.id}`, {
      token: admin.token,
      body: { version: user.version, active: false },
    });
    expect(res.statusCode).toBe(200);
    expectError(await login(user.username, password), 401, 'AUTH_ACCOUNT_DISABLED');
  });
});
