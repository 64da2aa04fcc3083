import type { INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { makeUnit } from '@app/testing';
import { WorkerModule } from '../apps/worker/src/worker.module';
import { caseApi, type CaseJson } from './support/cases';
import { createTestApp, expectError, type TestApp } from './support/test-app';

async function waitFor<T>(probe: () => Promise<T | undefined>, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await probe();
    if (v !== undefined) return v;
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe('calendar and deadline rules (e2e)', () => {
  let t: TestApp;
  let worker: INestApplicationContext;
  let admin: string;
  let officer: string;

  beforeAll(async () => {
    t = await createTestApp();
    t.clock.set(new Date('2026-12-01T02:00:00Z'));
    worker = await NestFactory.createApplicationContext(WorkerModule, { logger: false });
    admin = (await t.tokenFor('admin')).token;
    officer = (await t.tokenFor('officer')).token;
  });
  afterAll(async () => {
    await worker.close();
    await t.close();
  });

  it('ships the official 2022–2026 calendar, one version per year', async () => {
    const versions = (await t.request('GET', '/api/v1/calendar/versions', { token: officer })).json<
      { year: number }[]
    >();
    expect(versions.map((v) => v.year).sort()).toEqual(
      expect.arrayContaining([2022, 2023, 2024, 2025, 2026]),
    );
    const y2022 = (await t.request('GET', '/api/v1/calendar/2022', { token: officer })).json<{
      days: { date: string; kind: string }[];
    }>();
    expect(y2022.days).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ date: '2022-02-01', kind: 'holiday' }),
        expect.objectContaining({ date: '2022-01-29', kind: 'workday' }),
        expect.objectContaining({ date: '2022-10-08', kind: 'workday' }),
      ]),
    );
  });

  it('loads a new year as a new version and moves open clocks that cross it', async () => {
    const api = caseApi(t);
    const unit = await makeUnit(t.app);
    // Transferred 2026-12-28: the 5-working-day objection window runs into 2027.
    t.clock.set(new Date('2026-12-28T02:00:00Z'));
    const c = (await api.register(officer)).json<CaseJson>();
    const routed = (await api.act(officer, c.id, 'transfer', { unitId: unit.id })).json<CaseJson>();
    const window = routed.clocks.find((k) => k.kind === 'objection_window')!;
    // Without 2027 data: 12-29, 12-30, 12-31, 01-01 (Fri), 01-04 (Mon).
    expect(window.dueDate).toBe('2027-01-04');

    const bad = await t.request('PUT', '/api/v1/calendar/2027', {
      token: admin,
      body: {
        source: '通知',
        days: [
          { date: '2027-01-02', kind: 'workday', name: '调休' },
          { date: '2026-05-01', kind: 'holiday', name: '劳动节' },
        ],
      },
    });
    expectError(bad, 400, 'CALENDAR_INVALID');
    expectError(
      await t.request('PUT', '/api/v1/calendar/2027', {
        token: officer,
        body: { source: 'x', days: [] },
      }),
      403,
    );

    const res = await t.request('PUT', '/api/v1/calendar/2027', {
      token: admin,
      body: {
        source: '国务院办公厅关于2027年部分节假日安排的通知',
        days: [
          { date: '2027-01-01', kind: 'holiday', name: '元旦' },
          { date: '2027-01-04', kind: 'holiday', name: '元旦' },
        ],
      },
    });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({
      version: { year: 2027, daysCount: 2 },
      recomputeJobId: expect.any(String),
    });

    const moved = await waitFor(async () => {
      const now = await api.get(officer, c.id);
      const k = now.clocks.find((x) => x.kind === 'objection_window')!;
      return k.dueDate !== '2027-01-04' ? now : undefined;
    });
    // 12-29, 12-30, 12-31, then 01-05, 01-06: 01-01 and 01-04 are now holidays.
    expect(moved.clocks.find((x) => x.kind === 'objection_window')!.dueDate).toBe('2027-01-06');
    const timeline = (
      await t.request('GET', `/api/v1/cases/${c.id}/timeline`, { token: officer })
    ).json();
    expect(timeline.events.at(-1)).toMatchObject({
      type: 'clock_recomputed',
      data: expect.objectContaining({
        kind: 'objection_window',
        fromDueDate: '2027-01-04',
        toDueDate: '2027-01-06',
      }),
    });
    expect(timeline.chainIntact).toBe(true);

    // The recompute job run again moves nothing and records nothing.
    const { CasesService } = await import('@app/cases');
    const events = timeline.events.length;
    expect(await t.app.get(CasesService).recomputeClocks({ reason: 'again', userId: null })).toBe(
      0,
    );
    const again = (
      await t.request('GET', `/api/v1/cases/${c.id}/timeline`, { token: officer })
    ).json();
    expect(again.events).toHaveLength(events);
  });

  it('changing a rule recomputes the open clocks of that kind; a stale rule version gets 409', async () => {
    const api = caseApi(t);
    t.clock.set(new Date('2026-03-02T02:00:00Z'));
    const c = (await api.register(officer)).json<CaseJson>();
    expect(c.clocks.find((k) => k.kind === 'triage')!.dueDate).toBe('2026-03-17');
    const rules = (await t.request('GET', '/api/v1/deadline-rules', { token: officer })).json<
      { kind: string; length: number; version: number }[]
    >();
    const triage = rules.find((r) => r.kind === 'triage')!;
    expect(triage.length).toBe(15);

    const res = await t.request('PATCH', '/api/v1/deadline-rules/triage', {
      token: admin,
      body: { version: triage.version, length: 10 },
    });
    expect(res.statusCode).toBe(200);
    expectError(
      await t.request('PATCH', '/api/v1/deadline-rules/triage', {
        token: admin,
        body: { version: triage.version, length: 12 },
      }),
      409,
      'STALE_VERSION',
    );
    expectError(
      await t.request('PATCH', '/api/v1/deadline-rules/triage', {
        token: admin,
        body: { version: 2, length: 0 },
      }),
      400,
    );
    const moved = await waitFor(async () => {
      const now = await api.get(officer, c.id);
      return now.clocks.find((k) => k.kind === 'triage')!.dueDate === '2026-03-12'
        ? now
        : undefined;
    });
    expect(moved.nextClock?.dueAt).toBe('2026-03-12T16:00:00.000Z');
    const fresh = (await api.register(officer)).json<CaseJson>();
    expect(fresh.clocks.find((k) => k.kind === 'triage')!.dueDate).toBe('2026-03-12');
    // Put the rule back for the other tests.
    await t.request('PATCH', '/api/v1/deadline-rules/triage', {
      token: admin,
      body: { version: triage.version + 1, length: 15 },
    });
  });
});
