import type { INestApplicationContext } from '@nestjs/common';
import { CalendarService } from '@app/calendar';
import { DEFAULT_STAGE_RULES, planStages, ReminderSweepService } from '@app/reminders';
import { countRows, makeUnit } from '@app/testing';
import { caseApi, type CaseJson } from './support/cases';
import {
  flushTestRedis,
  startWebhookSink,
  startWorker,
  waitFor,
  type WebhookSink,
} from './support/reminders';
import { createTestApp, expectError, type TestApp } from './support/test-app';

// Sweeps are called by the test; deliveries fail fast. No WEBHOOK_ALLOWED_TARGETS here.
process.env.REMINDER_SWEEP_INTERVAL_MS = '3600000';
process.env.WEBHOOK_BACKOFF_MS = '30';
process.env.WEBHOOK_ATTEMPTS = '2';
delete process.env.WEBHOOK_ALLOWED_TARGETS;

/**
 * A webhook is an outbound request the server makes: an administrator's URL (or a name that
 * resolves there, now or later) must not make it reach this host, the intranet or cloud metadata,
 * unless WEBHOOK_ALLOWED_TARGETS lists the target.
 */
describe('webhook targets (e2e)', () => {
  let t: TestApp;
  let worker: INestApplicationContext;
  let sink: WebhookSink;
  let admin: string;

  beforeAll(async () => {
    await flushTestRedis();
    t = await createTestApp();
    t.clock.set(new Date('2026-06-01T02:00:00Z'));
    worker = await startWorker(t.clock);
    sink = await startWebhookSink();
    admin = (await t.tokenFor('admin')).token;
  });
  afterAll(async () => {
    await worker?.close();
    await sink?.close();
    await t?.close();
  });

  const create = (url: string) =>
    t.request('POST', '/api/v1/webhooks', {
      token: admin,
      body: { name: '推送测试', url, secret: 'target-test-secret-0123' },
    });

  it('refuses loopback, private, link-local and other non-public targets when saved', async () => {
    const port = new URL(sink.url).port;
    for (const url of [
      sink.url,
      `http://localhost:${port}/hook`,
      'http://[::1]/hook',
      'http://[::ffff:127.0.0.1]/hook',
      'http://2130706433/hook',
      'http://0x7f000001/hook',
      'http://0.0.0.0/hook',
      'http://10.1.2.3/hook',
      'http://172.20.0.1/hook',
      'http://192.168.1.10/hook',
      'http://169.254.169.254/latest/meta-data/',
      'http://100.64.0.1/hook',
      'http://[fe80::1]/hook',
      'http://[fd00::1]/hook',
      'http://no-such-host.invalid/hook',
    ]) {
      const body = expectError(await create(url), 400, 'WEBHOOK_INVALID');
      expect(body.details).toEqual({ field: 'url' });
    }
    expect(await countRows(t.db, 'webhook_endpoints')).toBe(0);

    const ok = await create('https://93.184.215.14/hook');
    expect(ok.statusCode).toBe(201);
    const { id, version } = ok.json<{ id: number; version: number }>();
    const moved = await t.request('PATCH', `/api/v1/webhooks/${id}`, {
      token: admin,
      body: { version, url: `http://localhost:${port}/hook` },
    });
    expectError(moved, 400, 'WEBHOOK_INVALID');
    const [row] = await t.db.query<{ url: string }[]>(
      'SELECT url FROM webhook_endpoints WHERE id = ?',
      [id],
    );
    expect(row.url).toBe('https://93.184.215.14/hook');
    await t.db.query('UPDATE webhook_endpoints SET enabled = 0');
  });

  it('refuses at delivery a name that now resolves to this host (DNS rebinding)', async () => {
    const ok = await create('https://93.184.215.14/rebind');
    expect(ok.statusCode).toBe(201);
    // The name was public when saved; now it resolves to 127.0.0.1 (and ::1).
    await t.db.query('UPDATE webhook_endpoints SET url = ? WHERE id = ?', [
      `http://localhost:${new URL(sink.url).port}/hook`,
      ok.json<{ id: number }>().id,
    ]);

    const officer = (await t.tokenFor('officer')).token;
    const unitId = (await makeUnit(t.app)).id;
    const handler = (await t.tokenFor('unit_handler', unitId)).token;
    const api = caseApi(t);
    const c = (await api.register(officer)).json<CaseJson>();
    await api.act(officer, c.id, 'transfer', { unitId });
    await api.act(handler, c.id, 'accept');
    const [clock] = await t.db.query<{ due_date: string }[]>(
      `SELECT DATE_FORMAT(due_date, '%Y-%m-%d') AS due_date FROM clocks
        WHERE case_id = ? AND kind = 'handling'`,
      [c.id],
    );
    const plan = planStages(
      clock.due_date,
      DEFAULT_STAGE_RULES,
      await t.app.get(CalendarService).current(),
    );
    t.clock.set(new Date(plan[0].fireAt.getTime() + 60_000));
    await worker.get(ReminderSweepService).sweep();

    const dead = await waitFor(
      async () => {
        const rows = await t.db.query<{ status: string; last_error: string | null }[]>(
          "SELECT status, last_error FROM reminder_deliveries WHERE channel = 'webhook'",
        );
        return rows.length > 0 && rows.every((r) => r.status === 'dead') ? rows : undefined;
      },
      30_000,
      'webhook deliveries dead',
    );
    for (const r of dead) expect(r.last_error).toContain('非公网地址');
    expect(sink.received).toHaveLength(0);
  });

  it('the allow-list lets a listed intranet target through', async () => {
    const allowed = await createTestApp({
      env: { WEBHOOK_ALLOWED_TARGETS: '127.0.0.1' },
      reset: false,
    });
    try {
      const res = await allowed.request('POST', '/api/v1/webhooks', {
        token: admin,
        body: { name: '内网平台', url: sink.url, secret: 'target-test-secret-0123' },
      });
      expect(res.statusCode).toBe(201);
      // Only what is listed: another private address is still refused.
      const other = await allowed.request('POST', '/api/v1/webhooks', {
        token: admin,
        body: { name: '内网平台', url: 'http://10.1.2.3/hook', secret: 'target-test-secret-0123' },
      });
      expectError(other, 400, 'WEBHOOK_INVALID');
    } finally {
      await allowed.close();
    }
  });
});
