import type { INestApplicationContext } from '@nestjs/common';
import { CalendarService } from '@app/calendar';
import { DEFAULT_STAGE_RULES, planStages, ReminderSweepService } from '@app/reminders';
import { caseApi, type CaseJson } from './support/cases';
import { exchangeApi, xlsxOf } from './support/exchange';
import { flushTestRedis, startWorker } from './support/reminders';
import { createTestApp, expectError, type TestApp } from './support/test-app';

// Sweeps are called by the test; the scheduled one stays out of the way.
process.env.REMINDER_SWEEP_INTERVAL_MS = '3600000';

const MINUTE = 60_000;

interface Notice {
  caseId: number | null;
  stage: string;
  body: string;
}

/**
 * The case officer (承办人, issue 17): a case registered at the counter goes to an officer — the
 * one reception picks, the administrator's default for its category or source, or the unassigned
 * queue (待领取) officers take from — never to the receptionist, who is not reminded of handling
 * work their role cannot do.
 */
describe('case officers: the default rule, the unassigned queue, taking a case (e2e)', () => {
  let t: TestApp;
  let worker: INestApplicationContext;
  let admin: string;
  let reception: { token: string; userId: number };
  let officer: { token: string; userId: number };
  let officerB: { token: string; userId: number };
  let supervisor: { token: string; userId: number };

  beforeAll(async () => {
    await flushTestRedis();
    t = await createTestApp();
    t.clock.set(new Date('2026-06-01T02:00:00Z'));
    worker = await startWorker(t.clock);
    admin = (await t.tokenFor('admin')).token;
    reception = await t.tokenFor('reception');
    officer = await t.tokenFor('officer');
    officerB = await t.tokenFor('officer');
    supervisor = await t.tokenFor('supervisor');
  });
  afterAll(async () => {
    await worker?.close();
    await t?.close();
  });

  const api = () => caseApi(t);
  const ok = async <T = CaseJson>(
    p: Promise<{ statusCode: number; body: string; json<U>(): U }>,
  ) => {
    const res = await p;
    if (res.statusCode >= 300) throw new Error(`${res.statusCode} ${res.body}`);
    return res.json<T>();
  };
  const handedDown = () => ({
    source: 'transferred',
    sourceLevel: 'provincial',
    externalRef: `SX${Date.now()}${Math.floor(Math.random() * 1e6)}`,
  });
  const suggestion = async (token: string, source = 'direct') =>
    (
      await ok<{ officerId: number | null }>(
        t.request(
          'GET',
          `/api/v1/officer-defaults/suggestion?categoryCode=010301&source=${source}`,
          {
            token,
          },
        ),
      )
    ).officerId;
  const rule = (body: Record<string, unknown>) =>
    ok<{ id: number; version: number; officerName: string }>(
      t.request('POST', '/api/v1/officer-defaults', { token: admin, body }),
    );
  const clearRules = async () => {
    const all = await ok<{ id: number }[]>(
      t.request('GET', '/api/v1/officer-defaults', { token: admin }),
    );
    for (const r of all)
      expect(
        (await t.request('DELETE', `/api/v1/officer-defaults/${r.id}`, { token: admin }))
          .statusCode,
      ).toBe(204);
  };

  it('a case reception registers with no rule waits unassigned, not with the receptionist', async () => {
    expect(await suggestion(reception.token)).toBeNull();
    const c = await ok(api().register(reception.token));
    expect(c.officerId).toBeNull();
    const detail = await api().get(officer.token, c.id);
    expect(detail.officerId).toBeNull();
    const queue = await ok<{ items: { id: number }[] }>(
      t.request('GET', '/api/v1/cases?unassigned=true&limit=100', { token: officer.token }),
    );
    expect(queue.items.map((r) => r.id)).toContain(c.id);
    const mine = await ok<{ items: { id: number }[] }>(
      t.request('GET', `/api/v1/cases?officerId=${reception.userId}&limit=100`, {
        token: officer.token,
      }),
    );
    expect(mine.items.map((r) => r.id)).not.toContain(c.id);
    // The officers' and supervisors' home pages count what waits to be taken.
    for (const token of [officer.token, supervisor.token]) {
      const home = await ok<{ items: { key: string; count: number }[] }>(
        t.request('GET', '/api/v1/me/summary', { token }),
      );
      expect(home.items.find((i) => i.key === 'unassigned')?.count).toBe(queue.items.length);
    }
    // An officer registering keeps the case.
    expect(await suggestion(officer.token)).toBe(officer.userId);
    expect((await ok(api().register(officer.token))).officerId).toBe(officer.userId);
  });

  it('reception lists the officers and picks one; a receptionist cannot be 承办人', async () => {
    const list = await ok<{ id: number; name: string; role: string }[]>(
      t.request('GET', '/api/v1/case-officers', { token: reception.token }),
    );
    const ids = list.map((u) => u.id);
    expect(ids).toEqual(
      expect.arrayContaining([officer.userId, officerB.userId, supervisor.userId]),
    );
    expect(ids).not.toContain(reception.userId);
    for (const u of list) expect(Object.keys(u).sort()).toEqual(['id', 'name', 'role']);

    const picked = await ok(api().register(reception.token, { officerId: officerB.userId }));
    expect(picked.officerId).toBe(officerB.userId);
    expectError(
      await api().register(reception.token, { officerId: reception.userId }),
      400,
      'OFFICER_INVALID',
    );
  });

  it('the administrator sets default officers by first-level category and by source', async () => {
    expectError(
      await t.request('POST', '/api/v1/officer-defaults', {
        token: reception.token,
        body: { categoryCode: '01', officerId: officer.userId },
      }),
      403,
    );
    expectError(
      await t.request('POST', '/api/v1/officer-defaults', {
        token: admin,
        body: { categoryCode: '0103', officerId: officer.userId },
      }),
      400,
    );
    expectError(
      await t.request('POST', '/api/v1/officer-defaults', {
        token: admin,
        body: { categoryCode: '01', officerId: reception.userId },
      }),
      400,
      'OFFICER_INVALID',
    );
    const byCategory = await rule({
      categoryCode: '01',
      sourceKind: 'direct',
      officerId: officer.userId,
    });
    expectError(
      await t.request('POST', '/api/v1/officer-defaults', {
        token: admin,
        body: { categoryCode: '01', sourceKind: 'direct', officerId: officerB.userId },
      }),
      409,
      'OFFICER_DEFAULT_EXISTS',
    );
    await rule({ sourceKind: 'handed_down', officerId: officerB.userId });

    // Shown to the clerk before saving, and applied when saved.
    expect(await suggestion(reception.token)).toBe(officer.userId);
    expect((await ok(api().register(reception.token))).officerId).toBe(officer.userId);
    expect(await suggestion(reception.token, 'transferred')).toBe(officerB.userId);
    expect((await ok(api().register(reception.token, handedDown()))).officerId).toBe(
      officerB.userId,
    );

    // Changed with the version last read.
    const moved = await ok<{ version: number; officerId: number }>(
      t.request('PATCH', `/api/v1/officer-defaults/${byCategory.id}`, {
        token: admin,
        body: { officerId: officerB.userId, version: byCategory.version },
      }),
    );
    expect(moved).toMatchObject({ officerId: officerB.userId, version: 2 });
    expectError(
      await t.request('PATCH', `/api/v1/officer-defaults/${byCategory.id}`, {
        token: admin,
        body: { officerId: officer.userId, version: byCategory.version },
      }),
      409,
      'STALE_VERSION',
    );
    expect((await ok(api().register(reception.token))).officerId).toBe(officerB.userId);
    await clearRules();
    expect((await ok(api().register(reception.token))).officerId).toBeNull();
  });

  it('an officer takes an unassigned case; a second take is 409', async () => {
    const c = await ok(api().register(reception.token));
    expect(c.officerId).toBeNull();
    const before = await api().get(officer.token, c.id);
    expect(before.allowedActions).toContain('take');
    expectError(
      await t.request('POST', `/api/v1/cases/${c.id}/take`, {
        token: reception.token,
        body: { version: before.version },
      }),
      403,
    );
    const taken = await ok(
      t.request('POST', `/api/v1/cases/${c.id}/take`, {
        token: officer.token,
        body: { version: before.version },
      }),
    );
    expect(taken.officerId).toBe(officer.userId);
    expect(taken.allowedActions).not.toContain('take');
    // The same version again: someone changed the case meanwhile.
    expectError(
      await t.request('POST', `/api/v1/cases/${c.id}/take`, {
        token: officerB.token,
        body: { version: before.version },
      }),
      409,
      'STALE_VERSION',
    );
    // The current version: the case has its officer already.
    expectError(
      await t.request('POST', `/api/v1/cases/${c.id}/take`, {
        token: officerB.token,
        body: { version: taken.version },
      }),
      409,
      'CASE_ALREADY_TAKEN',
    );
    const timeline = await ok<{ events: { type: string; actorId: number | null }[] }>(
      t.request('GET', `/api/v1/cases/${c.id}/timeline`, { token: officer.token }),
    );
    expect(timeline.events.map((e) => e.type)).toEqual(['registered', 'officer_taken']);
    expect(timeline.events[1].actorId).toBe(officer.userId);
    expect((await api().get(officer.token, c.id)).officerId).toBe(officer.userId);
  });

  it('an imported case goes to the default officer, not to the importing officer', async () => {
    const ruled = await rule({ sourceKind: 'handed_down', officerId: officerB.userId });
    const file = (ref: string) =>
      xlsxOf([
        [
          '省信访件编号',
          '信访形式',
          '来源方式',
          '来源层级',
          '登记时间',
          '信访人姓名',
          '信访内容',
          '内容分类',
        ],
        [
          ref,
          '来信',
          '转送',
          '省',
          '2026-01-05 09:30',
          '李某某',
          '反映小区电梯长期故障。',
          '010301',
        ],
      ]);
    const imports = exchangeApi(t);
    const officerOf = async (ref: string) => {
      const res = await imports.upload(officer.token, 'cases', '省交转办件.xlsx', await file(ref));
      expect(res.statusCode).toBe(202);
      const job = await imports.waitFor(officer.token, res.json<{ id: number }>().id);
      expect(job).toMatchObject({ status: 'done', createdRows: 1 });
      const [row] = await t.db.query<{ officer_id: number | null }[]>(
        'SELECT officer_id FROM cases WHERE external_ref = ?',
        [ref],
      );
      return row.officer_id;
    };
    expect(await officerOf(`GD-OF-${Date.now()}-1`)).toBe(officerB.userId);
    await t.request('DELETE', `/api/v1/officer-defaults/${ruled.id}`, { token: admin });
    expect(await officerOf(`GD-OF-${Date.now()}-2`)).toBeNull();
  });

  it('late triage clocks remind the case officer or the supervisors, never the receptionist', async () => {
    const ruled = await rule({ categoryCode: '01', officerId: officerB.userId });
    const assigned = await ok(api().register(reception.token));
    expect(assigned.officerId).toBe(officerB.userId);
    await t.request('DELETE', `/api/v1/officer-defaults/${ruled.id}`, { token: admin });
    const queued = await ok(api().register(reception.token));
    expect(queued.officerId).toBeNull();

    const [triage] = await t.db.query<{ due_date: string }[]>(
      `SELECT DATE_FORMAT(due_date, '%Y-%m-%d') AS due_date FROM clocks
        WHERE case_id = ? AND kind = 'triage'`,
      [queued.id],
    );
    const plan = planStages(
      triage.due_date,
      DEFAULT_STAGE_RULES,
      await t.app.get(CalendarService).current(),
    );
    const sweeper = worker.get(ReminderSweepService);
    for (const p of plan) {
      t.clock.set(new Date(p.fireAt.getTime() + MINUTE));
      await sweeper.sweep();
    }
    const inbox = async (token: string) =>
      (
        await ok<{ items: Notice[] }>(
          t.request('GET', '/api/v1/notifications?limit=100', { token }),
        )
      ).items;
    const about = (items: Notice[], c: CaseJson) =>
      items
        .filter((n) => n.caseId === c.id)
        .map((n) => n.stage)
        .sort();
    const stages = plan.map((p) => p.stage).sort();

    expect(await inbox(reception.token)).toEqual([]);
    expect(about(await inbox(officerB.token), assigned)).toEqual(stages);
    expect(about(await inbox(officerB.token), queued)).toEqual([]);
    // The unassigned case's reminders go to the supervisors; the assigned one's escalation only.
    expect(about(await inbox(supervisor.token), queued)).toEqual(stages);
    expect(about(await inbox(supervisor.token), assigned)).toEqual(['escalated']);
  });
});
