import { formatAmount, toHundredths, type Hundredths } from './money';
import type { BudgetLine, BudgetSummary } from './budget';
import { formatNumber, type ScoredIndicator } from './indicators';
import { SECTION_TITLES, type SectionKey } from './narrative';

export interface ConsistencyIssue {
  code:
    | 'PRINTED_RATE_MISMATCH'
    | 'TARGET_MISSED_WITHOUT_REASON'
    | 'INDICATOR_WITHOUT_ACTUAL'
    | 'WEIGHTS_NOT_100'
    | 'BUDGET_TOTAL_MISMATCH'
    | 'BUDGET_LINE_OVERSPENT'
    | 'NO_BUDGET_LINES'
    | 'UNKNOWN_PLACEHOLDER'
    | 'FIGURES_NOT_FROZEN';
  severity: 'error' | 'warning';
  message: string;
  details?: Record<string, unknown>;
}

/** a ÷ b in per cent, rounded half up to `decimals` places, exactly (amounts in hundredths). */
export function roundedPercent(a: Hundredths, b: Hundredths, decimals: number): string {
  const scale = 10n ** BigInt(decimals);
  const n = BigInt(a) * 100n * scale;
  const d = BigInt(b);
  const q = (n * 2n + d) / (2n * d);
  const whole = q / scale;
  const frac = q % scale;
  return decimals === 0 ? `${whole}` : `${whole}.${frac.toString().padStart(decimals, '0')}`;
}

const AMOUNT_OR_RATE = /(\d+(?:\.\d+)?)\s*(万元|%|％)/g;

/**
 * A printed rate that does not follow from the amounts printed before it in the same sentence:
 * "全年预算数 879.34 万元，执行数 865.76 万元，完成预算的 98.50%" is flagged, because
 * 865.76 ÷ 879.34 = 98.46% at the two decimals printed.
 */
export function checkPrintedRates(section: SectionKey, text: string): ConsistencyIssue[] {
  const issues: ConsistencyIssue[] = [];
  for (const sentence of text.split(/[。；;\n]/)) {
    const amounts: string[] = [];
    for (const m of sentence.matchAll(AMOUNT_OR_RATE)) {
      if (m[2] === '万元') {
        amounts.push(m[1]);
        continue;
      }
      if (amounts.length < 2) continue;
      const [base, part] = amounts.slice(-2);
      const printed = m[1];
      const decimals = printed.includes('.') ? printed.split('.')[1].length : 0;
      const b = safeHundredths(base);
      const p = safeHundredths(part);
      if (b === null || p === null || b === 0 || decimals > 4) continue;
      const computed = roundedPercent(p, b, decimals);
      if (computed !== printed) {
        const exact = roundedPercent(p, b, 2);
        issues.push({
          code: 'PRINTED_RATE_MISMATCH',
          severity: 'error',
          message: `「${SECTION_TITLES[section]}」写明 ${printed}%，但 ${part} ÷ ${base} = ${exact}%`,
          details: {
            section,
            printed: `${printed}%`,
            numerator: part,
            denominator: base,
            computed: `${exact}%`,
          },
        });
      }
      amounts.length = 0;
    }
  }
  return issues;
}

function safeHundredths(text: string): Hundredths | null {
  try {
    return toHundredths(text);
  } catch {
    return null;
  }
}

export function checkIndicators(rows: readonly ScoredIndicator[], weightTotal: number) {
  const issues: ConsistencyIssue[] = [];
  if (Math.abs(weightTotal - 100) > 1e-9) {
    issues.push({
      code: 'WEIGHTS_NOT_100',
      severity: 'error',
      message: `指标权重合计为 ${formatNumber(weightTotal)}，应为 100`,
      details: { weightTotal },
    });
  }
  for (const r of rows) {
    if (r.actual === null) {
      issues.push({
        code: 'INDICATOR_WITHOUT_ACTUAL',
        severity: 'warning',
        message: `指标「${r.level3}」没有实际完成值${r.metricKey ? `（所绑定的统计指标 ${r.metricKey} 无数据）` : ''}`,
        details: { indicator: r.level3, metricKey: r.metricKey },
      });
    } else if (r.met === false && !r.reason?.trim()) {
      issues.push({
        code: 'TARGET_MISSED_WITHOUT_REASON',
        severity: 'error',
        message: `指标「${r.level3}」目标值 ${r.nature === '=' ? '' : r.nature === '>=' ? '≥' : '≤'}${formatNumber(r.target)}${r.unit}，实际 ${formatNumber(r.actual)}${r.unit}，未达目标且未说明偏差原因`,
        details: { indicator: r.level3, target: r.target, actual: r.actual, nature: r.nature },
      });
    }
  }
  return issues;
}

/** Declared totals (from the final accounts) against the sum of the lines; lines overspent. */
export function checkBudget(
  lines: readonly BudgetLine[],
  summary: BudgetSummary,
  declared: { budget: Hundredths | null; executed: Hundredths | null },
): ConsistencyIssue[] {
  const issues: ConsistencyIssue[] = [];
  if (lines.length === 0) {
    issues.push({ code: 'NO_BUDGET_LINES', severity: 'warning', message: '尚未录入预算明细' });
  }
  const compare = (label: string, field: string, stated: Hundredths | null, sum: Hundredths) => {
    if (stated !== null && stated !== sum) {
      issues.push({
        code: 'BUDGET_TOTAL_MISMATCH',
        severity: 'error',
        message: `${label}填报 ${formatAmount(stated)} 万元，但预算明细合计 ${formatAmount(sum)} 万元，相差 ${formatAmount(stated - sum)} 万元`,
        details: { field, declared: formatAmount(stated), sumOfLines: formatAmount(sum) },
      });
    }
  };
  compare('全年预算数', 'declaredBudget', declared.budget, summary.budget);
  compare('执行数', 'declaredExecuted', declared.executed, summary.executed);
  for (const l of lines) {
    if (l.executed > l.budget) {
      issues.push({
        code: 'BUDGET_LINE_OVERSPENT',
        severity: 'warning',
        message: `预算明细「${l.name}」执行数 ${formatAmount(l.executed)} 万元超过预算数 ${formatAmount(l.budget)} 万元`,
        details: { line: l.name },
      });
    }
  }
  return issues;
}
