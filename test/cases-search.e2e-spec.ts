import { makeUnit } from '@app/testing';
import { caseApi, idNumber, type CaseJson } from './support/cases';
import { createTestApp, expectError, type TestApp } from './support/test-app';

describe('finding cases (e2e)', () => {
  let t: TestApp;
  let api: ReturnType<typeof caseApi>;
  let officer: string;
  let unitA: number;
  const made: CaseJson[] = [];

  const ids = async (query: string) =>
    (await t.request('GET', `/api/v1/cases?${query}`, { token: officer }))
      .json<{ items: { id: number }[] }>()
      .items.map((i) => i.id);

  beforeAll(async () => {
    t = await createTestApp();
    t.clock.set(new Date('2022-06-01T02:00:00Z'));
    api = caseApi(t);
    officer = (await t.tokenFor('officer')).token;
    unitA = (await makeUnit(t.app)).id;
    const specs: Record<string, unknown>[] = [
      {
        channel: 'letter',
        title: '关于拖欠工资的来信',
        categoryCode: '020101',
        registeredAt: '2022-05-01T02:00:00Z',
      },
      {
        channel: 'online',
        title: '噪声扰民',
        categoryCode: '090101',
        purpose: 'suggestion',
        registeredAt: '2022-05-10T02:00:00Z',
      },
      {
        channel: 'visit',
        title: '物业服务差',
        categoryCode: '010301',
        registeredAt: '2022-05-20T02:00:00Z',
      },
      {
        channel: 'call',
        title: '养老保险待遇',
        categoryCode: '020201',
        source: 'assigned',
        sourceLevel: 'provincial',
        externalRef: 'SJ-SEARCH-01',
        registeredAt: '2022-05-30T02:00:00Z',
      },
    ];
    for (const s of specs) made.push((await api.register(officer, s)).json<CaseJson>());
    await api.act(officer, made[2].id, 'transfer', { unitId: unitA });
  });
  afterAll(() => t.close());

  it('filters by status, channel, source level, unit, purpose, category subtree and dates', async () => {
    expect(await ids('status=transferred')).toEqual([made[2].id]);
    expect(await ids('status=registered,transferred&limit=50')).toEqual([
      made[3].id,
      made[2].id,
      made[1].id,
      made[0].id,
    ]);
    expect(await ids('channel=online')).toEqual([made[1].id]);
    expect(await ids('sourceLevel=provincial')).toEqual([made[3].id]);
    expect(await ids(`unitId=${unitA}`)).toEqual([made[2].id]);
    expect(await ids('purpose=suggestion')).toEqual([made[1].id]);
    expect(await ids('categoryCode=02')).toEqual([made[3].id, made[0].id]);
    expect(
      await ids('registeredFrom=2022-05-05T00:00:00Z&registeredTo=2022-05-25T00:00:00Z'),
    ).toEqual([made[2].id, made[1].id]);
  });

  it('finds by keyword, case number and provincial number', async () => {
    expect(await ids(`keyword=${encodeURIComponent('噪声')}`)).toEqual([made[1].id]);
    expect(await ids(`keyword=${made[0].caseNo}`)).toEqual([made[0].id]);
    expect(await ids('keyword=SJ-SEARCH-01')).toEqual([made[3].id]);
    expect(await ids(`keyword=${encodeURIComponent('%')}`)).toEqual([]);
  });

  it('shows the nearest clock and finds overdue and soon-due cases', async () => {
    // Registered 05-01 with a 15-day triage clock: overdue on 06-01; the one of 05-30 is due 06-14.
    const overdue = await ids('overdue=true&limit=50');
    expect(overdue).toEqual(expect.arrayContaining([made[0].id, made[1].id]));
    expect(overdue).not.toContain(made[3].id);
    // The transferred case's nearest clock is its objection window: 5 working days → 06-09
    // (the 2022 Dragon Boat break, 06-03..05, is skipped).
    expect(await ids('dueWithinDays=14')).toEqual([made[3].id, made[2].id]);
    expect(await ids('dueWithinDays=7')).toEqual([]);
    const page = (await t.request('GET', '/api/v1/cases?limit=50', { token: officer })).json();
    const row = page.items.find((i: { id: number }) => i.id === made[0].id);
    expect(row.nextClock).toMatchObject({ kind: 'triage', overdue: true });
  });

  it('paginates by keyset: pages do not overlap or shift when new cases arrive', async () => {
    const first = (await t.request('GET', '/api/v1/cases?limit=2', { token: officer })).json();
    expect(first.items).toHaveLength(2);
    await api.register(officer, {
      petitioners: [{ kind: 'person', name: '新来的', idNumber: idNumber() }],
    });
    const second = (
      await t.request('GET', `/api/v1/cases?limit=2&cursor=${first.nextCursor}`, { token: officer })
    ).json();
    const all = [...first.items, ...second.items].map((i: { id: number }) => i.id);
    expect(all).toEqual([made[3].id, made[2].id, made[1].id, made[0].id]);
    expect(second.nextCursor).toBeNull();
  });

  it('counts the exact total of a list: all its pages hold that many, for the bureau and a unit', async () => {
    // A second case for unit A (an accusation: the unit sees it with the accuser hidden).
    const accused = (
      await api.register(officer, { purpose: 'accusation', title: '举报某单位乱收费' })
    ).json<CaseJson>();
    await api.act(officer, accused.id, 'transfer', { unitId: unitA });
    const handler = (await t.tokenFor('unit_handler', unitA)).token;
    type Page = { items: { id: number }[]; nextCursor: number | null };
    const walk = async (token: string, query: string) => {
      const seen: number[] = [];
      let cursor: number | null = null;
      do {
        const at: string = cursor === null ? '' : `cursor=${cursor}&`;
        const page: Page = (
          await t.request('GET', `/api/v1/cases?limit=1&${at}${query}`, { token })
        ).json<Page>();
        seen.push(...page.items.map((i) => i.id));
        cursor = page.nextCursor;
      } while (cursor !== null);
      const counted = await t.request('GET', `/api/v1/cases/count?${query}`, { token });
      expect(counted.statusCode).toBe(200);
      return { total: counted.json<{ total: number }>().total, seen };
    };
    const queries = [
      '',
      'status=registered',
      'status=transferred',
      'categoryCode=02',
      'channel=online',
      `keyword=${encodeURIComponent('工资')}`,
      'registeredFrom=2022-05-05T00:00:00Z&registeredTo=2022-05-25T00:00:00Z',
      'status=closed',
    ];
    for (const [token, who] of [
      [officer, 'officer'],
      [handler, 'unit handler'],
    ]) {
      for (const q of queries) {
        const { total, seen } = await walk(token, q);
        expect({ who, q, total }).toEqual({ who, q, total: seen.length });
      }
    }
    expect((await walk(officer, 'status=transferred')).total).toBe(2);
    // The unit counts only what was handed to it.
    expect(await walk(handler, '')).toEqual({ total: 2, seen: [accused.id, made[2].id] });
    // The count refuses what the list refuses: a unit may not search by ID number.
    expectError(
      await t.request('GET', `/api/v1/cases/count?idNumber=${idNumber()}`, { token: handler }),
      403,
      'PII_SEARCH_FORBIDDEN',
    );
    expectError(
      await t.request('GET', '/api/v1/cases/count?status=lost', { token: officer }),
      400,
      'VALIDATION_FAILED',
    );
  });

  it('refuses bad filters with 400', async () => {
    for (const q of [
      'status=lost',
      'channel=pigeon',
      'limit=1000',
      'cursor=-1',
      'categoryCode=1',
      'registeredFrom=yesterday',
    ]) {
      expectError(
        await t.request('GET', `/api/v1/cases?${q}`, { token: officer }),
        400,
        'VALIDATION_FAILED',
      );
    }
  });
});

