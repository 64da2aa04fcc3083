import { formatPercent, ratio } from './metric-math';
import type { GroupDimension, MetricDefinition, MetricItem } from './metric-registry';

/** One figure as the API and the report show it. */
export interface Figure {
  key: string;
  label: string;
  definition: string;
  kind: 'count' | 'rate';
  itemType: string;
  unit: string;
  numerator: { label: string; value: number };
  denominator: { label: string; value: number } | null;
  /** The count, or the rate in per cent (two decimals, half up); null for an empty denominator. */
  value: number | null;
  /** "98.46%", "319"; "—" when there is nothing to divide by. */
  display: string;
}

export interface FigureGroup {
  /** The group's value: a unit id, channel, source level or `YYYY-MM`; null for "none". */
  value: string | number | null;
  numerator: number;
  denominator: number | null;
  figure: number | null;
  display: string;
}

/** The figure from its items: a count counts numerator items; a rate divides. */
export function figureOf(metric: MetricDefinition, items: readonly MetricItem[]): Figure {
  return figureFromParts(
    metric,
    items.filter((i) => i.num).length,
    items.filter((i) => i.den).length,
  );
}

/** The figure from its counted parts (the summaries count; `figureOf` counts items). */
export function figureFromParts(metric: MetricDefinition, num: number, den: number): Figure {
  const parts = partsOf(metric, num, den);
  return {
    key: metric.key,
    label: metric.label,
    definition: metric.definition,
    kind: metric.kind,
    itemType: metric.itemType,
    unit: metric.unit,
    numerator: { label: metric.numeratorLabel, value: num },
    denominator:
      metric.kind === 'rate' ? { label: metric.denominatorLabel ?? '分母', value: den } : null,
    value: parts.figure,
    display: parts.display,
  };
}

function partsOf(metric: MetricDefinition, num: number, den: number) {
  if (metric.kind === 'count') return { figure: num, display: String(num) };
  const r = ratio(num, den);
  return { figure: r.percent, display: formatPercent(r.percent) };
}

export function groupValue(item: MetricItem, by: GroupDimension): string | number | null {
  switch (by) {
    case 'unit':
      return item.unitId;
    case 'channel':
      return item.channel;
    case 'sourceLevel':
      return item.sourceLevel;
    case 'month':
      return item.month;
  }
}

/** The figure broken down by one dimension; the groups add up to the figure's parts. */
export function groupsOf(
  metric: MetricDefinition,
  items: readonly MetricItem[],
  by: GroupDimension,
): FigureGroup[] {
  const groups = new Map<string | number | null, { num: number; den: number }>();
  for (const item of items) {
    const key = groupValue(item, by);
    const g = groups.get(key) ?? { num: 0, den: 0 };
    if (item.num) g.num++;
    if (item.den) g.den++;
    groups.set(key, g);
  }
  return groupsFromParts(metric, groups);
}

/** The groups from counted parts per group value. */
export function groupsFromParts(
  metric: MetricDefinition,
  groups: ReadonlyMap<string | number | null, { num: number; den: number }>,
): FigureGroup[] {
  return [...groups.entries()]
    .sort(([a], [b]) => compareGroupValues(a, b))
    .map(([value, g]) => {
      const parts = partsOf(metric, g.num, g.den);
      return {
        value,
        numerator: g.num,
        denominator: metric.kind === 'rate' ? g.den : null,
        figure: parts.figure,
        display: parts.display,
      };
    });
}

function compareGroupValues(a: string | number | null, b: string | number | null): number {
  if (a === b) return 0;
  if (a === null) return 1;
  if (b === null) return -1;
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  return String(a) < String(b) ? -1 : 1;
}

/** Parses a group value from a query string the way `groupValue` produces it. */
export function parseGroupValue(by: GroupDimension, raw: string): string | number | null {
  if (raw === 'none') return null;
  if (by === 'unit') {
    const n = Number(raw);
    return Number.isInteger(n) && n > 0 ? n : Number.NaN;
  }
  return raw;
}
