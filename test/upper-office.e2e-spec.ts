import { countRows, makeUnit } from '@app/testing';
import { caseApi, type CaseJson } from './support/cases';
import { createTestApp, expectError, type TestApp } from './support/test-app';

interface Detail extends CaseJson {
  externalRef: string | null;
  provincialDueDate: string | null;
  allowedActions: string[];
  upperDeadlineWarning: {
    kind: string;
    provincialDueDate: string;
    clockKind: string;
    clockDueDate: string;
  } | null;
}
interface TimelineJson {
  events: { type: string; actorId: number | null; data: Record<string, unknown> }[];
  chainIntact: boolean;
}

/**
 * Issue 17, the counter: the upper office's number (上级信访件编号) and deadline (上级办理期限) of
 * a handed-down case, entered at registration and corrected later by an officer with a reason
 * and an event; the case page warns when the statutory clocks end after the upper deadline.
 */
describe('the upper office’s number and deadline (e2e)', () => {
  let t: TestApp;
  let api: ReturnType<typeof caseApi>;
  let reception: string;
  let officer: string;
  let officerId: number;
  let supervisor: string;
  let handler: string;
  let unitId: number;
  const handedDown = { source: 'assigned', sourceLevel: 'municipal' };
  let seq = 0;
  const ref = () => `SJ2022-${String(++seq).padStart(4, '0')}`;

  beforeAll(async () => {
    t = await createTestApp();
    t.clock.set(new Date('2022-03-01T02:00:00Z'));
    api = caseApi(t);
    unitId = (await makeUnit(t.app, { name: '区人力资源和社会保障局' })).id;
    reception = (await t.tokenFor('reception')).token;
    const o = await t.tokenFor('officer');
    officer = o.token;
    officerId = o.userId;
    supervisor = (await t.tokenFor('supervisor')).token;
    handler = (await t.tokenFor('unit_handler', unitId)).token;
  });
  afterAll(() => t.close());

  const detail = (id: number, token = officer) => api.get(token, id) as Promise<Detail>;
  const correct = (token: string, c: { id: number; version: number }, body: object) =>
    t.request('POST', `/api/v1/cases/${c.id}/upper-office`, {
      token,
      body: { version: c.version, reason: '上级来函更正', ...body },
    });
  const timeline = async (id: number) =>
    (
      await t.request('GET', `/api/v1/cases/${id}/timeline`, { token: officer })
    ).json<TimelineJson>();
  const counts = () =>
    Promise.all(['cases', 'case_events', 'clocks'].map((x) => countRows(t.db, x)));

  it('registers a handed-down case with the upper number (trimmed) and deadline, or without them', async () => {
    const number = ref();
    const res = await api.register(reception, {
      ...handedDown,
      externalRef: `  ${number} `,
      provincialDueDate: '2022-04-15',
    });
    expect(res.statusCode).toBe(201);
    const c = await detail(res.json<CaseJson>().id);
    expect(c).toMatchObject({ externalRef: number, provincialDueDate: '2022-04-15' });
    expect(c.allowedActions).toContain('correct_upper_office');

    const bare = await api.register(reception, handedDown);
    expect(bare.statusCode).toBe(201);
    expect(bare.json()).toMatchObject({ externalRef: null, provincialDueDate: null });

    const listed = await t.request('GET', '/api/v1/cases?source=assigned', { token: officer });
    expect(listed.json<{ items: Detail[] }>().items).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ id: c.id, externalRef: number, provincialDueDate: '2022-04-15' }),
      ]),
    );
  });

  it('refuses the upper office’s facts on a direct petition, a bad number or a bad date, writing nothing', async () => {
    const before = await counts();
    const direct = await api.register(reception, { externalRef: ref() });
    expectError(direct, 400, 'EXTERNAL_REF_NOT_ALLOWED');
    expectError(
      await api.register(reception, { provincialDueDate: '2022-04-15' }),
      400,
      'PROVINCIAL_DUE_DATE_NOT_ALLOWED',
    );
    for (const bad of ['SJ\u00012022', 'SJ 2022 01', 'X'.repeat(65), '', '粤信转2022']) {
      const res = await api.register(reception, { ...handedDown, externalRef: bad });
      expectError(res, 400, 'VALIDATION_FAILED');
      expect(res.json<{ details: { field: string }[] }>().details[0].field).toBe('externalRef');
    }
    expect(await counts()).toEqual(before);
  });

  it('lets an officer correct them with a reason: old and new values on the timeline, the chain intact', async () => {
    const created = (
      await api.register(reception, {
        ...handedDown,
        externalRef: ref(),
        provincialDueDate: '2022-04-15',
      })
    ).json<CaseJson>();
    const c = await detail(created.id);
    const newRef = ref();
    const res = await correct(officer, c, {
      externalRef: ` ${newRef}`,
      provincialDueDate: '2022-04-08',
      reason: '市信访局来函更正期限和编号',
    });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({
      externalRef: newRef,
      provincialDueDate: '2022-04-08',
      version: c.version + 1,
    });
    const tl = await timeline(c.id);
    expect(tl.chainIntact).toBe(true);
    expect(tl.events.at(-1)).toMatchObject({
      type: 'upper_office_corrected',
      actorId: officerId,
      data: {
        before: { externalRef: c.externalRef, provincialDueDate: '2022-04-15' },
        after: { externalRef: newRef, provincialDueDate: '2022-04-08' },
        reason: '市信访局来函更正期限和编号',
      },
    });

    // Only what differs is recorded; null removes the deadline.
    const now = await detail(c.id);
    const cleared = await correct(supervisor, now, {
      externalRef: newRef,
      provincialDueDate: null,
    });
    expect(cleared.statusCode).toBe(200);
    expect(cleared.json()).toMatchObject({ externalRef: newRef, provincialDueDate: null });
    expect((await timeline(c.id)).events.at(-1)).toMatchObject({
      type: 'upper_office_corrected',
      data: { before: { provincialDueDate: '2022-04-08' }, after: { provincialDueDate: null } },
    });
    expect(Object.keys((await timeline(c.id)).events.at(-1)!.data.after as object)).toEqual([
      'provincialDueDate',
    ]);
  });

  it('refuses a stale version (409), the wrong people, a direct case and bad values, changing nothing', async () => {
    const taken = ref();
    await api.register(reception, { ...handedDown, externalRef: taken });
    const c = await detail(
      (
        await api.register(reception, {
          ...handedDown,
          externalRef: ref(),
          provincialDueDate: '2022-04-15',
        })
      ).json<CaseJson>().id,
    );
    const direct = await detail((await api.register(reception)).json<CaseJson>().id);
    expect(direct.allowedActions).not.toContain('correct_upper_office');
    expect((await detail(c.id, reception)).allowedActions).not.toContain('correct_upper_office');
    const before = await counts();

    expectError(
      await correct(officer, { ...c, version: c.version + 1 }, { provincialDueDate: '2022-04-20' }),
      409,
      'STALE_VERSION',
    );
    expectError(await correct(reception, c, { provincialDueDate: '2022-04-20' }), 403);
    expectError(await correct(handler, c, { provincialDueDate: '2022-04-20' }), 403);
    expectError(
      await correct(officer, direct, { provincialDueDate: '2022-04-20' }),
      409,
      'NOT_HANDED_DOWN',
    );
    expectError(await correct(officer, c, { externalRef: taken }), 409, 'EXTERNAL_REF_TAKEN');
    expectError(
      await correct(officer, c, { provincialDueDate: '2022-02-28' }),
      400,
      'PROVINCIAL_DUE_BEFORE_REGISTRATION',
    );
    expectError(
      await correct(officer, c, { provincialDueDate: '2022-04-15' }),
      400,
      'NOTHING_TO_CHANGE',
    );
    expectError(await correct(officer, c, {}), 400, 'NOTHING_TO_CHANGE');
    for (const body of [
      { provincialDueDate: '2022-02-30' },
      { externalRef: null },
      { externalRef: 'SJ\u0007X' },
      { provincialDueDate: '2022-04-20', reason: ' ' },
      { provincialDueDate: '2022-04-20', reason: undefined },
    ]) {
      expectError(await correct(officer, c, body), 400, 'VALIDATION_FAILED');
    }
    expect(await counts()).toEqual(before);
    expect(await detail(c.id)).toMatchObject({
      version: c.version,
      provincialDueDate: '2022-04-15',
    });
  });

  it('no longer lets the plain edit (PATCH /cases/{id}) set the deadline around these rules', async () => {
    const direct = await detail((await api.register(reception)).json<CaseJson>().id);
    const res = await t.request('PATCH', `/api/v1/cases/${direct.id}`, {
      token: officer,
      body: { version: direct.version, provincialDueDate: '2021-01-01' },
    });
    expectError(res, 400, 'VALIDATION_FAILED');
    expect((await detail(direct.id)).provincialDueDate).toBeNull();
  });

  it('warns on the case page when the handling clock ends after the upper deadline, or it has passed', async () => {
    const id = (
      await api.register(reception, {
        ...handedDown,
        externalRef: ref(),
        provincialDueDate: '2022-04-10',
      })
    ).json<CaseJson>().id;
    await api.act(officer, id, 'transfer', { unitId });
    await api.act(handler, id, 'accept');
    const c = await detail(id);
    const handling = c.clocks.find((k) => k.kind === 'handling' && k.status === 'running')!;
    expect(handling.dueDate > '2022-04-10').toBe(true);
    expect(c.upperDeadlineWarning).toEqual({
      kind: 'clock_after',
      provincialDueDate: '2022-04-10',
      clockKind: 'handling',
      clockDueDate: handling.dueDate,
    });

    const later = await correct(officer, c, { provincialDueDate: handling.dueDate });
    expect(later.json<Detail>().upperDeadlineWarning).toBeNull();

    t.clock.set(new Date(`${handling.dueDate}T16:30:00Z`)); // the next day in Shanghai
    try {
      expect((await detail(id)).upperDeadlineWarning).toMatchObject({ kind: 'passed' });
    } finally {
      t.clock.set(new Date('2022-03-01T02:00:00Z'));
    }
  });
  it('filters the list by the upper deadline (cases without one left out), a bad day is 400', async () => {
    const ids: Record<string, number> = {};
    for (const due of ['2022-06-10', '2022-06-20', null]) {
      const res = await api.register(reception, {
        ...handedDown,
        externalRef: ref(),
        ...(due ? { provincialDueDate: due } : {}),
      });
      ids[String(due)] = res.json<CaseJson>().id;
    }
    const list = async (query: string) => {
      const res = await t.request('GET', `/api/v1/cases?${query}&limit=100`, { token: officer });
      expect(res.statusCode).toBe(200);
      return res.json<{ items: { id: number }[] }>().items.map((i) => i.id);
    };
    expect(await list('provincialDueFrom=2022-06-01&provincialDueTo=2022-06-30')).toEqual([
      ids['2022-06-20'],
      ids['2022-06-10'],
    ]);
    expect(await list('provincialDueFrom=2022-06-11&provincialDueTo=2022-06-30')).toEqual([
      ids['2022-06-20'],
    ]);
    // Inclusive at both ends.
    expect(await list('provincialDueFrom=2022-06-10&provincialDueTo=2022-06-10')).toEqual([
      ids['2022-06-10'],
    ]);
    expect(await list('provincialDueFrom=2022-06-01')).not.toContain(ids.null);
    for (const bad of ['2022-02-30', '20220610', 'x']) {
      const res = await t.request('GET', `/api/v1/cases?provincialDueTo=${bad}`, {
        token: officer,
      });
      expectError(res, 400, 'VALIDATION_FAILED');
    }
  });
});
