import type { Figure, YearFigures } from '@app/metrics';
import { summarizeBudget, type BudgetLine } from './budget';
import { checkBudget, checkIndicators, checkPrintedRates, roundedPercent } from './consistency';
import { evaluate, reportDoc } from './evaluation';
import {
  DEFAULT_LEVEL1_WEIGHTS,
  defaultIndicators,
  scoreIndicator,
  scoreIndicators,
  type Indicator,
} from './indicators';
import { formatAmount, toHundredths } from './money';
import { defaultSections, fillPlaceholders, placeholdersIn } from './narrative';

/** The reference report's money (荔湾区信访局 2022): 879.34 budgeted, 865.76 spent. */
const REFERENCE_LINES: BudgetLine[] = [
  {
    name: '基本支出',
    fundingSource: 'general_public',
    nature: 'basic',
    budget: toHundredths('567.00'),
    executed: toHundredths('561.78'),
    carryOver: toHundredths('0.59'),
  },
  {
    name: '信访业务项目',
    fundingSource: 'general_public',
    nature: 'project',
    budget: toHundredths('312.34'),
    executed: toHundredths('303.98'),
    carryOver: toHundredths('0.60'),
  },
];

describe('money', () => {
  it.each([
    ['865.76', 86576],
    ['0', 0],
    ['0.5', 50],
    [879.34, 87934],
    ['1000000.01', 100000001],
  ])('%s → %i hundredths', (text, h) => expect(toHundredths(text)).toBe(h));

  it.each([['1.234'], ['abc'], ['']])('refuses %s', (text) =>
    expect(() => toHundredths(text)).toThrow(RangeError),
  );

  it('prints whole amounts without decimals, as the reference does ("0 万元")', () => {
    expect([86576, 0, 150, 100].map(formatAmount)).toEqual(['865.76', '0', '1.50', '1']);
  });
});

describe('budget summary', () => {
  it('computes totals, the execution rate and the shares from the lines', () => {
    const s = summarizeBudget(REFERENCE_LINES);
    expect(s.budget).toBe(87934);
    expect(s.executed).toBe(86576);
    expect(s.carryOver).toBe(119);
    expect(s.executionRate).toBe(98.46);
    expect(s.byNature.basic).toEqual({ budget: 56700, executed: 56178, share: 64.89 });
    expect(s.byNature.project).toEqual({ budget: 31234, executed: 30398, share: 35.11 });
    expect(s.bySource.general_public.share).toBe(100);
    expect(s.bySource.government_fund).toEqual({ budget: 0, executed: 0, share: 0 });
  });

  it('has no rate without a budget (no division by zero)', () => {
    const s = summarizeBudget([]);
    expect(s.executionRate).toBeNull();
    expect(s.byNature.basic.share).toBeNull();
  });
});

describe('indicator scoring', () => {
  const i = (nature: Indicator['nature'], target: number, weight = 10) => ({
    nature,
    target,
    weight,
  });
  it.each<[string, ReturnType<typeof i>, number | null, number | null]>([
    ['≥ met', i('>=', 95), 98.46, 10],
    ['≥ missed: in proportion', i('>=', 300), 240, 8],
    ['≥ with a zero actual', i('>=', 300), 0, 0],
    ['≤ met', i('<=', 20), 12.5, 10],
    ['≤ missed: target ÷ actual', i('<=', 20, 15), 25, 12],
    ['= met', i('=', 100), 100, 10],
    ['= missed by 5%', i('=', 100), 95, 9.5],
    ['= far off floors at 0', i('=', 100), 300, 0],
    ['no actual: not scored', i('>=', 95), null, null],
  ])('%s', (_, ind, actual, score) => expect(scoreIndicator(ind, actual)).toBe(score));

  it('the default table carries the DESIGN §6 first-level weights 10/50/30/10', () => {
    const byLevel1 = new Map<string, number>();
    for (const d of defaultIndicators()) {
      byLevel1.set(d.level1, (byLevel1.get(d.level1) ?? 0) + d.weight);
    }
    expect(Object.fromEntries(byLevel1)).toEqual(DEFAULT_LEVEL1_WEIGHTS);
  });

  it('a bound indicator takes the metric; an unbound one its entered actual', () => {
    const rows: Indicator[] = [
      { ...defaultIndicators()[1], metricKey: 'lettersIssued', target: 200, weight: 60 },
      {
        level1: '产出指标',
        level2: '数量指标',
        level3: '复查复核',
        nature: '>=',
        target: 40,
        unit: '件',
        weight: 40,
        metricKey: null,
        enteredActual: 37,
        reason: null,
      },
    ];
    const scored = scoreIndicators(rows, (key) => (key === 'lettersIssued' ? 226 : undefined));
    expect(scored.rows.map((r) => [r.actual, r.actualSource, r.met, r.score])).toEqual([
      [226, 'metric', true, 60],
      [37, 'entered', false, 37],
    ]);
    expect(scored.total).toBe(97);
    expect(scored.weightTotal).toBe(100);
  });
});

