export const INDICATOR_NATURES = ['=', '>=', '<='] as const;
export type IndicatorNature = (typeof INDICATOR_NATURES)[number];
export const INDICATOR_NATURE_LABELS: Record<IndicatorNature, string> = {
  '=': '=',
  '>=': '≥',
  '<=': '≤',
};

/** The binding for the budget execution rate, computed from the budget lines. */
export const BUDGET_EXECUTION_RATE = 'budget.executionRate';

/** One row of the indicator table (一级/二级/三级指标). */
export interface Indicator {
  level1: string;
  level2: string;
  level3: string;
  nature: IndicatorNature;
  target: number;
  /** %, 件, 份, 次 … */
  unit: string;
  weight: number;
  /** A metric key (or `budget.executionRate`) the actual comes from; null when entered. */
  metricKey: string | null;
  /** The actual as entered, for indicators no metric records. */
  enteredActual: number | null;
  /** 偏差原因 */
  reason: string | null;
}

/** The first-level weights of DESIGN §6: budget execution 10, outputs 50, benefits 30, satisfaction 10. */
export const DEFAULT_LEVEL1_WEIGHTS = {
  预算执行: 10,
  产出指标: 50,
  效益指标: 30,
  满意度指标: 10,
} as const;

const row = (
  level1: keyof typeof DEFAULT_LEVEL1_WEIGHTS,
  level2: string,
  level3: string,
  nature: IndicatorNature,
  target: number,
  unit: string,
  weight: number,
  metricKey: string | null,
): Indicator => ({
  level1,
  level2,
  level3,
  nature,
  target,
  unit,
  weight,
  metricKey,
  enteredActual: null,
  reason: null,
});

/** The table a first year starts from; later years copy the previous year's. */
export function defaultIndicators(): Indicator[] {
  return [
    row('预算执行', '预算执行', '预算执行率', '>=', 95, '%', 10, BUDGET_EXECUTION_RATE),
    row('产出指标', '数量指标', '发出督办函', '>=', 200, '份', 5, 'lettersIssued'),
    row('产出指标', '数量指标', '复查复核', '>=', 30, '件', 5, 'reviewsHandled'),
    row('产出指标', '数量指标', '化解重点信访事项', '>=', 300, '件', 10, 'keyMattersResolved'),
    row('产出指标', '质量指标', '系统交转办信访件办结率', '=', 100, '%', 10, 'systemClosureRate'),
    row('产出指标', '时效指标', '及时受理率', '>=', 95, '%', 10, 'timelyTriageRate'),
    row('产出指标', '时效指标', '按期办结率', '>=', 90, '%', 10, 'onTimeAnswerRate'),
    row('效益指标', '社会效益', '重点信访事项化解率', '>=', 80, '%', 15, 'keyMatterResolutionRate'),
    row('效益指标', '社会效益', '重复信访率', '<=', 20, '%', 15, 'repeatRate'),
    row('满意度指标', '服务对象满意度', '群众满意率', '>=', 90, '%', 10, 'satisfactionRate'),
  ];
}

/** Met: the actual satisfies the target under the indicator's nature. */
export function targetMet(nature: IndicatorNature, target: number, actual: number): boolean {
  switch (nature) {
    case '=':
      return actual === target;
    case '>=':
      return actual >= target;
    case '<=':
      return actual <= target;
  }
}

const round2 = (x: number) => Math.round((x + Number.EPSILON) * 100) / 100;

/**
 * The score of one indicator: its full weight when the target is met, otherwise in proportion
 * to how close it came (≥: actual ÷ target; ≤: target ÷ actual; =: 1 − relative deviation),
 * never below 0; null when there is no actual to score.
 */
export function scoreIndicator(
  i: Pick<Indicator, 'nature' | 'target' | 'weight'>,
  actual: number | null,
): number | null {
  if (actual === null) return null;
  if (targetMet(i.nature, i.target, actual)) return round2(i.weight);
  let fraction: number;
  switch (i.nature) {
    case '>=':
      fraction = i.target > 0 ? actual / i.target : 0;
      break;
    case '<=':
      fraction = actual > 0 ? i.target / actual : 0;
      break;
    case '=':
      fraction = i.target !== 0 ? 1 - Math.abs(actual - i.target) / Math.abs(i.target) : 0;
      break;
  }
  return round2(i.weight * Math.min(1, Math.max(0, fraction)));
}

export interface ScoredIndicator extends Indicator {
  actual: number | null;
  actualSource: 'metric' | 'entered' | 'none';
  met: boolean | null;
  score: number | null;
}

/** Scores every row; a bound row takes its actual from `bound` (metric values by key). */
export function scoreIndicators(
  indicators: readonly Indicator[],
  bound: (key: string) => number | null | undefined,
): { rows: ScoredIndicator[]; total: number; weightTotal: number } {
  const rows = indicators.map((i): ScoredIndicator => {
    const fromMetric = i.metricKey ? bound(i.metricKey) : undefined;
    const actual =
      i.metricKey && fromMetric !== undefined && fromMetric !== null ? fromMetric : i.enteredActual;
    const actualSource =
      actual === null ? 'none' : i.metricKey && fromMetric != null ? 'metric' : 'entered';
    return {
      ...i,
      actual,
      actualSource,
      met: actual === null ? null : targetMet(i.nature, i.target, actual),
      score: scoreIndicator(i, actual),
    };
  });
  return {
    rows,
    total: round2(rows.reduce((s, r) => s + (r.score ?? 0), 0)),
    weightTotal: round2(indicators.reduce((s, i) => s + i.weight, 0)),
  };
}

/** 100 → "100", 97.5 → "97.5", 98.46 → "98.46". */
export function formatNumber(n: number | null): string {
  if (n === null) return '—';
  return String(round2(n));
}
