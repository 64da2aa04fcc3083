import type { Role } from '@app/auth';
import { makeUnit } from '@app/testing';
import { caseApi, type CaseJson } from './support/cases';
import { createTestApp, expectError, type TestApp } from './support/test-app';

const DAY = 86_400_000;

interface Item {
  key: string;
  label: string;
  count: number;
  urgent: boolean;
  list: 'cases' | 'supervision_letters';
  caseFilter: Record<string, unknown> | null;
  letterFilter: Record<string, unknown> | null;
}

/**
 * The home page's "what waits for me": for each role, every item's count is exactly the number of
 * rows of the list it links to (the list called with the item's filter, all pages walked).
 */
describe('home summary (e2e)', () => {
  let t: TestApp;
  let api: ReturnType<typeof caseApi>;
  const tokens = {} as Record<Role | 'otherHandler', string>;
  let unitA: number;
  let unitB: number;

  beforeAll(async () => {
    t = await createTestApp();
    t.clock.set(new Date('2026-11-01T02:00:00Z'));
    api = caseApi(t);
    unitA = (await makeUnit(t.app, { name: '区住房和城乡建设局' })).id;
    unitB = (await makeUnit(t.app, { name: '区城市管理局' })).id;
    for (const role of ['reception', 'officer', 'supervisor', 'leader', 'admin'] as const) {
      tokens[role] = (await t.tokenFor(role)).token;
    }
    tokens.unit_handler = (await t.tokenFor('unit_handler', unitA)).token;
    tokens.otherHandler = (await t.tokenFor('unit_handler', unitB)).token;

    const ok = (r: { statusCode: number; body: string; json<T>(): T }) => {
      if (r.statusCode >= 300) throw new Error(`${r.statusCode} ${r.body}`);
      return r.json<CaseJson>();
    };
    const answer = {
      decision: 'support',
      facts: '经查属实。',
      basis: '依据有关规定',
      deliveryMethod: 'post',
    };
    // A month ago: cases that are overdue by now, or answered and awaiting their evaluation.
    const old: CaseJson[] = [];
    for (let i = 0; i < 6; i++) old.push(ok(await api.register(tokens.reception)));
    for (const c of old.slice(0, 4)) {
      ok(await api.act(tokens.officer, c.id, 'transfer', { unitId: c === old[3] ? unitB : unitA }));
    }
    ok(await api.act(tokens.unit_handler, old[0].id, 'accept'));
    ok(await api.act(tokens.unit_handler, old[1].id, 'accept'));
    t.clock.advance(DAY);
    ok(
      await api.act(tokens.unit_handler, old[1].id, 'answer', {
        ...answer,
        deliveredAt: t.clock.now().toISOString(),
      }),
    );
    t.clock.set(new Date('2026-11-25T02:00:00Z'));
    // Today (Shanghai): three new ones; one sent to unit A today, due soon for it.
    const today: CaseJson[] = [];
    for (let i = 0; i < 3; i++) today.push(ok(await api.register(tokens.reception)));
    ok(await api.act(tokens.officer, today[0].id, 'transfer', { unitId: unitA }));
    // A supervision letter to unit A (to sign), one to B received (not unit A's).
    const letter = (unitId: number, caseIds: number[]) =>
      t.request('POST', '/api/v1/supervision-letters', {
        token: tokens.supervisor,
        body: {
          caseIds,
          unitId,
          type: 'ordinary',
          reason: 'overdue',
          requirements: '请立即组织核查，依法依规妥善处理，并书面报告办理情况。',
          signer: '李局长',
        },
      });
    expect((await letter(unitA, [old[0].id])).statusCode).toBe(201);
    expect((await letter(unitB, [old[3].id])).statusCode).toBe(201);
  });
  afterAll(() => t.close());

  const summary = async (token: string) => {
    const res = await t.request('GET', '/api/v1/me/summary', { token });
    expect(res.statusCode).toBe(200);
    return res.json<{ role: string; items: Item[] }>();
  };

  /** The number of rows the linked list returns with the item's filter, over every page. */
  async function listCount(token: string, item: Item): Promise<number> {
    const filter = (item.caseFilter ?? item.letterFilter)!;
    const path = item.list === 'cases' ? '/api/v1/cases' : '/api/v1/supervision-letters';
    let total = 0;
    let cursor: number | null = null;
    do {
      const q = new URLSearchParams({ limit: '2' });
      for (const [k, v] of Object.entries(filter))
        q.set(k, Array.isArray(v) ? v.join(',') : String(v));
      if (cursor) q.set('cursor', String(cursor));
      const res = await t.request('GET', `${path}?${q.toString()}`, { token });
      expect(res.statusCode).toBe(200);
      const page = res.json<{ items: unknown[]; nextCursor: number | null }>();
      total += page.items.length;
      cursor = page.nextCursor;
    } while (cursor);
    return total;
  }

  it.each([
    'reception',
    'officer',
    'supervisor',
    'leader',
    'unit_handler',
    'otherHandler',
  ] as const)('%s: every count equals the count of the list it links to', async (who) => {
    const s = await summary(tokens[who]);
    expect(s.items.length).toBeGreaterThan(0);
    for (const item of s.items) {
      expect({ key: item.key, count: item.count }).toEqual({
        key: item.key,
        count: await listCount(tokens[who], item),
      });
    }
  });

  it('says what waits for each desk with the numbers the data gives', async () => {
    const counts = async (token: string) =>
      Object.fromEntries((await summary(token)).items.map((i) => [i.key, i.count]));
    expect(await counts(tokens.reception)).toEqual({
      registered_today: 3,
      awaiting_evaluation: 1,
    });
    expect(await counts(tokens.officer)).toMatchObject({
      to_route: 4, // 2 old registered, never routed, + 2 of today
      to_close: 1,
      final_match: 0,
      // Triage (15 days) of the two old unrouted; acceptance (15 days) of old[2] at unit A and
      // old[3] at unit B: four overdue.
      overdue: 4,
    });
    expect(await counts(tokens.unit_handler)).toEqual({
      to_accept: 2, // old[2] (overdue) and today[0]
      in_handling: 1,
      due_soon: 0,
      overdue: 1, // old[2]'s acceptance notice (15 days); old[0]'s 60-day handling is not due
      letters_to_sign: 1,
      letters_to_reply: 0,
    });
    expect(await counts(tokens.otherHandler)).toMatchObject({ to_accept: 1, letters_to_sign: 1 });
  });

  it('has nothing waiting for an admin, and needs a sign-in', async () => {
    expect((await summary(tokens.admin)).items).toEqual([]);
    expectError(await t.request('GET', '/api/v1/me/summary'), 401);
  });
});
