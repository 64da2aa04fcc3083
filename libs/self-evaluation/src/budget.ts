import { formatPercent, percentOf } from '@app/metrics';
import { formatAmount, type Hundredths } from './money';

export const FUNDING_SOURCES = [
  'general_public',
  'government_fund',
  'state_capital',
  'other',
] as const;
export type FundingSource = (typeof FUNDING_SOURCES)[number];
export const FUNDING_SOURCE_LABELS: Record<FundingSource, string> = {
  general_public: '一般公共预算财政拨款',
  government_fund: '政府性基金预算财政拨款',
  state_capital: '国有资本经营预算财政拨款',
  other: '其他资金',
};

export const EXPENDITURE_NATURES = ['basic', 'project'] as const;
export type ExpenditureNature = (typeof EXPENDITURE_NATURES)[number];
export const EXPENDITURE_NATURE_LABELS: Record<ExpenditureNature, string> = {
  basic: '基本支出',
  project: '项目支出',
};

/** One budget line as finance staff enter it (amounts in hundredths of 万元). */
export interface BudgetLine {
  name: string;
  fundingSource: FundingSource;
  nature: ExpenditureNature;
  /** 全年预算数 */
  budget: Hundredths;
  /** 执行数 */
  executed: Hundredths;
  /** 结转和结余 */
  carryOver: Hundredths;
}

export interface Share {
  budget: Hundredths;
  executed: Hundredths;
  /** Share of the year's executed total, in per cent; null when nothing was executed. */
  share: number | null;
}

export interface BudgetSummary {
  budget: Hundredths;
  executed: Hundredths;
  carryOver: Hundredths;
  /** 预算执行率 = 执行数 ÷ 全年预算数 (per cent, two decimals); null without a budget. */
  executionRate: number | null;
  bySource: Record<FundingSource, Share>;
  byNature: Record<ExpenditureNature, Share>;
}

const sum = (xs: Hundredths[]) => xs.reduce((a, b) => a + b, 0);

/** The year's totals, rate and shares, computed from the lines: never typed in (DESIGN §5). */
export function summarizeBudget(lines: readonly BudgetLine[]): BudgetSummary {
  const executed = sum(lines.map((l) => l.executed));
  const budget = sum(lines.map((l) => l.budget));
  const shareOf = (subset: readonly BudgetLine[]): Share => {
    const e = sum(subset.map((l) => l.executed));
    return {
      budget: sum(subset.map((l) => l.budget)),
      executed: e,
      share: executed > 0 ? percentOf(e, executed) : null,
    };
  };
  return {
    budget,
    executed,
    carryOver: sum(lines.map((l) => l.carryOver)),
    executionRate: budget > 0 ? percentOf(executed, budget) : null,
    bySource: Object.fromEntries(
      FUNDING_SOURCES.map((s) => [s, shareOf(lines.filter((l) => l.fundingSource === s))]),
    ) as Record<FundingSource, Share>,
    byNature: Object.fromEntries(
      EXPENDITURE_NATURES.map((n) => [n, shareOf(lines.filter((l) => l.nature === n))]),
    ) as Record<ExpenditureNature, Share>,
  };
}

/** The `{{budget.*}}` placeholder values of a summary. */
export function budgetPlaceholders(s: BudgetSummary): Record<string, string> {
  const values: Record<string, string> = {
    'budget.total': formatAmount(s.budget),
    'budget.executed': formatAmount(s.executed),
    'budget.carryOver': formatAmount(s.carryOver),
    'budget.executionRate': formatPercent(s.executionRate),
    'budget.basic': formatAmount(s.byNature.basic.executed),
    'budget.project': formatAmount(s.byNature.project.executed),
    'budget.basicShare': formatPercent(s.byNature.basic.share),
    'budget.projectShare': formatPercent(s.byNature.project.share),
  };
  for (const source of FUNDING_SOURCES) {
    values[`budget.source.${source}`] = formatAmount(s.bySource[source].executed);
    values[`budget.sourceShare.${source}`] = formatPercent(s.bySource[source].share);
  }
  return values;
}