describe('placeholders', () => {
  it('fills known names and reports unknown ones, leaving them visible', () => {
    const text = '化解 {{metrics.keyMattersResolved}} 件，来访 {{ metrics.noSuchFigure }} 件';
    expect(placeholdersIn(text)).toEqual(['metrics.keyMattersResolved', 'metrics.noSuchFigure']);
    expect(fillPlaceholders(text, { 'metrics.keyMattersResolved': '319' })).toEqual({
      text: '化解 319 件，来访 {{ metrics.noSuchFigure }} 件',
      unknown: ['metrics.noSuchFigure'],
    });
  });
});

describe('consistency checks', () => {
  it('flags the reference report: 865.76 ÷ 879.34 = 98.46%, not the printed 98.50%', () => {
    const issues = checkPrintedRates(
      'budgetSummary',
      '全年预算数 879.34 万元，执行数 865.76 万元，完成预算的 98.50%。',
    );
    expect(issues).toEqual([
      expect.objectContaining({
        code: 'PRINTED_RATE_MISMATCH',
        severity: 'error',
        message: '「部门整体收支情况」写明 98.50%，但 865.76 ÷ 879.34 = 98.46%',
      }),
    ]);
  });

  it.each([
    ['全年预算数 879.34 万元，执行数 865.76 万元，完成预算的 98.46%。'],
    ['全年预算数 879.34 万元，执行数 865.76 万元，完成预算的 98.5%。'], // right at one decimal
    ['全年预算数 879.34 万元，执行数 865.76 万元。办结率 100%。'], // the rate is in another sentence
    ['办结率 100%，化解 319 件。'],
  ])('accepts %s', (text) => expect(checkPrintedRates('budgetSummary', text)).toEqual([]));

  it('rounds exactly at the printed precision', () => {
    expect(roundedPercent(86576, 87934, 2)).toBe('98.46');
    expect(roundedPercent(86576, 87934, 1)).toBe('98.5');
    expect(roundedPercent(86576, 87934, 0)).toBe('98');
    expect(roundedPercent(1, 8, 1)).toBe('12.5');
  });

  it('flags a missed target without a reason, a missing actual, and weights off 100', () => {
    const base = defaultIndicators()[0];
    const { rows, weightTotal } = scoreIndicators(
      [
        { ...base, level3: 'A', weight: 50 },
        { ...base, level3: 'B', weight: 30, reason: '年底集中支付未到账' },
        { ...base, level3: 'C', weight: 10, metricKey: 'nothing' },
      ],
      () => 90,
    );
    expect(checkIndicators(rows, weightTotal).map((i) => [i.code, i.details?.indicator])).toEqual([
      ['WEIGHTS_NOT_100', undefined],
      ['TARGET_MISSED_WITHOUT_REASON', 'A'],
      ['TARGET_MISSED_WITHOUT_REASON', 'C'],
    ]);
    const none = scoreIndicators([{ ...base, weight: 100 }], () => undefined);
    expect(checkIndicators(none.rows, none.weightTotal).map((i) => i.code)).toEqual([
      'INDICATOR_WITHOUT_ACTUAL',
    ]);
  });

  it('flags budget lines that do not add up to the declared totals, and overspent lines', () => {
    const lines = [
      ...REFERENCE_LINES,
      { ...REFERENCE_LINES[0], name: '超支', budget: 0, executed: 100 },
    ];
    const issues = checkBudget(lines, summarizeBudget(lines), { budget: 87934, executed: 86576 });
    expect(issues.map((i) => i.code)).toEqual(['BUDGET_TOTAL_MISMATCH', 'BUDGET_LINE_OVERSPENT']);
    expect(issues[0].message).toBe(
      '执行数填报 865.76 万元，但预算明细合计 866.76 万元，相差 -1 万元',
    );
    expect(
      checkBudget(REFERENCE_LINES, summarizeBudget(REFERENCE_LINES), {
        budget: 87934,
        executed: 86576,
      }),
    ).toEqual([]);
  });
});

