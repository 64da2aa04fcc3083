import { UsersService } from '@app/auth';
import { makeUnit, makeUser } from '@app/testing';
import { ensureFirstAdmin } from '../apps/cli/src/admin';
import { ensureDemoAccounts, DEMO_ACCOUNTS } from '../apps/cli/src/demo/demo-accounts';
import { DEMO_UNITS } from '../apps/cli/src/demo/demo-2022-data';
import { createTestApp, type TestApp } from './support/test-app';

/** The CLI's account steps of `npm start` and the demo, on the accounts the auth lib keeps. */
describe('the CLI accounts: first admin and demo accounts (e2e)', () => {
  let t: TestApp;
  let printed: string[];
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(async () => {
    await t.close();
  });
  beforeEach(() => {
    printed = [];
    jest.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
      printed.push(String(chunk));
      return true;
    });
  });
  afterEach(() => {
    jest.restoreAllMocks();
  });

  it('with an active admin, creates none and names the first active one', async () => {
    const { user: retired } = await makeUser(t.app, 'admin');
    const { user: first } = await makeUser(t.app, 'admin');
    await makeUser(t.app, 'admin');
    await t.app.get(UsersService).update(retired.id, { version: retired.version, active: false });
    const before = (await t.app.get(UsersService).list({ role: 'admin' })).length;

    expect(await ensureFirstAdmin(t.app)).toBeNull();
    expect(printed.join('')).toContain(`管理员账号 ${first.username} 已存在`);
    expect((await t.app.get(UsersService).list({ role: 'admin' })).length).toBe(before);
  });

  it('creates one account per role once, the unit handler in the demo unit', async () => {
    const unit = await makeUnit(t.app, { code: DEMO_UNITS[0].code, name: DEMO_UNITS[0].name });
    const created = await ensureDemoAccounts(t.app);
    expect(created.map((a) => a.username)).toEqual(DEMO_ACCOUNTS.map((a) => a.username));
    expect(created.every((a) => a.password)).toBe(true);
    const handler = (await t.app.get(UsersService).list({ role: 'unit_handler' })).find(
      (u) => u.username === 'demo-unit',
    );
    expect(handler?.unitId).toBe(unit.id);

    const again = await ensureDemoAccounts(t.app);
    expect(again.map((a) => a.password)).toEqual(DEMO_ACCOUNTS.map(() => null));
    expect(printed.join('')).toContain('演示账号已存在');
  });
});
