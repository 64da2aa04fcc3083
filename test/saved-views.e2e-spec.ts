import { countRows } from '@app/testing';
import { createTestApp, expectError, type TestApp } from './support/test-app';

describe('saved views of the case list (e2e)', () => {
  let t: TestApp;
  let officer: string;
  let otherOfficer: string;

  beforeAll(async () => {
    t = await createTestApp();
    officer = (await t.tokenFor('officer')).token;
    otherOfficer = (await t.tokenFor('officer')).token;
  });
  afterAll(() => t.close());

  const create = (token: string, body: unknown) =>
    t.request('POST', '/api/v1/me/saved-views', { token, body });
  const list = async (token: string) =>
    (await t.request('GET', '/api/v1/me/saved-views', { token })).json<
      { id: number; name: string; filter: Record<string, unknown> }[]
    >();

  it('keeps a named filter per user, lists it back as saved, and deletes it', async () => {
    const filter = {
      status: ['registered', 'objected'],
      channel: 'letter',
      overdue: true,
      dueWithinDays: 3,
      categoryCode: '0103',
      registeredFrom: '2026-11-01T00:00:00.000Z',
      keyword: '电梯',
    };
    const res = await create(officer, { name: '  逾期来信  ', filter });
    expect(res.statusCode).toBe(201);
    const view = res.json<{ id: number; name: string; createdAt: string }>();
    expect(view).toMatchObject({ name: '逾期来信', filter });
    expect(await list(officer)).toEqual([expect.objectContaining({ id: view.id, filter })]);
    // Another user sees none of it and cannot delete it.
    expect(await list(otherOfficer)).toEqual([]);
    expectError(
      await t.request('DELETE', `/api/v1/me/saved-views/${view.id}`, { token: otherOfficer }),
      404,
      'SAVED_VIEW_NOT_FOUND',
    );
    const del = await t.request('DELETE', `/api/v1/me/saved-views/${view.id}`, { token: officer });
    expect(del.statusCode).toBe(204);
    expect(await list(officer)).toEqual([]);
  });

  it('refuses a second view of the same name, a bad filter and a person search, writing nothing', async () => {
    expect(
      (await create(officer, { name: '待转送', filter: { status: ['registered'] } })).statusCode,
    ).toBe(201);
    const before = await countRows(t.db, 'saved_views');
    expectError(
      await create(officer, { name: '待转送', filter: {} }),
      409,
      'SAVED_VIEW_NAME_TAKEN',
    );
    for (const filter of [
      { status: ['nonsense'] },
      { dueWithinDays: -1 },
      { idNumber: '440103199001011234' },
      { phone: '13900001111' },
      { name: '张三' },
      { unknownField: 1 },
      { registeredFrom: 'yesterday' },
      'status=registered',
      null,
    ]) {
      expectError(await create(officer, { name: '坏视图', filter }), 400, 'VALIDATION_FAILED');
    }
    for (const name of ['', '   ', 'x'.repeat(51), 7]) {
      expectError(await create(officer, { name, filter: {} }), 400, 'VALIDATION_FAILED');
    }
    expectError(await create(officer, { name: '无筛选' }), 400, 'VALIDATION_FAILED');
    expect(await countRows(t.db, 'saved_views')).toBe(before);
    expectError(
      await t.request('DELETE', '/api/v1/me/saved-views/abc', { token: officer }),
      400,
      'VALIDATION_FAILED',
    );
    expectError(await t.request('GET', '/api/v1/me/saved-views'), 401);
  });

  it('stops at 30 views per user', async () => {
    const token = (await t.tokenFor('reception')).token;
    for (let i = 0; i < 30; i++) {
      expect((await create(token, { name: `视图${i}`, filter: {} })).statusCode).toBe(201);
    }
    expectError(await create(token, { name: '第31个', filter: {} }), 409, 'SAVED_VIEWS_FULL');
  });
});
