import { createTestApp, expectError, type TestApp } from './support/test-app';

/** A password an administrator gives is only good for choosing one's own (e2e). */
describe('the first sign-in asks for a new password (e2e)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  const given = 'Amber-Kettle-4471';
  const own = 'Violet-Harbour-8352';

  const signIn = async (username: string, password: string) => {
    const res = await t.request('POST', '/api/v1/auth/login', { body: { username, password } });
    expect(res.statusCode).toBe(200);
    return res.json<{
      accessToken: string;
      refreshToken: string;
      user: { mustChangePassword: boolean };
    }>();
  };

  const createOfficer = async (admin: string, username: string) => {
    const res = await t.request('POST', '/api/v1/users', {
      token: admin,
      body: { username, displayName: '新同事', password: given, role: 'officer' },
    });
    expect(res.statusCode).toBe(201);
    return res.json<{ id: number }>().id;
  };

  it('lets a new account only see itself, sign out, refresh and change the password; then everything', async () => {
    const { token: admin } = await t.tokenFor('admin');
    await createOfficer(admin, 'first.one');
    const pair = await signIn('first.one', given);
    expect(pair.user.mustChangePassword).toBe(true);

    const body = expectError(
      await t.request('GET', '/api/v1/cases', { token: pair.accessToken }),
      403,
      'PASSWORD_CHANGE_REQUIRED',
    );
    expect(body.message).toContain('修改密码');
    expectError(
      await t.request('GET', '/api/v1/me/saved-views', { token: pair.accessToken }),
      403,
      'PASSWORD_CHANGE_REQUIRED',
    );

    const me = await t.request('GET', '/api/v1/auth/me', { token: pair.accessToken });
    expect(me.statusCode).toBe(200);
    expect(me.json()).toMatchObject({ username: 'first.one', mustChangePassword: true });

    const refreshed = await t.request('POST', '/api/v1/auth/refresh', {
      body: { refreshToken: pair.refreshToken },
    });
    expect(refreshed.statusCode).toBe(200);
    const again = refreshed.json<{ accessToken: string; user: { mustChangePassword: boolean } }>();
    expect(again.user.mustChangePassword).toBe(true);
    expectError(
      await t.request('GET', '/api/v1/cases', { token: again.accessToken }),
      403,
      'PASSWORD_CHANGE_REQUIRED',
    );

    const changed = await t.request('POST', '/api/v1/auth/password', {
      token: again.accessToken,
      body: { currentPassword: given, newPassword: own },
    });
    expect(changed.statusCode).toBe(204);

    const after = await signIn('first.one', own);
    expect(after.user.mustChangePassword).toBe(false);
    expect((await t.request('GET', '/api/v1/cases', { token: after.accessToken })).statusCode).toBe(
      200,
    );
    const meAfter = await t.request('GET', '/api/v1/auth/me', { token: after.accessToken });
    expect(meAfter.json()).toMatchObject({ mustChangePassword: false });
  });

  it('asks again after an administrator resets the password', async () => {
    const { token: admin } = await t.tokenFor('admin');
    const id = await createOfficer(admin, 'first.two');
    const first = await signIn('first.two', given);
    await t.request('POST', '/api/v1/auth/password', {
      token: first.accessToken,
      body: { currentPassword: given, newPassword: own },
    });
    expect((await signIn('first.two', own)).user.mustChangePassword).toBe(false);

    const reset = await t.request('POST', `/api/v1/users/${id}/reset-password`, {
      token: admin,
      body: { newPassword: 'Copper-Window-2291' },
    });
    expect(reset.statusCode).toBe(204);
    const pair = await signIn('first.two', 'Copper-Window-2291');
    expect(pair.user.mustChangePassword).toBe(true);
    expectError(
      await t.request('GET', '/api/v1/cases', { token: pair.accessToken }),
      403,
      'PASSWORD_CHANGE_REQUIRED',
    );
  });

  it('cannot be cleared by any other route: editing oneself or signing in again keeps it', async () => {
    const { token: admin } = await t.tokenFor('admin');
    const id = await createOfficer(admin, 'first.three');
    const pair = await signIn('first.three', given);
    expectError(
      await t.request('PATCH', `/api/v1/users/${id}`, {
        token: pair.accessToken,
        body: { version: 1, displayName: '改名' },
      }),
      403,
      'PASSWORD_CHANGE_REQUIRED',
    );
    // A wrong current password changes nothing.
    expectError(
      await t.request('POST', '/api/v1/auth/password', {
        token: pair.accessToken,
        body: { currentPassword: 'Wrong-Password-123', newPassword: own },
      }),
      400,
    );
    await t.request('POST', '/api/v1/auth/logout', { token: pair.accessToken, body: {} });
    const again = await signIn('first.three', given);
    expect(again.user.mustChangePassword).toBe(true);
    const rows = await t.db.query<{ m: number }[]>(
      'SELECT must_change_password AS m FROM users WHERE id = ?',
      [id],
    );
    expect(Number(rows[0].m)).toBe(1);
  });
});