describe('the list count stops at CASE_COUNT_CAP (e2e)', () => {
  let t: TestApp;
  afterAll(() => t?.close());

  it('says "at least the cap" for the bureau and a unit, and the exact total below it', async () => {
    t = await createTestApp({ env: { CASE_COUNT_CAP: '2' } });
    t.clock.set(new Date('2022-06-01T02:00:00Z'));
    const api = caseApi(t);
    const officer = (await t.tokenFor('officer')).token;
    const unit = (await makeUnit(t.app)).id;
    const made: CaseJson[] = [];
    for (let i = 0; i < 4; i++) made.push((await api.register(officer, {})).json<CaseJson>());
    for (const c of made.slice(0, 3)) await api.act(officer, c.id, 'transfer', { unitId: unit });
    const handler = (await t.tokenFor('unit_handler', unit)).token;
    const count = async (token: string, query: string) => {
      const res = await t.request('GET', `/api/v1/cases/count?${query}`, { token });
      expect(res.statusCode).toBe(200);
      return res.json<{ total: number; capped: boolean }>();
    };
    expect(await count(officer, '')).toEqual({ total: 2, capped: true });
    expect(await count(officer, 'status=registered')).toEqual({ total: 1, capped: false });
    expect(await count(officer, 'status=closed')).toEqual({
      total: 0,
      capped: false,
    });
    // The unit's count is driven by what was handed to it, and stops at the cap too.
    expect(await count(handler, '')).toEqual({ total: 2, capped: true });
    expect(await count(handler, 'status=registered')).toEqual({ total: 0, capped: false });
    expect(await count(handler, `keyword=${made[0].caseNo}`)).toEqual({
      total: 1,
      capped: false,
    });
  });
});

describe('the list count gives up after CASE_COUNT_TIME_LIMIT_MS (e2e)', () => {
  let t: TestApp;
  afterAll(() => t?.close());

  it('answers total null in time while the cases table cannot be read, and counts again after', async () => {
    t = await createTestApp({ env: { CASE_COUNT_TIME_LIMIT_MS: '300' } });
    const api = caseApi(t);
    const officer = (await t.tokenFor('officer')).token;
    await api.register(officer, {});
    // Another session holds the table (as a long ALTER or a huge scan would keep the server busy).
    const blocker = t.db.createQueryRunner();
    await blocker.connect();
    try {
      await blocker.query('LOCK TABLES cases WRITE');
      const started = Date.now();
      const res = await t.request('GET', '/api/v1/cases/count', { token: officer });
      const took = Date.now() - started;
      expect(res.statusCode).toBe(200);
      expect(res.json()).toEqual({ total: null, capped: false });
      expect(took).toBeLessThan(5000);
    } finally {
      await blocker.query('UNLOCK TABLES');
      await blocker.release();
    }
    const again = await t.request('GET', '/api/v1/cases/count', { token: officer });
    expect(again.json()).toEqual({ total: 1, capped: false });
  });
});
