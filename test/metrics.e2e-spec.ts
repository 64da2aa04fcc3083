import { strFromU8, unzipSync } from 'fflate';
import { CasesService } from '@app/cases';
import { makeUnit } from '@app/testing';
import { caseApi, caseBody, type CaseJson } from './support/cases';
import { createTestApp, expectError, type TestApp } from './support/test-app';

interface FigureJson {
  key: string;
  label: string;
  kind: 'count' | 'rate';
  numerator: { label: string; value: number };
  denominator: { label: string; value: number } | null;
  value: number | null;
  display: string;
  groups?: {
    value: string | number | null;
    numerator: number;
    denominator: number | null;
    label: string;
  }[];
}

const YEAR_2022 = 'from=2022-01-01&to=2022-12-31';

/**
 * A small district built through the API, step by step, across the 2021/2022 boundary, with
 * every figure of DESIGN §5 worked out by hand below.
 */
describe('metrics, closed periods and the self-evaluation report (e2e)', () => {
  let t: TestApp;
  let officer: string;
  let reception: string;
  let leader: string;
  let finance: string;
  let handlerA: string;
  let handlerB: string;
  let unitA: number;
  let unitB: number;
  const c: Record<string, CaseJson> = {};

  /** Moves the test clock to a Shanghai wall-clock time. */
  const at = (local: string) => t.clock.set(new Date(`${local}+08:00`));
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  const ok = async <T = any>(
    res: Promise<{ statusCode: number; body: string; json<U>(): U }>,
    status = [200, 201],
  ) => {
    const r = await res;
    if (!status.includes(r.statusCode)) throw new Error(`${r.statusCode}: ${r.body}`);
    return r.json<T>();
  };

  beforeAll(async () => {
    t = await createTestApp();
    at('2021-12-01T09:00:00');
    officer = (await t.tokenFor('officer')).token;
    reception = (await t.tokenFor('reception')).token;
    leader = (await t.tokenFor('leader')).token;
    finance = (await t.tokenFor('finance')).token;
    unitA = (await makeUnit(t.app, { name: '区住房和城乡建设局' })).id;
    unitB = (await makeUnit(t.app, { name: '区人力资源和社会保障局' })).id;
    handlerA = (await t.tokenFor('unit_handler', unitA)).token;
    handlerB = (await t.tokenFor('unit_handler', unitB)).token;
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

    // c6 crosses the years: registered in 2021, its triage and handling deadlines fall in 2022.
    at('2021-12-20T10:00:00');
    await register('c6', { channel: 'visit' });
    at('2021-12-21T10:00:00');
    const k3 = await ok(
      t.request('POST', '/api/v1/key-matters', {
        token: officer,
        body: keyMatter([c.c6.id], 'district'),
      }),
    );
    await ok(resolveKeyMatter(k3.id, k3.version, '2021-12-21'));
    at('2021-12-22T10:00:00');
    await act(officer, 'c6', 'transfer', { unitId: unitA }); // triage on time
    at('2021-12-23T10:00:00');
    await act(handlerA, 'c6', 'accept'); // handling due 2022-02-21

    at('2022-03-01T10:00:00');
    await answer(handlerA, 'c6', '2022-03-01T10:00:00'); // late
    const repeatedPerson = caseBody().petitioners;
    await register('c1', { channel: 'visit', personCount: 6, petitioners: repeatedPerson });
    await register('c2', {
      channel: 'online',
      source: 'assigned',
      sourceLevel: 'provincial',
      externalRef: 'GD-2022-0001',
    });
    await register('c3', { channel: 'call', source: 'transferred', sourceLevel: 'municipal' });
    await register('c4', { channel: 'visit', skipLevel: true });
    await register('c7', { channel: 'letter', petitioners: repeatedPerson }); // 重件 of c1
    expect(c.c7.repeat).toBe(true);

    at('2022-03-02T10:00:00');
    await act(officer, 'c1', 'transfer', { unitId: unitA });
    await act(officer, 'c2', 'assign', { unitId: unitA, reportDueDate: '2022-04-30' });
    await act(officer, 'c7', 'transfer', { unitId: unitB });
    at('2022-03-03T10:00:00');
    await act(handlerA, 'c1', 'accept');
    await act(handlerA, 'c2', 'accept');
    at('2022-03-20T10:00:00');
    await act(officer, 'c3', 'transfer', { unitId: unitB }); // triage late (due 03-16)
    at('2022-03-21T10:00:00');
    await act(handlerB, 'c3', 'accept'); // never answered
    at('2022-04-01T10:00:00');
    await answer(handlerA, 'c1', '2022-04-01T09:00:00');
    await answer(handlerA, 'c2', '2022-04-01T09:00:00');
    await act(handlerA, 'c2', 'report', { report: '已按要求办理完毕。' });
    at('2022-04-02T10:00:00');
    await act(officer, 'c1', 'close');
    await act(officer, 'c2', 'close');
    at('2022-04-03T10:00:00');
    await act(reception, 'c1', 'evaluate', { evaluation: 'satisfied' });
    await act(reception, 'c2', 'evaluate', { evaluation: 'dissatisfied' });
    at('2022-04-05T10:00:00');
    expect(await t.app.get(CasesService).lapseEvaluations()).toBe(1); // c6: 超期未评价

    // c1's petitioner asks for a review (复查); its decision is delivered in 2022. The review case
    // has its own number but is no new petition: it is in 复查复核, not in 信访总量.
    at('2022-04-10T10:00:00');
    const review = await ok<CaseJson>(
      t.request('POST', `/api/v1/cases/${c.c1.id}/review-request`, {
        token: officer,
        body: {
          version: (await api.get(officer, c.c1.id)).version,
          channel: 'letter',
          reasons: '对处理意见不服，请求复查。',
        },
      }),
    );
    at('2022-04-20T10:00:00');
    await ok(
      t.request('POST', `/api/v1/cases/${review.id}/review-decision`, {
        token: officer,
        body: {
          version: review.version,
          decision: 'uphold',
          reasons: '原处理意见认定事实清楚，适用依据正确。',
          decisionUnitId: unitA,
          deliveryMethod: 'post',
          deliveredAt: new Date('2022-04-20T10:00:00+08:00').toISOString(),
        },
      }),
    );

    at('2022-05-06T10:00:00');
    const letter = (body: Record<string, unknown> = {}) =>
      ok(
        t.request('POST', '/api/v1/supervision-letters', {
          token: officer,
          body: {
            caseIds: [c.c3.id],
            unitId: unitB,
            type: 'ordinary',
            reason: 'overdue',
            requirements: '请立即组织核查，依法依规妥善处理，并书面报告办理情况。',
            signer: '李局长',
            ...body,
          },
        }),
      );
    const l1 = await letter();
    await letter(); // L2: never answered
    const l3 = await letter();
    await ok(
      t.request('POST', `/api/v1/supervision-letters/${l3.id}/void`, {
        token: officer,
        body: { version: l3.version, reason: '重复发函' },
      }),
    );
    const k1 = await ok(
      t.request('POST', '/api/v1/key-matters', {
        token: officer,
        body: keyMatter([c.c3.id], 'provincial'),
      }),
    );
    await ok(
      t.request('POST', '/api/v1/key-matters', {
        token: officer,
        body: { ...keyMatter([c.c3.id], 'district'), title: '某小区加装电梯纠纷' },
      }),
    );
    at('2022-05-10T10:00:00');
    await ok(
      t.request('POST', `/api/v1/supervision-letters/${l1.id}/reply`, {
        token: handlerB,
        body: { version: l1.version, text: '已组织核查并答复信访人。' },
      }),
    );
    at('2022-06-01T10:00:00');
    await ok(resolveKeyMatter(k1.id, k1.version, '2022-06-01'));
    at('2022-07-05T10:00:00');
    for (const [startDate, endDate] of [
      ['2022-07-01', '2022-07-03'],
      ['2021-11-01', '2021-11-03'],
    ]) {
      await ok(
        t.request('POST', '/api/v1/missions', {
          token: officer,
          body: {
            kind: 'away',
            place: '北京',
            startDate,
            endDate,
            staff: ['王某', '李某'],
            personsPersuaded: 2,
            personsReturned: 2,
            cost: 3500.5,
            caseIds: [],
          },
        }),
      );
    }
    at('2022-12-25T10:00:00');
    await register('c5', { channel: 'online' }); // triage due 2023-01-09: next year's figure
    at('2023-01-10T10:00:00');
  }, 180_000);
  afterAll(() => t.close());

  function keyMatter(caseIds: number[], sourceLevel: string) {
    return {
      title: '某街道征地补偿群体信访',
      category: 'group',
      description: '涉及征地补偿标准的群体性信访事项。',
      caseIds,
      sourceLevel,
      ...(sourceLevel === 'district' ? {} : { reportDueDate: '2022-12-31' }),
      leaderInCharge: '张副区长',
      taskForce: '区住建局、街道办事处',
      plan: '逐户核查、分类处置',
      measures: '落实困难帮扶',
      deadline: '2022-12-31',
    };
  }
  function resolveKeyMatter(id: number, version: number, date: string) {
    return t.request('POST', `/api/v1/key-matters/${id}/resolve`, {
      token: officer,
      body: {
        version,
        resolved: true,
        date,
        outcomes: ['solved', 'educated'],
        evidence: '化解协议书',
      },
    });
  }

  const figures = async (query = YEAR_2022, token = leader) =>
    (await ok<{ figures: FigureJson[] }>(t.request('GET', `/api/v1/metrics?${query}`, { token })))
      .figures;
  const byKey = (fs: FigureJson[]) => Object.fromEntries(fs.map((f) => [f.key, f]));

  /** Every item behind a figure, paging with a small page size. */
  async function drill(key: string, query: string): Promise<{ total: number; ids: number[] }> {
    const ids: number[] = [];
    let cursor: number | null = null;
    let total = -1;
    do {
      const page: { total: number; items: { id: number }[]; nextCursor: number | null } = await ok(
        t.request(
          'GET',
          `/api/v1/metrics/${key}/items?${YEAR_2022}&limit=2&${query}${cursor ? `&cursor=${cursor}` : ''}`,
          { token: officer },
        ),
      );
      total = page.total;
      ids.push(...page.items.map((i) => i.id));
      cursor = page.nextCursor;
    } while (cursor);
    return { total, ids };
  }

  it('computes every figure of 2022 exactly from what was recorded', async () => {
    const f = byKey(await figures());
    const parts = (k: string) => [
      f[k].numerator.value,
      f[k].denominator?.value ?? null,
      f[k].display,
    ];
    expect({
      casesRegistered: parts('casesRegistered'),
      repeatRate: parts('repeatRate'),
      onlineShare: parts('onlineShare'),
      collectiveVisits: parts('collectiveVisits'),
      skipLevelVisits: parts('skipLevelVisits'),
      assignedFromAbove: parts('assignedFromAbove'),
      timelyTriageRate: parts('timelyTriageRate'),
      onTimeAnswerRate: parts('onTimeAnswerRate'),
      systemClosureRate: parts('systemClosureRate'),
      evaluationRate: parts('evaluationRate'),
      satisfactionRate: parts('satisfactionRate'),
      lettersIssued: parts('lettersIssued'),
      letterOnTimeReplyRate: parts('letterOnTimeReplyRate'),
      keyMattersResolved: parts('keyMattersResolved'),
      keyMatterResolutionRate: parts('keyMatterResolutionRate'),
      persuasionMissions: parts('persuasionMissions'),
      reviewsHandled: parts('reviewsHandled'),
    }).toEqual({
      casesRegistered: [6, null, '6'], // c1 c2 c3 c4 c7 c5 (c6 was registered in 2021)
      repeatRate: [1, 6, '16.67%'], // c7
      onlineShare: [2, 6, '33.33%'], // c2 c5
      collectiveVisits: [1, null, '1'], // c1 (6 persons)
      skipLevelVisits: [1, null, '1'], // c4
      assignedFromAbove: [1, null, '1'], // c2
      timelyTriageRate: [3, 5, '60%'], // c6 c1 c2 on time; c3 late; c4 untriaged; c7 repeat; c5 due 2023
      onTimeAnswerRate: [2, 4, '50%'], // c1 c2 on time; c6 late; c3 open overdue
      systemClosureRate: [1, 2, '50%'], // c2 closed; c3 open
      evaluationRate: [2, 3, '66.67%'], // c1 c2 rated; c6 lapsed
      satisfactionRate: [1, 2, '50%'], // c1 satisfied; c2 dissatisfied
      lettersIssued: [2, null, '2'], // L3 voided
      letterOnTimeReplyRate: [1, 2, '50%'], // L1 on time; L2 past due
      keyMattersResolved: [1, null, '1'], // K1 (K3 was resolved in 2021)
      keyMatterResolutionRate: [1, 2, '50%'], // K1 of K1 K2
      persuasionMissions: [1, null, '1'],
      reviewsHandled: [1, null, '1'], // c1's 复查
    });
    expect(f.onTimeAnswerRate.label).toBe('按期办结率');
    expect(f.onTimeAnswerRate.denominator?.label).toBe('期限届满件数');
  });

  it('breaks figures down by channel, unit, source level and month', async () => {
    const byChannel = byKey(await figures(`${YEAR_2022}&groupBy=channel`));
    expect(byChannel.casesRegistered.groups!.map((g) => [g.label, g.numerator])).toEqual([
      ['来电', 1],
      ['来信', 1],
      ['网信', 2],
      ['来访', 2],
    ]);
    const byUnit = byKey(await figures(`${YEAR_2022}&groupBy=unit`));
    expect(
      byUnit.onTimeAnswerRate.groups!.map((g) => [g.label, g.numerator, g.denominator]),
    ).toEqual([
      ['区住房和城乡建设局', 2, 3],
      ['区人力资源和社会保障局', 0, 1],
    ]);
    const byLevel = byKey(await figures(`${YEAR_2022}&groupBy=sourceLevel`));
    expect(
      byLevel.systemClosureRate.groups!.map((g) => [g.label, g.numerator, g.denominator]),
    ).toEqual([
      ['市', 0, 1],
      ['省', 1, 1],
    ]);
    const byMonth = byKey(await figures(`${YEAR_2022}&groupBy=month`));
    expect(byMonth.casesRegistered.groups!.map((g) => [g.value, g.numerator])).toEqual([
      ['2022-03', 5],
      ['2022-12', 1],
    ]);
  });

  it('drills into the list behind every figure and group: its count always equals the figure', async () => {
    for (const f of await figures()) {
      const num = await drill(f.key, 'part=numerator');
      expect({ key: f.key, total: num.total, listed: num.ids.length }).toEqual({
        key: f.key,
        total: f.numerator.value,
        listed: f.numerator.value,
      });
      expect(new Set(num.ids).size).toBe(num.ids.length);
      if (f.denominator) {
        const den = await drill(f.key, 'part=denominator');
        expect([f.key, den.total, den.ids.length]).toEqual([
          f.key,
          f.denominator.value,
          f.denominator.value,
        ]);
        expect(num.ids.every((id) => den.ids.includes(id))).toBe(true);
      }
    }
    for (const f of await figures(`${YEAR_2022}&groupBy=unit`)) {
      for (const g of f.groups!) {
        const list = await drill(f.key, `groupBy=unit&group=${g.value ?? 'none'}`);
        expect([f.key, g.value, list.total]).toEqual([f.key, g.value, g.numerator]);
      }
    }
    const late = await t.request(
      'GET',
      `/api/v1/metrics/onTimeAnswerRate/items?${YEAR_2022}&part=denominator`,
      { token: leader },
    );
    expect(
      late
        .json<{ items: { caseNo: string; inNumerator: boolean }[] }>()
        .items.map((i) => [i.caseNo, i.inNumerator]),
    ).toEqual([
      [c.c6.caseNo, false],
      [c.c1.caseNo, true],
      [c.c2.caseNo, true],
      [c.c3.caseNo, false],
    ]);
  });

  it('refuses bad queries with 4xx in the error shape', async () => {
    const get = (url: string, token = leader) => t.request('GET', url, { token });
    expectError(await get('/api/v1/metrics?from=2022-12-31&to=2022-01-01'), 400, 'INVALID_PERIOD');
    expectError(await get('/api/v1/metrics?from=2022-02-30'), 400, 'VALIDATION_FAILED');
    expectError(await get('/api/v1/metrics?groupBy=weekday'), 400, 'VALIDATION_FAILED');
    expectError(await get('/api/v1/metrics/nothing/items'), 404, 'METRIC_NOT_FOUND');
    expectError(
      await get('/api/v1/metrics/lettersIssued/items?part=denominator'),
      400,
      'METRIC_HAS_NO_DENOMINATOR',
    );
    expectError(await get('/api/v1/metrics/lettersIssued/items?group=x'), 400, 'INVALID_GROUP');
    expectError(await get('/api/v1/metrics', handlerA), 403, 'FORBIDDEN_ROLE');
    expectError(await get('/api/v1/metrics/periods/2022'), 404, 'PERIOD_NOT_CLOSED');
  });

  it('closes 2022: the snapshot stays put after an edit, and says which cases moved and why', async () => {
    expectError(
      await t.request('POST', '/api/v1/metrics/periods/2023/close', { token: leader }),
      409,
      'PERIOD_NOT_ENDED',
    );
    expectError(
      await t.request('POST', '/api/v1/metrics/periods/2022/close', { token: officer }),
      403,
      'FORBIDDEN_ROLE',
    );
    const closed = await ok(
      t.request('POST', '/api/v1/metrics/periods/2022/close', { token: leader }),
    );
    expect(closed).toMatchObject({ year: 2022, differs: false });
    expectError(
      await t.request('POST', '/api/v1/metrics/periods/2022/close', { token: leader }),
      409,
      'PERIOD_ALREADY_CLOSED',
    );

    // An edit after closing: c3 turns out to be a repeat of c1.
    at('2023-01-11T10:00:00');
    await ok(caseApi(t).act(officer, c.c3.id, 'repeat-link', { firstCaseId: c.c1.id }));

    const live = byKey(await figures());
    expect([live.repeatRate.numerator.value, live.timelyTriageRate.denominator?.value]).toEqual([
      2, 4,
    ]);

    const period = await ok<{
      differs: boolean;
      figures: {
        key: string;
        differs: boolean;
        snapshot: FigureJson;
        live: FigureJson;
        changes: Record<string, number[]>;
      }[];
      caseEventsSinceClosing: { caseId: number; type: string }[];
    }>(t.request('GET', '/api/v1/metrics/periods/2022', { token: leader }));
    const p = Object.fromEntries(period.figures.map((f) => [f.key, f]));
    expect(period.differs).toBe(true);
    expect(p.repeatRate.snapshot).toMatchObject({ numerator: { value: 1 }, display: '16.67%' });
    expect(p.repeatRate.live).toMatchObject({ numerator: { value: 2 }, display: '33.33%' });
    expect(p.repeatRate.changes).toEqual({
      entered: [],
      left: [],
      movedIntoNumerator: [c.c3.id],
      movedOutOfNumerator: [],
    });
    expect(p.timelyTriageRate.snapshot.display).toBe('60%');
    expect(p.timelyTriageRate.changes.left).toEqual([c.c3.id]);
    expect(p.casesRegistered.differs).toBe(false);
    expect(period.caseEventsSinceClosing).toEqual([
      expect.objectContaining({ caseId: c.c3.id, type: 'linked_as_repeat' }),
    ]);
    // The frozen list still adds up to the frozen figure; the live one has moved.
    const frozen = await ok<{ total: number; items: { id: number; caseNo: string }[] }>(
      t.request('GET', '/api/v1/metrics/periods/2022/repeatRate/items', { token: leader }),
    );
    expect([frozen.total, frozen.items.map((i) => i.caseNo)]).toEqual([1, [c.c7.caseNo]]);
    expect((await drill('repeatRate', 'part=numerator')).ids).toEqual([c.c3.id, c.c7.id]);
    const frozenDen = await ok<{ total: number; nextCursor: number | null }>(
      t.request(
        'GET',
        '/api/v1/metrics/periods/2022/timelyTriageRate/items?part=denominator&groupBy=unit&group=none&limit=4',
        { token: leader },
      ),
    );
    expect(frozenDen).toMatchObject({ total: 5, nextCursor: c.c3.id }); // c6 c1 c2 c3 | c4
    const periods = await ok<{ year: number }[]>(
      t.request('GET', '/api/v1/metrics/periods', { token: officer }),
    );
    expect(periods.map((x) => x.year)).toEqual([2022]);
  });

  describe('self-evaluation', () => {
    interface EvaluationJson {
      version: number;
      copiedFromYear: number | null;
      sections: Record<string, string>;
      evaluation: {
        figuresSource: string;
        totalScore: number;
        budget: { budget: number; executed: number; executionRate: number | null };
        indicators: {
          level3: string;
          actual: number | null;
          score: number | null;
          met: boolean | null;
        }[];
        rendered: Record<string, string>;
        issues: { code: string; message: string }[];
      };
    }
    const get = (year: number) =>
      ok<EvaluationJson>(t.request('GET', `/api/v1/self-evaluations/${year}`, { token: finance }));

    it('opens a year copied forward from the previous one, and refuses to open it twice', async () => {
      await ok(
        t.request('POST', '/api/v1/self-evaluations/2021', {
          token: leader,
          body: { departmentName: '某区信访局' },
        }),
      );
      const y2021 = await get(2021);
      await ok(
        t.request('PATCH', '/api/v1/self-evaluations/2021', {
          token: leader,
          body: { version: y2021.version, sections: { functions: '处理群众来信来访。' } },
        }),
      );
      const created = await ok<EvaluationJson>(
        t.request('POST', '/api/v1/self-evaluations/2022', { token: leader, body: {} }),
      );
      expect(created.copiedFromYear).toBe(2021);
      expect(created.sections.functions).toBe('处理群众来信来访。');
      expect(created.evaluation.figuresSource).toBe('snapshot');
      expectError(
        await t.request('POST', '/api/v1/self-evaluations/2022', { token: leader, body: {} }),
        409,
        'SELF_EVALUATION_EXISTS',
      );
      expectError(
        await t.request('GET', '/api/v1/self-evaluations/2030', { token: leader }),
        404,
        'SELF_EVALUATION_NOT_FOUND',
      );
    });

    it('takes budget lines from finance staff and computes the execution rate and shares', async () => {
      const { version } = await get(2022);
      const lines = [
        {
          name: '基本支出',
          fundingSource: 'general_public',
          nature: 'basic',
          budget: 567,
          executed: 561.78,
          carryOver: 0.59,
        },
        {
          name: '信访业务项目',
          fundingSource: 'general_public',
          nature: 'project',
          budget: 312.34,
          executed: 303.98,
          carryOver: 0.6,
        },
      ];
      expectError(
        await t.request('PUT', '/api/v1/self-evaluations/2022/budget-lines', {
          token: leader,
          body: { version, lines },
        }),
        403,
        'FORBIDDEN_ROLE',
      );
      expectError(
        await t.request('PUT', '/api/v1/self-evaluations/2022/budget-lines', {
          token: finance,
          body: { version, lines: [{ ...lines[0], budget: 1.234 }] },
        }),
        400,
        'VALIDATION_FAILED',
      );
      const saved = await ok<EvaluationJson>(
        t.request('PUT', '/api/v1/self-evaluations/2022/budget-lines', {
          token: finance,
          body: { version, lines, declaredBudget: 879.34, declaredExecuted: 865.76 },
        }),
      );
      expect(saved.evaluation.budget).toMatchObject({
        budget: 879.34,
        executed: 865.76,
        executionRate: 98.46,
      });
      expect(saved.evaluation.rendered.budgetSummary).toContain(
        '全年预算数 879.34 万元，执行数 865.76 万元，完成预算的 98.46%',
      );
      expect(saved.evaluation.rendered.budgetSummary).toContain(
        '基本支出 561.78 万元，项目支出 303.98 万元。年末结转和结余 1.19 万元',
      );
      expectError(
        await t.request('PUT', '/api/v1/self-evaluations/2022/budget-lines', {
          token: finance,
          body: { version, lines },
        }),
        409,
        'STALE_VERSION',
      );
    });

    it('checks the text: a printed rate that does not follow from its amounts, unknown placeholders', async () => {
      const { version } = await get(2022);
      expectError(
        await t.request('PATCH', '/api/v1/self-evaluations/2022', {
          token: leader,
          body: { version, sections: { conclusion: '来访 {{metrics.noSuchFigure}} 件' } },
        }),
        400,
        'UNKNOWN_PLACEHOLDER',
      );
      expectError(
        await t.request('PATCH', '/api/v1/self-evaluations/2022', {
          token: finance,
          body: { version, sections: { problems: '无' } },
        }),
        403,
        'FORBIDDEN_ROLE',
      );
      // The historical report's sentence, as printed.
      await ok(
        t.request('PATCH', '/api/v1/self-evaluations/2022', {
          token: leader,
          body: {
            version,
            sections: {
              budgetSummary: '全年预算数 879.34 万元，执行数 865.76 万元，完成预算的 98.50%。',
            },
          },
        }),
      );
      const checks = await ok<{ issues: { code: string; message: string }[] }>(
        t.request('GET', '/api/v1/self-evaluations/2022/checks', { token: leader }),
      );
      expect(checks.issues).toEqual(
        expect.arrayContaining([
          expect.objectContaining({
            code: 'PRINTED_RATE_MISMATCH',
            message: '「部门整体收支情况」写明 98.50%，但 865.76 ÷ 879.34 = 98.46%',
          }),
        ]),
      );
    });

    it('scores the indicator table from the frozen figures and flags a missed target without a reason', async () => {
      const e = await get(2022);
      const byName = Object.fromEntries(e.evaluation.indicators.map((i) => [i.level3, i]));
      expect(byName['预算执行率']).toMatchObject({ actual: 98.46, met: true, score: 10 });
      expect(byName['发出督办函']).toMatchObject({ actual: 2, met: false, score: 0.05 }); // 2 of 200, weight 5
      expect(byName['复查复核']).toMatchObject({ actual: 1, met: false }); // bound to the review figure
      expect(byName['重复信访率']).toMatchObject({ actual: 16.67, met: true, score: 15 }); // the snapshot, not the live 33.33
      expect(e.evaluation.issues.map((i) => i.code)).toContain('TARGET_MISSED_WITHOUT_REASON');

      const indicators = [
        {
          level1: '预算执行',
          level2: '预算执行',
          level3: '预算执行率',
          nature: '>=',
          target: 95,
          unit: '%',
          weight: 10,
          metricKey: 'budget.executionRate',
        },
        {
          level1: '产出指标',
          level2: '数量指标',
          level3: '化解重点信访事项',
          nature: '>=',
          target: 1,
          unit: '件',
          weight: 25,
          metricKey: 'keyMattersResolved',
        },
        {
          level1: '产出指标',
          level2: '数量指标',
          level3: '复查复核',
          nature: '>=',
          target: 1,
          unit: '件',
          weight: 25,
          metricKey: 'reviewsHandled',
        },
        {
          level1: '效益指标',
          level2: '社会效益',
          level3: '按期办结率',
          nature: '>=',
          target: 90,
          unit: '%',
          weight: 30,
          metricKey: 'onTimeAnswerRate',
          reason: '个别单位超期办理',
        },
        {
          level1: '满意度指标',
          level2: '服务对象满意度',
          level3: '群众满意率',
          nature: '>=',
          target: 50,
          unit: '%',
          weight: 10,
          metricKey: 'satisfactionRate',
        },
      ];
      expectError(
        await t.request('PUT', '/api/v1/self-evaluations/2022/indicators', {
          token: leader,
          body: { version: e.version, indicators: [{ ...indicators[0], metricKey: 'nothing' }] },
        }),
        400,
        'UNKNOWN_METRIC',
      );
      const saved = await ok<EvaluationJson>(
        t.request('PUT', '/api/v1/self-evaluations/2022/indicators', {
          token: leader,
          body: { version: e.version, indicators },
        }),
      );
      // 10 + 25 + 25 + 30 × 50/90 + 10 = 86.67
      expect(saved.evaluation.totalScore).toBe(86.67);
      expect(saved.evaluation.issues.map((i) => i.code)).not.toContain(
        'TARGET_MISSED_WITHOUT_REASON',
      );
    });

    it('renders the report as .docx (figures in its XML), HTML and PDF', async () => {
      const download = (suffix: string) =>
        t.app.inject({
          method: 'GET',
          url: `/api/v1/self-evaluations/2022/report.${suffix}`,
          headers: { authorization: `Bearer ${finance}` },
        });
      const docx = await download('docx');
      expect(docx.statusCode).toBe(200);
      expect(docx.headers['content-type']).toContain('wordprocessingml');
      const xml = strFromU8(unzipSync(new Uint8Array(docx.rawPayload))['word/document.xml']);
      const text = xml.replace(/<[^>]+>/g, '');
      for (const expected of [
        '某区信访局 2022 年部门整体支出绩效自评报告',
        '一、基本情况',
        '（二）部门整体收支情况',
        '二、综合评价分析',
        '三、存在的主要问题',
        '四、下一步改进措施',
        '通过省一体化信访信息系统交转办的信访案件办结率 50%',
        '化解重点信访事项 1 件',
        '全年发出督办函 2 份',
        '全年登记信访件 6 件',
        '自评 86.67 分',
        '865.76 ÷ 879.34 = 98.46%',
        '复查复核',
      ]) {
        expect(text).toContain(expected);
      }
      const html = await download('html');
      expect(html.headers['content-type']).toContain('text/html');
      expect(html.body).toContain('<td>自评 86.67 分</td>');
      const pdf = await download('pdf');
      expect(pdf.headers['content-type']).toBe('application/pdf');
      expect(pdf.rawPayload.subarray(0, 5).toString()).toBe('%PDF-');
      expect(pdf.rawPayload.includes(Buffer.from('/FontFile2'))).toBe(true);
      const denied = await t.app.inject({
        method: 'GET',
        url: '/api/v1/self-evaluations/2022/report.pdf',
        headers: { authorization: `Bearer ${handlerA}` },
      });
      expect(denied.statusCode).toBe(403);
    });
  });
});
