import type { ReportDoc } from '@app/documents';
import { formatPercent, percentOf, type Figure, type YearFigures } from '@app/metrics';
import {
  EXPENDITURE_NATURE_LABELS,
  FUNDING_SOURCE_LABELS,
  budgetPlaceholders,
  summarizeBudget,
  type BudgetLine,
  type BudgetSummary,
} from './budget';
import {
  checkBudget,
  checkIndicators,
  checkPrintedRates,
  type ConsistencyIssue,
} from './consistency';
import {
  BUDGET_EXECUTION_RATE,
  INDICATOR_NATURE_LABELS,
  formatNumber,
  scoreIndicators,
  type Indicator,
  type ScoredIndicator,
} from './indicators';
import { formatAmount, type Hundredths } from './money';
import { SECTION_KEYS, SECTION_TITLES, fillPlaceholders, type Sections } from './narrative';

export interface EvaluationInput {
  year: number;
  departmentName: string;
  sections: Sections;
  lines: BudgetLine[];
  declared: { budget: Hundredths | null; executed: Hundredths | null };
  indicators: Indicator[];
  figures: YearFigures;
}

export interface Evaluation {
  year: number;
  departmentName: string;
  figuresSource: YearFigures['source'];
  figuresClosedAt: Date | null;
  figures: Figure[];
  budget: BudgetSummary;
  indicators: ScoredIndicator[];
  totalScore: number;
  weightTotal: number;
  /** The sections with every placeholder filled from the data. */
  rendered: Sections;
  placeholders: Record<string, string>;
  issues: ConsistencyIssue[];
}

/** Every placeholder a section may use, with its value for this year. */
export function placeholderValues(
  input: Pick<EvaluationInput, 'year' | 'departmentName'>,
  figures: readonly Figure[],
  budget: BudgetSummary,
  totalScore: number,
): Record<string, string> {
  const values: Record<string, string> = {
    year: String(input.year),
    department: input.departmentName,
    'score.total': formatNumber(totalScore),
    ...budgetPlaceholders(budget),
  };
  for (const f of figures) {
    values[`metrics.${f.key}`] = f.display;
    values[`metrics.${f.key}.numerator`] = String(f.numerator.value);
    if (f.denominator) values[`metrics.${f.key}.denominator`] = String(f.denominator.value);
  }
  return values;
}

/** Binding keys an indicator may use: every metric, and the budget execution rate. */
export function bindingKeys(figures: readonly Figure[]): string[] {
  return [BUDGET_EXECUTION_RATE, ...figures.map((f) => f.key)];
}

/** Computes everything the report prints and the consistency problems it finds. */
export function evaluate(input: EvaluationInput): Evaluation {
  const budget = summarizeBudget(input.lines);
  const figures = input.figures.figures;
  const byKey = new Map(figures.map((f) => [f.key, f]));
  const scored = scoreIndicators(input.indicators, (key) =>
    key === BUDGET_EXECUTION_RATE ? budget.executionRate : byKey.get(key)?.value,
  );
  const placeholders = placeholderValues(input, figures, budget, scored.total);
  const issues: ConsistencyIssue[] = [];
  const rendered = {} as Sections;
  for (const key of SECTION_KEYS) {
    const { text, unknown } = fillPlaceholders(input.sections[key] ?? '', placeholders);
    rendered[key] = text;
    for (const name of unknown) {
      issues.push({
        code: 'UNKNOWN_PLACEHOLDER',
        severity: 'error',
        message: `「${SECTION_TITLES[key]}」中的占位符 {{${name}}} 没有对应的数据`,
        details: { section: key, placeholder: name },
      });
    }
    issues.push(...checkPrintedRates(key, text));
  }
  issues.push(...checkBudget(input.lines, budget, input.declared));
  issues.push(...checkIndicators(scored.rows, scored.weightTotal));
  if (input.figures.source === 'live') {
    issues.push({
      code: 'FIGURES_NOT_FROZEN',
      severity: 'warning',
      message: `${input.year} 年度统计尚未结账，报告中的统计数为实时数，可能变动`,
    });
  }
  return {
    year: input.year,
    departmentName: input.departmentName,
    figuresSource: input.figures.source,
    figuresClosedAt: input.figures.closedAt,
    figures: [...figures],
    budget,
    indicators: scored.rows,
    totalScore: scored.total,
    weightTotal: scored.weightTotal,
    rendered,
    placeholders,
    issues,
  };
}

const CN_NUMERALS = ['一', '二', '三', '四', '五', '六', '七', '八', '九', '十'];