describe('the report', () => {
  const figure = (
    key: string,
    kind: 'count' | 'rate',
    value: number | null,
    display: string,
  ): Figure => ({
    key,
    label: key,
    definition: '口径',
    kind,
    itemType: 'case',
    unit: kind === 'count' ? '件' : '%',
    numerator: { label: '分子', value: value ?? 0 },
    denominator: kind === 'rate' ? { label: '分母', value: 1 } : null,
    value,
    display,
  });
  const figures: YearFigures = {
    year: 2022,
    source: 'snapshot',
    closedAt: new Date('2023-01-05T02:00:00Z'),
    figures: [
      figure('systemClosureRate', 'rate', 100, '100%'),
      figure('keyMattersResolved', 'count', 319, '319'),
      figure('lettersIssued', 'count', 226, '226'),
      figure('reviewsHandled', 'count', 37, '37'),
    ],
  };

  it('follows the reference structure, fills the figures and lists the checks', () => {
    const sections = {
      ...defaultSections(),
      budgetSummary:
        '全年预算数 {{budget.total}} 万元，执行数 {{budget.executed}} 万元，完成预算的 98.50%。',
      conclusion:
        '系统交转办信访件办结率{{metrics.systemClosureRate}}，处理群众复查复核信访事项{{metrics.reviewsHandled}}件，化解重点信访事项{{metrics.keyMattersResolved}}件，全年发出督办函{{metrics.lettersIssued}}份，自评{{score.total}}分。',
    };
    const indicators: Indicator[] = [
      { ...defaultIndicators()[0], weight: 20 },
      { ...defaultIndicators()[1], weight: 20 },
      { ...defaultIndicators()[2], weight: 20 },
      { ...defaultIndicators()[3], weight: 40 },
    ];
    const e = evaluate({
      year: 2022,
      departmentName: '某区信访局',
      sections,
      lines: REFERENCE_LINES,
      declared: { budget: null, executed: null },
      indicators,
      figures,
    });
    expect(e.totalScore).toBe(100);
    expect(e.rendered.conclusion).toBe(
      '系统交转办信访件办结率100%，处理群众复查复核信访事项37件，化解重点信访事项319件，全年发出督办函226份，自评100分。',
    );
    expect(e.issues.map((i) => i.code)).toEqual(['PRINTED_RATE_MISMATCH']);

    const doc = reportDoc(e);
    expect(doc.title).toBe('某区信访局 2022 年部门整体支出绩效自评报告');
    const headings = doc.blocks.filter((b) => b.kind === 'heading').map((b) => b.text);
    expect(headings).toEqual([
      '一、基本情况',
      '（一）部门职能',
      '（二）部门整体收支情况',
      '（三）部门整体支出绩效目标',
      '（四）部门年度重点工作任务',
      '二、综合评价分析',
      '（一）自评结论综述',
      '（二）各重点工作任务绩效目标完成情况分析',
      '（三）主要工作成效',
      '三、存在的主要问题',
      '四、下一步改进措施',
      '附录  一致性检查',
    ]);
    const table = doc.blocks.find((b) => b.kind === 'table');
    expect(table).toMatchObject({
      totalRow: ['合计', '', '', '', '', '100', '100', '自评 100 分'],
    });
    const text = JSON.stringify(doc);
    expect(text).toContain('865.76 ÷ 879.34 = 98.46%');
  });
});
