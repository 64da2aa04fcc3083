import { loadTest2027 } from './support/calendar';
import { createTestApp, type TestApp } from './support/test-app';

describe('health (e2e)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  it('live answers without a token', async () => {
    const res = await t.request('GET', '/health/live');
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ status: 'ok' });
  });

  it('ready checks the database and Redis', async () => {
    const res = await t.request('GET', '/health/ready');
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({
      status: 'ok',
      info: { database: { status: 'up' }, redis: { status: 'up' } },
    });
  });

  it('ready warns, without failing, from 1 November when next year has no calendar loaded', async () => {
    const calendarCheck = async () => {
      const res = await t.request('GET', '/health/ready');
      expect(res.statusCode).toBe(200);
      const body = res.json<{ status: string; info: { calendar: Record<string, unknown> } }>();
      expect(body.status).toBe('ok');
      return body.info.calendar;
    };
    t.clock.set(new Date('2026-10-31T15:59:00Z')); // 23:59 on 31 October, Shanghai
    expect(await calendarCheck()).toEqual({ status: 'up' });

    t.clock.set(new Date('2026-10-31T16:30:00Z')); // 00:30 on 1 November, Shanghai
    const warned = await calendarCheck();
    expect(warned).toMatchObject({ status: 'up', missingYears: [2027] });
    expect(warned.warning).toContain('2027年');
    expect(warned.warning).toContain('暂定');

    const admin = (await t.tokenFor('admin')).token;
    const load = await loadTest2027(t, admin);
    expect(load.statusCode).toBe(200);
    expect(await calendarCheck()).toEqual({ status: 'up' });
  });

  it('serves the OpenAPI document listing the routes', async () => {
    const res = await t.request('GET', '/api/docs-json');
    expect(res.statusCode).toBe(200);
    const doc = res.json<{ paths: Record<string, unknown> }>();
    expect(Object.keys(doc.paths)).toEqual(
      expect.arrayContaining(['/api/v1/auth/login', '/api/v1/units']),
    );
  });
});
