import { AccountEvents } from '@app/auth';
import { makeUser, TEST_ENV } from '@app/testing';
import { createTestApp, expectError, type Reply, type TestApp } from './support/test-app';

const MAX = Number(TEST_ENV.LOGIN_MAX_FAILURES);
const LOCK_SECONDS = Number(TEST_ENV.LOGIN_LOCK_MINUTES) * 60;

let nextIp = 1;
const freshIp = () => `192.0.2.${nextIp++}`;

interface InboxJson {
  items: { clockKind: string; stage: string; title: string; body: string }[];
}

/**
 * Wrong passwords hold back one source (username and client address), never the account: an
 * attacker who knows an admin's username cannot lock the admin out, and cannot tell a real
 * username from a made-up one by the answers.
 */
describe('sign-in lockout is not a weapon (e2e)', () => {
  let t: TestApp;
  let watcher: { token: string; userId: number };
  beforeAll(async () => {
    t = await createTestApp();
    watcher = await t.tokenFor('admin');
  });
  afterAll(() => t.close());

  const login = (username: string, password: string, ip: string) =>
    t.request('POST', '/api/v1/auth/login', { body: { username, password }, ip });
  const alerts = async (token: string) => {
    await t.app.get(AccountEvents).settled();
    const res = await t.request('GET', '/api/v1/notifications', { token });
    expect(res.statusCode).toBe(200);
    return res.json<InboxJson>().items.filter((n) => n.clockKind === 'sign_in_failures');
  };
  const expectLocked = (res: Reply) => {
    const body = expectError(res, 429, 'AUTH_SIGN_IN_LOCKED');
    const retryAfter = Number(res.headers['retry-after']);
    expect(retryAfter).toBeGreaterThan(LOCK_SECONDS - 60);
    expect(retryAfter).toBeLessThanOrEqual(LOCK_SECONDS);
    return body;
  };

  it('wrong passwords lock only that source: the admin still signs in from elsewhere', async () => {
    const { user, password } = await makeUser(t.app, 'admin');
    const attacker = freshIp();
    for (let i = 1; i < MAX; i++)
      expectError(await login(user.username, 'Wrong-guess-123', attacker), 401);
    expectLocked(await login(user.username, 'Wrong-guess-123', attacker));
    // The right password from the attacking address is refused while the lock lasts …
    expectLocked(await login(user.username, password, attacker));
    // … and works from anywhere else.
    expect((await login(user.username, password, freshIp())).statusCode).toBe(200);
  });

  it('a success resets the count: only consecutive failures lock', async () => {
    const { user, password } = await makeUser(t.app, 'officer');
    const ip = freshIp();
    for (let round = 0; round < 3; round++) {
      for (let i = 1; i < MAX; i++)
        expectError(await login(user.username, 'Wrong-guess-123', ip), 401);
      expect((await login(user.username, password, ip)).statusCode).toBe(200);
    }
  });

  it('parallel wrong guesses from one source cannot slip past the limit', async () => {
    const { user } = await makeUser(t.app, 'officer');
    const ip = freshIp();
    const results = await Promise.all(
      Array.from({ length: 12 }, () => login(user.username, 'Wrong-guess-123', ip)),
    );
    const answered = results.filter((r) => r.statusCode === 401).length;
    expect(answered).toBeLessThan(MAX);
    expect(results.filter((r) => r.statusCode === 429)).toHaveLength(12 - answered);
  });

  it('a known and an unknown username get the same answers, in the same time', async () => {
    const { user } = await makeUser(t.app, 'officer');
    const answers = async (username: string) => {
      const ip = freshIp();
      const out: string[] = [];
      for (let i = 0; i <= MAX; i++) {
        const res = await login(username, 'Wrong-guess-123', ip);
        const body = res.json<{ statusCode: number; code: string; message: string }>();
        const retry = res.headers['retry-after'] ? 'retry' : '';
        out.push(`${body.statusCode} ${body.code} ${body.message} ${retry}`);
      }
      return out;
    };
    const known = await answers(user.username);
    expect(known[MAX - 1]).toMatch(/^429 AUTH_SIGN_IN_LOCKED/);
    expect(await answers('nobody-by-that-name')).toEqual(known);

    // Timing: wrong passwords for either kind of name cost the same (one password hash check).
    const time = async (username: string) => {
      const started = process.hrtime.bigint();
      expectError(await login(username, 'Wrong-guess-123', freshIp()), 401);
      return Number(process.hrtime.bigint() - started) / 1e6;
    };
    const knownMs: number[] = [];
    const unknownMs: number[] = [];
    for (let i = 0; i < 8; i++) {
      knownMs.push(await time(user.username));
      unknownMs.push(await time(`nobody-${i}`));
    }
    const median = (xs: number[]) => [...xs].sort((x, y) => x - y)[xs.length >> 1];
    const ratio = median(knownMs) / median(unknownMs);
    expect(ratio).toBeGreaterThan(0.5);
    expect(ratio).toBeLessThan(2);
  });

  it('admins hear of it in their inbox, once per window, not per attempt', async () => {
    const second = await t.tokenFor('admin');
    const { user } = await makeUser(t.app, 'leader');
    const before = (await alerts(watcher.token)).length;
    for (const ip of [freshIp(), freshIp()]) {
      for (let i = 0; i < MAX + 3; i++) await login(user.username, 'Wrong-guess-123', ip);
    }
    for (const admin of [watcher.token, second.token]) {
      const mine = (await alerts(admin)).filter((n) => n.body.includes(user.username));
      expect(mine).toHaveLength(1);
      expect(mine[0].title).toContain('登录失败');
      expect(mine[0].body).not.toContain('Wrong-guess-123');
    }
    expect((await alerts(watcher.token)).length).toBe(before + 1);
    // Unknown names raise no alert (an address spraying made-up names would flood the inbox).
    for (let i = 0; i < MAX; i++) await login('made-up-name', 'Wrong-guess-123', freshIp());
    expect((await alerts(watcher.token)).length).toBe(before + 1);
  });

  it('an admin can lift the locks of an account', async () => {
    const { user, password } = await makeUser(t.app, 'reception');
    const ip = freshIp();
    for (let i = 0; i < MAX; i++) await login(user.username, 'Wrong-guess-123', ip);
    expectLocked(await login(user.username, password, ip));
    const res = await t.request('POST', `/api/v1/users/${user.id}/unlock`, {
      token: watcher.token,
    });
    expect(res.statusCode).toBe(200);
    expect((await login(user.username, password, ip)).statusCode).toBe(200);
  });

  it('a username differing only in letter case is the same account and the same lock', async () => {
    const { user, password } = await makeUser(t.app, 'officer', { username: 'li.ming-case' });
    const ip = freshIp();
    for (let i = 0; i < MAX; i++) await login('LI.MING-CASE', 'Wrong-guess-123', ip);
    expectLocked(await login(user.username, password, ip));
  });
});
