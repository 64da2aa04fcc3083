import { countRows } from '@app/testing';
import { createTestApp, expectError, type TestApp } from './support/test-app';

describe('units and users administration (e2e)', () => {
  let t: TestApp;
  let admin: string;
  beforeAll(async () => {
    t = await createTestApp();
    admin = (await t.tokenFor('admin')).token;
  });
  afterAll(() => t.close());

  const createUnit = (body: unknown) => t.request('POST', '/api/v1/units', { token: admin, body });

  it('creates, reads, lists and updates a unit', async () => {
    const res = await createUnit({
      code: 'D-HOUSING',
      name: '区住房和城乡建设局',
      kind: 'district_unit',
      level: 'district',
    });
    expect(res.statusCode).toBe(201);
    const unit = res.json();
    expect(unit).toMatchObject({
      id: expect.any(Number),
      code: 'D-HOUSING',
      active: true,
      version: 1,
    });

    expect((await t.request('GET', `/api/v1/units/${unit.id}`, { token: admin })).json().name).toBe(
      '区住房和城乡建设局',
    );
    const list = (
      await t.request('GET', '/api/v1/units?kind=district_unit', { token: admin })
    ).json();
    expect(list.map((u: { code: string }) => u.code)).toContain('D-HOUSING');

    const updated = await t.request('PATCH', `/api/v1/units/${unit.id}`, {
      token: admin,
      body: { version: 1, contactPerson: '李明', contactPhone: '020-81234567' },
    });
    expect(updated.statusCode).toBe(200);
    expect(updated.json()).toMatchObject({ contactPerson: '李明', version: 2 });
  });

  it('detects a concurrent edit: the stale version gets 409 and does not overwrite', async () => {
    const unit = (
      await createUnit({
        code: 'D-EDU',
        name: '区教育局',
        kind: 'district_unit',
        level: 'district',
      })
    ).json();
    const results = await Promise.all(
      ['甲', '乙', '丙', '丁', '戊'].map((who) =>
        t.request('PATCH', `/api/v1/units/${unit.id}`, {
          token: admin,
          body: { version: 1, contactPerson: who },
        }),
      ),
    );
    expect(results.filter((r) => r.statusCode === 200)).toHaveLength(1);
    for (const r of results.filter((x) => x.statusCode !== 200))
      expectError(r, 409, 'STALE_VERSION');
    const winner = results.find((r) => r.statusCode === 200)!.json().contactPerson;
    const now = (await t.request('GET', `/api/v1/units/${unit.id}`, { token: admin })).json();
    expect(now).toMatchObject({ contactPerson: winner, version: 2 });
  });

  it('refuses duplicate unit codes and names with 409', async () => {
    await createUnit({
      code: 'D-HEALTH',
      name: '区卫生健康局',
      kind: 'district_unit',
      level: 'district',
    });
    const before = await countRows(t.db, 'units');
    expectError(
      await createUnit({
        code: 'D-HEALTH',
        name: '另一个名字',
        kind: 'district_unit',
        level: 'district',
      }),
      409,
      'UNIT_CODE_TAKEN',
    );
    expectError(
      await createUnit({
        code: 'D-HEALTH2',
        name: '区卫生健康局',
        kind: 'district_unit',
        level: 'district',
      }),
      409,
      'UNIT_NAME_TAKEN',
    );
    expect(await countRows(t.db, 'units')).toBe(before);
  });

  it('answers 404 for a unit that does not exist and 400 for a malformed id', async () => {
    expectError(
      await t.request('GET', '/api/v1/units/999999', { token: admin }),
      404,
      'UNIT_NOT_FOUND',
    );
    expectError(
      await t.request('GET', '/api/v1/units/abc', { token: admin }),
      400,
      'VALIDATION_FAILED',
    );
  });

  it('creates users of every role; a unit handler must belong to a district unit', async () => {
    const unit = (
      await createUnit({
        code: 'D-CIVIL',
        name: '区民政局',
        kind: 'district_unit',
        level: 'district',
      })
    ).json();
    const bureau = (
      await createUnit({ code: 'B-MAIN', name: '某区信访局', kind: 'bureau', level: 'district' })
    ).json();
    const before = await countRows(t.db, 'users');
    const create = (body: Record<string, unknown>) =>
      t.request('POST', '/api/v1/users', {
        token: admin,
        body: { displayName: '王芳', password: 'Handler-pass-123', ...body },
      });
    expectError(
      await create({ username: 'handler.a', role: 'unit_handler' }),
      400,
      'USER_UNIT_REQUIRED',
    );
    expectError(
      await create({ username: 'handler.b', role: 'unit_handler', unitId: bureau.id }),
      400,
      'USER_UNIT_REQUIRED',
    );
    expectError(
      await create({ username: 'handler.c', role: 'unit_handler', unitId: 987654 }),
      404,
      'UNIT_NOT_FOUND',
    );
    expectError(
      await create({
        username: 'handler.d',
        role: 'unit_handler',
        unitId: unit.id,
        password: 'weak',
      }),
      400,
      'WEAK_PASSWORD',
    );
    expect(await countRows(t.db, 'users')).toBe(before);

    const ok = await create({ username: 'handler.e', role: 'unit_handler', unitId: unit.id });
    expect(ok.statusCode).toBe(201);
    const user = ok.json();
    expect(user).toEqual(
      expect.objectContaining({
        username: 'handler.e',
        role: 'unit_handler',
        unitId: unit.id,
        active: true,
      }),
    );
    expect(JSON.stringify(user)).not.toMatch(/password|argon/i);
    expectError(await create({ username: 'handler.e', role: 'officer' }), 409, 'USERNAME_TAKEN');

    const listed = (
      await t.request('GET', `/api/v1/users?role=unit_handler&unitId=${unit.id}`, { token: admin })
    ).json();
    expect(listed.map((u: { username: string }) => u.username)).toEqual(['handler.e']);
  });

  it('disabling a user ends their sessions; an admin can reset a password', async () => {
    const created = (
      await t.request('POST', '/api/v1/users', {
        token: admin,
        body: {
          username: 'officer.z',
          displayName: '赵',
          password: 'Officer-pass-123',
          role: 'officer',
        },
      })
    ).json();
    const login = (password: string) =>
      t.request('POST', '/api/v1/auth/login', { body: { username: 'officer.z', password } });
    const pair = (await login('Officer-pass-123')).json();
    const me = (accessToken: string) => t.request('GET', '/api/v1/auth/me', { token: accessToken });
    expect((await me(pair.accessToken)).statusCode).toBe(200);

    const reset = await t.request('POST', `/api/v1/users/${created.id}/reset-password`, {
      token: admin,
      body: { newPassword: 'Reset-pass-456' },
    });
    expect(reset.statusCode).toBe(204);
    expect(
      (
        await t.request('POST', '/api/v1/auth/refresh', {
          body: { refreshToken: pair.refreshToken },
        })
      ).statusCode,
    ).toBe(401);
    expectError(await me(pair.accessToken), 401, 'AUTH_SESSION_ENDED');
    expect((await login('Reset-pass-456')).statusCode).toBe(200);

    const second = (await login('Reset-pass-456')).json();
    const disabled = await t.request('PATCH', `/api/v1/users/${created.id}`, {
      token: admin,
      body: { version: created.version, active: false },
    });
    expect(disabled.statusCode).toBe(200);
    expect(
      (
        await t.request('POST', '/api/v1/auth/refresh', {
          body: { refreshToken: second.refreshToken },
        })
      ).statusCode,
    ).toBe(401);
    // The access token already issued stops working at once, not when it expires.
    expectError(await me(second.accessToken), 401, 'AUTH_SESSION_ENDED');
  });

  it('a role change ends the old token at once', async () => {
    const { token, userId } = await t.tokenFor('officer');
    const me = () => t.request('GET', '/api/v1/auth/me', { token });
    expect((await me()).statusCode).toBe(200);
    const user = (await t.request('GET', `/api/v1/users/${userId}`, { token: admin })).json();
    const changed = await t.request('PATCH', `/api/v1/users/${userId}`, {
      token: admin,
      body: { version: user.version, role: 'supervisor' },
    });
    expect(changed.statusCode).toBe(200);
    expectError(await me(), 401, 'AUTH_SESSION_ENDED');
    // Another API process is covered in accounts-sessions.e2e-spec.ts.
  });
});
