import { NestFactory } from '@nestjs/core';
import { makeUser } from '@app/testing';
import { CliModule } from '../apps/cli/src/cli.module';
import { createOrResetAdmin } from '../apps/cli/src/admin';
import { createTestApp, expectError, type TestApp } from './support/test-app';

interface Pair {
  accessToken: string;
  refreshToken: string;
}

/**
 * Two API processes on one database and one Redis: a session ended on one of them is refused by
 * both at once, access tokens included (not only the refresh tokens).
 */
describe('ending sessions ends their access tokens on every API process (e2e)', () => {
  let a: TestApp;
  let b: TestApp;
  let admin: string;
  beforeAll(async () => {
    a = await createTestApp();
    b = await createTestApp({ reset: false });
    admin = (await a.tokenFor('admin')).token;
  });
  afterAll(async () => {
    await b.close();
    await a.close();
  });

  const login = async (t: TestApp, username: string, password: string): Promise<Pair> => {
    const res = await t.request('POST', '/api/v1/auth/login', { body: { username, password } });
    expect(res.statusCode).toBe(200);
    return res.json<Pair>();
  };
  const refresh = (t: TestApp, refreshToken: string) =>
    t.request('POST', '/api/v1/auth/refresh', { body: { refreshToken } });
  const me = (t: TestApp, token: string) => t.request('GET', '/api/v1/auth/me', { token });

  it('logout ends the access token of that sign-in on both processes; other sign-ins go on', async () => {
    const { user, password } = await makeUser(a.app, 'officer');
    const pair = await login(a, user.username, password);
    const elsewhere = await login(b, user.username, password);
    expect((await me(b, pair.accessToken)).statusCode).toBe(200);

    const out = await a.request('POST', '/api/v1/auth/logout', {
      token: pair.accessToken,
      body: { refreshToken: pair.refreshToken },
    });
    expect(out.statusCode).toBe(204);
    expectError(await me(a, pair.accessToken), 401, 'AUTH_SESSION_ENDED');
    expectError(await me(b, pair.accessToken), 401, 'AUTH_SESSION_ENDED');
    expectError(await refresh(b, pair.refreshToken), 401);
    expect((await me(a, elsewhere.accessToken)).statusCode).toBe(200);
    expect((await me(b, elsewhere.accessToken)).statusCode).toBe(200);
  });

  it('logout with the access token alone ends that sign-in, its refresh token included', async () => {
    const { user, password } = await makeUser(a.app, 'leader');
    const pair = await login(a, user.username, password);
    const out = await b.request('POST', '/api/v1/auth/logout', { token: pair.accessToken });
    expect(out.statusCode).toBe(204);
    expectError(await me(a, pair.accessToken), 401, 'AUTH_SESSION_ENDED');
    expectError(await refresh(a, pair.refreshToken), 401);
  });

  it('a reused refresh token ends every access token of that sign-in, on both processes', async () => {
    const { user, password } = await makeUser(a.app, 'supervisor');
    const first = await login(a, user.username, password);
    const rotated = await refresh(a, first.refreshToken);
    expect(rotated.statusCode).toBe(200);
    const second = rotated.json<Pair>();
    const unrelated = await login(a, user.username, password);
    expect((await me(b, second.accessToken)).statusCode).toBe(200);

    // The stolen (already used) refresh token is presented on the other process.
    expectError(await refresh(b, first.refreshToken), 401, 'AUTH_REFRESH_TOKEN_REUSED');
    for (const t of [a, b]) {
      expectError(await me(t, first.accessToken), 401, 'AUTH_SESSION_ENDED');
      expectError(await me(t, second.accessToken), 401, 'AUTH_SESSION_ENDED');
      expect((await me(t, unrelated.accessToken)).statusCode).toBe(200);
    }
  });

  it('a password change ends every session at once, on the process that did not make it too', async () => {
    const { user, password } = await makeUser(a.app, 'reception');
    const one = await login(a, user.username, password);
    const two = await login(b, user.username, password);
    // Process b has just checked the token (and would have trusted what it read for a while).
    expect((await me(b, one.accessToken)).statusCode).toBe(200);

    const changed = await a.request('POST', '/api/v1/auth/password', {
      token: one.accessToken,
      body: { currentPassword: password, newPassword: 'Fresh-Lantern-816' },
    });
    expect(changed.statusCode).toBe(204);
    for (const t of [a, b]) {
      expectError(await me(t, one.accessToken), 401, 'AUTH_SESSION_ENDED');
      expectError(await me(t, two.accessToken), 401, 'AUTH_SESSION_ENDED');
    }
    const again = await login(b, user.username, 'Fresh-Lantern-816');
    expect((await me(a, again.accessToken)).statusCode).toBe(200);
  });

  it('disabling an account ends its access tokens at once on the other process', async () => {
    const { user, password } = await makeUser(a.app, 'officer');
    const pair = await login(a, user.username, password);
    expect((await me(b, pair.accessToken)).statusCode).toBe(200);
    const disabled = await a.request('PATCH', `/api/v1/users/${user.id}`, {
      token: admin,
      body: { version: user.version, active: false },
    });
    expect(disabled.statusCode).toBe(200);
    expectError(await me(b, pair.accessToken), 401, 'AUTH_SESSION_ENDED');
    expectError(await me(a, pair.accessToken), 401, 'AUTH_SESSION_ENDED');
  });

  it('`npm run admin` resetting a password ends the sessions the API processes still hold', async () => {
    const { user, password } = await makeUser(a.app, 'admin');
    const pair = await login(a, user.username, password);
    expect((await me(b, pair.accessToken)).statusCode).toBe(200);

    const cli = await NestFactory.createApplicationContext(CliModule, { logger: false });
    const write = process.stdout.write;
    process.stdout.write = () => true; // the command prints the new password in a box
    try {
      await createOrResetAdmin(cli, user.username, 'Quiet-Harbour-5071');
    } finally {
      process.stdout.write = write;
      await cli.close();
    }
    expectError(await me(a, pair.accessToken), 401, 'AUTH_SESSION_ENDED');
    expectError(await me(b, pair.accessToken), 401, 'AUTH_SESSION_ENDED');
    expect((await login(b, user.username, 'Quiet-Harbour-5071')).accessToken).toEqual(
      expect.any(String),
    );
  });
});
