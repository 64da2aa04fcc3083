import { CasesService } from '@app/cases';
import { GROUP_DIMENSIONS, MetricsService, yearPeriod, type Period } from '@app/metrics';
import { makeUnit } from '@app/testing';
import { caseApi, type CaseJson } from './support/cases';
import { createTestApp, type TestApp } from './support/test-app';

interface FigureJson {
  key: string;
  numerator: { value: number };
  denominator: { value: number } | null;
  definition: string;
  groups?: { value: string | number | null; numerator: number; denominator: number | null }[];
}

/**
 * The figures at the edges of a period (issue 18): handed-down cases that never reached a
 * handling clock, an upper office's deadline in December with the handling deadline in January,
 * an evaluation window ending on 31 December, reviews charged to the unit they review. Each
 * figure is read from the summaries, from the raw rows and after a rebuild, and all agree.
 */
describe('figures at the period boundaries (e2e)', () => {
  let t: TestApp;
  let officer: string;
  let leader: string;
  let unitA: number;
  let unitB: number;
  const c: Record<string, CaseJson> = {};
  const at = (local: string) => t.clock.set(new Date(`${local}+08:00`));
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  const ok = async <T = any>(res: Promise<{ statusCode: number; body: string; json<U>(): U }>) => {
    const r = await res;
    if (r.statusCode >= 300) throw new Error(`${r.statusCode}: ${r.body}`);
    return r.json<T>();
  };

  beforeAll(async () => {
    t = await createTestApp();
    at('2022-02-20T09:00:00');
    officer = (await t.tokenFor('officer')).token;
    leader = (await t.tokenFor('leader')).token;
    unitA = (await makeUnit(t.app, { name: '区住房和城乡建设局' })).id;
    unitB = (await makeUnit(t.app, { name: '区人力资源和社会保障局' })).id;
    const handlerA = (await t.tokenFor('unit_handler', unitA)).token;
    const handlerB = (await t.tokenFor('unit_handler', unitB)).token;
    const api = caseApi(t);
    const register = async (name: string, overrides: Record<string, unknown>) => {
      c[name] = await ok<CaseJson>(api.register(officer, overrides));
    };
    const act = (token: string, name: string, action: string, body: Record<string, unknown> = {}) =>
      ok(api.act(token, c[name].id, action, body));
    const answer = (token: string, name: string, deliveredAt: string) =>
      act(token, name, 'answer', {
        decision: 'support',
        facts: '经核查，情况属实。',
        basis: '依据有关规定。',
        deliveryMethod: 'in_person',
        deliveredAt: new Date(`${deliveredAt}+08:00`).toISOString(),
      });
    const fromAbove = (level: string, extra: Record<string, unknown> = {}) => ({
      channel: 'online',
      source: 'assigned',
      sourceLevel: level,
      externalRef: `SX-${level}-${Object.keys(c).length}`,
      ...extra,
    });

    // h1: handed down from the province, never triaged; no 办理期限 recorded: due 90 days after
    // registration (2022-05-30), open, no unit.
    at('2022-03-01T10:00:00');
    await register('h1', fromAbove('provincial'));
    // h2: transferred down from the city to unit B, never accepted: no handling clock either.
    await register('h2', { ...fromAbove('municipal'), source: 'transferred' });
    at('2022-03-02T10:00:00');
    await act(officer, 'h2', 'transfer', { unitId: unitB });

    // d1: a direct case handled by unit B, answered 1 December: its evaluation window ends at
    // 24:00 on 31 December and lapses; its 复查 is decided with no deciding unit of the system.
    at('2022-10-20T10:00:00');
    await register('d1', { channel: 'visit' });
    // h3: the province's 办理期限 is 20 December; accepted 15 November, so the handling clock runs
    // to 14 January: it is due (and closed) in 2022, not in 2023.
    await register('h3', fromAbove('provincial', { provincialDueDate: '2022-12-20' }));
    at('2022-10-21T10:00:00');
    await act(officer, 'd1', 'transfer', { unitId: unitB });
    await act(officer, 'h3', 'assign', { unitId: unitA, reportDueDate: '2022-12-20' });
    at('2022-10-22T10:00:00');
    await act(handlerB, 'd1', 'accept');
    at('2022-11-15T10:00:00');
    await act(handlerA, 'h3', 'accept');
    at('2022-12-01T10:00:00');
    await answer(handlerB, 'd1', '2022-12-01T09:00:00');
    await act(officer, 'd1', 'close');
    at('2022-12-10T10:00:00');
    await answer(handlerA, 'h3', '2022-12-10T09:00:00');
    await act(handlerA, 'h3', 'report', { report: '已按要求办理完毕。' });
    await act(officer, 'h3', 'close');
    at('2022-12-20T10:00:00');
    const review = await ok<CaseJson>(
      t.request('POST', `/api/v1/cases/${c.d1.id}/review-request`, {
        token: officer,
        body: {
          version: (await api.get(officer, c.d1.id)).version,
          channel: 'letter',
          reasons: '对处理意见不服，请求复查。',
        },
      }),
    );
    at('2022-12-28T10:00:00');
    await ok(
      t.request('POST', `/api/v1/cases/${review.id}/review-decision`, {
        token: officer,
        body: {
          version: review.version,
          decision: 'uphold',
          reasons: '原处理意见认定事实清楚，适用依据正确。',
          decisionBody: '区人民政府',
          deliveryMethod: 'post',
          deliveredAt: new Date('2022-12-28T10:00:00+08:00').toISOString(),
        },
      }),
    );
    // the sweep runs three days after the window ended
    at('2023-01-03T10:00:00');
    expect(await t.app.get(CasesService).lapseEvaluations()).toBe(1);
  }, 180_000);
  afterAll(() => t.close());

  const figures = async (period: Period, groupBy?: string) =>
    (
      await ok<{ figures: FigureJson[] }>(
        t.request(
          'GET',
          `/api/v1/metrics?from=${period.from}&to=${period.to}${groupBy ? `&groupBy=${groupBy}` : ''}`,
          { token: leader },
        ),
      )
    ).figures;
  const figure = async (key: string, period: Period, groupBy?: string) =>
    (await figures(period, groupBy)).find((f) => f.key === key)!;
  const parts = (f: FigureJson) => [f.numerator.value, f.denominator?.value ?? null];
  const groups = (f: FigureJson) => f.groups!.map((g) => [g.value, g.numerator, g.denominator]);

  it('系统交转办信访件办结率 counts every handed-down case due in the year, by its deadline', async () => {
    const y22 = await figure('systemClosureRate', yearPeriod(2022));
    // h3 closed; h1 never triaged and h2 never accepted count against it
    expect(parts(y22)).toEqual([1, 3]);
    expect(parts(await figure('systemClosureRate', yearPeriod(2023)))).toEqual([0, 0]);
    expect(groups(await figure('systemClosureRate', yearPeriod(2022), 'month'))).toEqual([
      ['2022-05', 0, 2],
      ['2022-12', 1, 1],
    ]);
    expect(groups(await figure('systemClosureRate', yearPeriod(2022), 'unit'))).toEqual([
      [unitA, 1, 1],
      [unitB, 0, 1],
      [null, 0, 1],
    ]);
    expect(y22.definition).toContain('不论其状态');
    expect(y22.definition).toContain('上级载明办理期限的，以该日期为准');
    expect(y22.definition).toContain('登记之日起 90 日');
  });

  it('参评率: a window ending on 31 December lapses in December, not in January', async () => {
    expect(parts(await figure('evaluationRate', yearPeriod(2022)))).toEqual([0, 1]);
    expect(parts(await figure('evaluationRate', yearPeriod(2023)))).toEqual([0, 0]);
    expect(
      groups(await figure('evaluationRate', { from: '2022-12-01', to: '2022-12-31' }, 'month')),
    ).toEqual([['2022-12', 0, 1]]);
    expect(parts(await figure('evaluationRate', { from: '2022-12-31', to: '2022-12-31' }))).toEqual(
      [0, 1],
    );
  });

  it('复查复核 by unit: a review is charged to the unit whose handling it reviews', async () => {
    expect(groups(await figure('reviewsHandled', yearPeriod(2022), 'unit'))).toEqual([
      [unitB, 1, null],
    ]);
  });

  it('the summaries, the raw rows and a rebuild give the same figures', async () => {
    const metrics = t.app.get(MetricsService);
    const periods: Period[] = [
      yearPeriod(2022),
      yearPeriod(2023),
      { from: '2022-12-01', to: '2023-01-31' },
      { from: '2022-12-31', to: '2022-12-31' },
      { from: '2022-05-30', to: '2022-05-30' },
    ];
    const all = async () => {
      const out = [];
      for (const p of periods)
        for (const by of [undefined, ...GROUP_DIMENSIONS]) out.push(await metrics.figures(p, by));
      return out;
    };
    const fromSummaries = await all();
    for (const p of periods) {
      for (const by of [undefined, ...GROUP_DIMENSIONS]) {
        expect(await metrics.figures(p, by)).toEqual(await metrics.rawFigures(p, by));
      }
    }
    for (const year of [2022, 2023]) {
      expect((await metrics.rebuild(year, false)).differences).toEqual([]);
      await metrics.rebuild(year, true);
    }
    expect(await all()).toEqual(fromSummaries);
  }, 120_000);
});
