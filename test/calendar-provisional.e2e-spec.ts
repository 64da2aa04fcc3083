import type { INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { makeUnit } from '@app/testing';
import { WorkerModule } from '../apps/worker/src/worker.module';
import { caseApi, type CaseJson } from './support/cases';
import { waitFor } from './support/reminders';
import { loadTest2027 } from './support/calendar';
import { createTestApp, type TestApp } from './support/test-app';

/**
 * The calendar runs out: the shipped notices end with 2026. Until 2027 is loaded, a clock counted
 * into it is provisional (暂定, weekends only); loading the year recomputes it with an event.
 */
describe('provisional clocks in a year with no calendar (e2e)', () => {
  let t: TestApp;
  let worker: INestApplicationContext;
  let admin: string;
  let officer: string;
  let handler: string;
  let unitId: number;

  beforeAll(async () => {
    t = await createTestApp();
    worker = await NestFactory.createApplicationContext(WorkerModule, { logger: false });
    admin = (await t.tokenFor('admin')).token;
    officer = (await t.tokenFor('officer')).token;
    unitId = (await makeUnit(t.app)).id;
    handler = (await t.tokenFor('unit_handler', unitId)).token;
  });
  afterAll(async () => {
    await worker.close();
    await t.close();
  });

  it('a handling clock due in 2027 is provisional until 2027 is loaded, then recomputed once', async () => {
    const api = caseApi(t);
    // Accepted 2026-11-02: 60 days end on 2027-01-01 (元旦), a Friday by the weekend rule.
    t.clock.set(new Date('2026-11-02T02:00:00Z'));
    const c = (await api.register(officer)).json<CaseJson>();
    await api.act(officer, c.id, 'transfer', { unitId });
    const accepted = (await api.act(handler, c.id, 'accept')).json<CaseJson>();
    const handling = accepted.clocks.find((k) => k.kind === 'handling' && k.status === 'running')!;
    expect(handling).toMatchObject({ dueDate: '2027-01-01', provisional: true });
    // A clock that ends in a loaded year is not.
    expect(accepted.clocks.find((k) => k.kind === 'triage')!.provisional).toBe(false);

    const detail = await api.get(officer, c.id);
    expect(detail.clocks.find((k) => k.id === handling.id)!.provisional).toBe(true);
    expect(detail.nextClock).toMatchObject({ kind: 'handling', provisional: true });
    const list = (
      await t.request('GET', `/api/v1/cases?unitId=${unitId}`, {
        token: officer,
      })
    ).json<{ items: CaseJson[] }>();
    expect(list.items.find((x) => x.id === c.id)!.nextClock).toMatchObject({ provisional: true });

    const res = await loadTest2027(t, admin);
    expect(res.statusCode).toBe(200);

    const moved = await waitFor(async () => {
      const now = await api.get(officer, c.id);
      const k = now.clocks.find((x) => x.id === handling.id)!;
      return k.provisional ? undefined : now;
    });
    // 2027-01-01 is now a day off: the last day rolls to Monday 2027-01-04.
    expect(moved.clocks.find((x) => x.id === handling.id)).toMatchObject({
      dueDate: '2027-01-04',
      provisional: false,
    });
    expect(moved.nextClock).toMatchObject({ kind: 'handling', provisional: false });
    const timeline = (
      await t.request('GET', `/api/v1/cases/${c.id}/timeline`, { token: officer })
    ).json<{ events: { type: string; data: Record<string, unknown> }[]; chainIntact: boolean }>();
    const recomputed = timeline.events.filter((e) => e.type === 'clock_recomputed');
    expect(recomputed).toHaveLength(1);
    expect(recomputed[0].data).toMatchObject({
      kind: 'handling',
      fromDueDate: '2027-01-01',
      toDueDate: '2027-01-04',
      provisional: false,
    });
    expect(timeline.chainIntact).toBe(true);
  });
});
