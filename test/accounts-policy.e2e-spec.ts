import { UsersService } from '@app/auth';
import { countRows, makeUser } from '@app/testing';
import { createTestApp, expectError, type TestApp } from './support/test-app';

describe('password policy and the last administrator (e2e)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  const createUser = (token: string, username: string, password: string) =>
    t.request('POST', '/api/v1/users', {
      token,
      body: { username, displayName: '测试', password, role: 'officer' },
    });

  it('refuses common passwords and their obvious variants, naming the rule', async () => {
    const { token } = await t.tokenFor('admin');
    const before = await countRows(t.db, 'users');
    for (const password of [
      'password1234',
      'Password12345',
      'qwerty123456',
      '1q2w3e4r5t6y',
      'Woaini1314520',
      'P@ssw0rd2024!',
      'Abc123456789',
    ]) {
      const body = expectError(
        await createUser(token, 'policy.one', password),
        400,
        'WEAK_PASSWORD',
      );
      expect(body.message).toContain('常见密码');
    }
    expect(await countRows(t.db, 'users')).toBe(before);
    expect((await createUser(token, 'policy.one', 'Amber-Kettle-4471')).statusCode).toBe(201);
  });

  it('refuses a password that contains the username, in any letter case', async () => {
    const { token } = await t.tokenFor('admin');
    const body = expectError(
      await createUser(token, 'zhang.wei', 'ZHANG.WEI-2024-ok'),
      400,
      'WEAK_PASSWORD',
    );
    expect(body.message).toContain('用户名');

    const { user, password } = await makeUser(t.app, 'officer', { username: 'chen.jing' });
    const pair = (
      await t.request('POST', '/api/v1/auth/login', {
        body: { username: user.username, password },
      })
    ).json();
    expectError(
      await t.request('POST', '/api/v1/auth/password', {
        token: pair.accessToken,
        body: { currentPassword: password, newPassword: 'my-chen.jing-77x' },
      }),
      400,
      'WEAK_PASSWORD',
    );
    expectError(
      await t.request('POST', `/api/v1/users/${user.id}/reset-password`, {
        token,
        body: { newPassword: 'Iloveyou12345' },
      }),
      400,
      'WEAK_PASSWORD',
    );
  });

  it('the last active administrator cannot be demoted or disabled', async () => {
    await t.db.query("UPDATE users SET active = 0 WHERE role = 'admin'");
    const { user, password } = await makeUser(t.app, 'admin');
    const token = (
      await t.request('POST', '/api/v1/auth/login', {
        body: { username: user.username, password },
      })
    ).json().accessToken;
    const patch = (id: number, body: Record<string, unknown>) =>
      t.request('PATCH', `/api/v1/users/${id}`, { token, body });

    expectError(
      await patch(user.id, { version: user.version, role: 'officer' }),
      409,
      'LAST_ADMIN',
    );
    expectError(await patch(user.id, { version: user.version, active: false }), 409, 'LAST_ADMIN');
    const [row] = await t.db.query('SELECT role, active FROM users WHERE id = ?', [user.id]);
    expect(row).toEqual({ role: 'admin', active: 1 });

    // With a second admin, either one may step down, but not both at once.
    const other = (await makeUser(t.app, 'admin')).user;
    const users = t.app.get(UsersService);
    const results = await Promise.allSettled([
      users.update(user.id, { version: user.version, role: 'officer' }),
      users.update(other.id, { version: other.version, active: false }),
    ]);
    expect(results.map((r) => r.status).sort()).toEqual(['fulfilled', 'rejected']);
    const refused = results.find((r) => r.status === 'rejected')!;
    expect(refused.reason).toEqual(expect.objectContaining({ code: 'LAST_ADMIN' }));
    const [{ n }] = await t.db.query(
      "SELECT COUNT(*) AS n FROM users WHERE role = 'admin' AND active = 1",
    );
    expect(Number(n)).toBe(1);
  });
});