/** The report in the reference's structure, with the indicator table, figures and checks. */
export function reportDoc(e: Evaluation): ReportDoc {
  const blocks: ReportDoc['blocks'] = [];
  const paragraphs = (text: string) => {
    for (const line of text.split('\n').map((l) => l.trim())) {
      if (line) blocks.push({ kind: 'paragraph', text: line });
    }
  };
  const part = (n: number, title: string) =>
    blocks.push({ kind: 'heading', level: 1, text: `${CN_NUMERALS[n]}、${title}` });
  const sub = (n: number, title: string) =>
    blocks.push({ kind: 'heading', level: 2, text: `（${CN_NUMERALS[n]}）${title}` });

  part(0, '基本情况');
  sub(0, SECTION_TITLES.functions);
  paragraphs(e.rendered.functions);
  sub(1, SECTION_TITLES.budgetSummary);
  paragraphs(e.rendered.budgetSummary);
  sub(2, SECTION_TITLES.goals);
  paragraphs(e.rendered.goals);
  sub(3, SECTION_TITLES.keyTasks);
  paragraphs(e.rendered.keyTasks);

  part(1, '综合评价分析');
  sub(0, SECTION_TITLES.conclusion);
  paragraphs(e.rendered.conclusion);
  sub(1, SECTION_TITLES.taskCompletion);
  paragraphs(e.rendered.taskCompletion);
  sub(2, SECTION_TITLES.achievements);
  paragraphs(e.rendered.achievements);

  part(2, SECTION_TITLES.problems);
  paragraphs(e.rendered.problems);
  part(3, SECTION_TITLES.improvements);
  paragraphs(e.rendered.improvements);

  blocks.push({
    kind: 'table',
    caption: `附表 1  ${e.year} 年度部门整体支出绩效自评表`,
    header: [
      '一级指标',
      '二级指标',
      '三级指标',
      '指标值',
      '实际完成值',
      '权重',
      '得分',
      '偏差原因',
    ],
    widths: [2, 2, 3.2, 1.8, 1.8, 1.1, 1.1, 3],
    rows: e.indicators.map((r) => [
      r.level1,
      r.level2,
      r.level3,
      `${INDICATOR_NATURE_LABELS[r.nature]}${formatNumber(r.target)}${r.unit}`,
      r.actual === null ? '—' : `${formatNumber(r.actual)}${r.unit}`,
      formatNumber(r.weight),
      formatNumber(r.score),
      r.reason ?? '',
    ]),
    totalRow: [
      '合计',
      '',
      '',
      '',
      '',
      formatNumber(e.weightTotal),
      formatNumber(e.totalScore),
      `自评 ${formatNumber(e.totalScore)} 分`,
    ],
  });

  blocks.push({
    kind: 'table',
    caption: `附表 2  ${e.year} 年度预算执行情况（万元）`,
    header: ['资金来源 / 支出性质', '全年预算数', '执行数', '执行率', '占执行总额'],
    widths: [4, 2, 2, 1.6, 1.6],
    rows: [
      ...Object.entries(e.budget.bySource).map(([source, s]) => [
        FUNDING_SOURCE_LABELS[source as keyof typeof FUNDING_SOURCE_LABELS],
        formatAmount(s.budget),
        formatAmount(s.executed),
        s.budget > 0 ? formatPercent(percentOf(s.executed, s.budget)) : '—',
        s.share === null ? '—' : `${s.share.toFixed(2)}%`,
      ]),
      ...Object.entries(e.budget.byNature).map(([nature, s]) => [
        EXPENDITURE_NATURE_LABELS[nature as keyof typeof EXPENDITURE_NATURE_LABELS],
        formatAmount(s.budget),
        formatAmount(s.executed),
        s.budget > 0 ? formatPercent(percentOf(s.executed, s.budget)) : '—',
        s.share === null ? '—' : `${s.share.toFixed(2)}%`,
      ]),
    ],
    totalRow: [
      `合计（年末结转和结余 ${formatAmount(e.budget.carryOver)}）`,
      formatAmount(e.budget.budget),
      formatAmount(e.budget.executed),
      e.placeholders['budget.executionRate'],
      '100%',
    ],
  });

  blocks.push({
    kind: 'table',
    caption: `附表 3  ${e.year} 年度统计指标及口径（${e.figuresSource === 'snapshot' ? '年度结账快照' : '实时数，尚未结账'}）`,
    header: ['指标', '数值', '分子', '分母', '口径'],
    widths: [2.4, 1.4, 2.2, 2.2, 6],
    rows: e.figures.map((f) => [
      f.label,
      f.kind === 'count' ? `${f.display} ${f.unit}` : f.display,
      `${f.numerator.label} ${f.numerator.value}`,
      f.denominator ? `${f.denominator.label} ${f.denominator.value}` : '—',
      f.definition,
    ]),
  });

  blocks.push({ kind: 'heading', level: 1, text: '附录  一致性检查' });
  if (e.issues.length === 0) paragraphs('未发现数字不一致的问题。');
  e.issues.forEach((issue, i) =>
    blocks.push({
      kind: 'paragraph',
      text: `${i + 1}. 【${issue.severity === 'error' ? '错误' : '提示'}】${issue.message}`,
    }),
  );

  return {
    title: `${e.departmentName} ${e.year} 年部门整体支出绩效自评报告`,
    author: e.departmentName,
    blocks,
  };
}
