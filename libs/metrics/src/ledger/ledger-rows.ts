import { dayOf } from '../metric-math';
import { METRICS, type MetricContext, type MetricDefinition } from '../metric-registry';
import type { SourceName, SourceRows } from '../metric-sources';

/** One item behind a figure as the summaries keep it (whatever the period asked for). */
export interface LedgerRow {
  key: string;
  id: number;
  day: string;
  month: string;
  unitId: number | null;
  channel: string | null;
  sourceLevel: string | null;
  /** In the numerator of a period ending on or after this day; null: never. */
  numDay: string | null;
  /** Counts only from this instant on (a clock or reply not yet due); null: counts now. */
  pendingDue: Date | null;
}

/** Counted parts of one figure or group. */
export interface Parts {
  num: number;
  den: number;
}

/** Every figure read from the summaries (not `live`). */
export const LEDGER_METRICS: readonly MetricDefinition[] = (
  METRICS as readonly MetricDefinition[]
).filter((m) => !m.live);

const FAR = 8.64e15;
/** Every row in its population, numerator as if the period never ended, everything due. */
const UNBOUNDED: MetricContext = {
  period: { from: '0000-01-01', to: '9999-12-31' },
  fromAt: new Date(-FAR),
  toAt: new Date(FAR),
  now: new Date(FAR),
};

/** A source's rows turned into ledger rows for one figure: the first row of an id wins. */
export function ledgerRows<S extends SourceName>(
  metric: MetricDefinition<S>,
  rows: readonly SourceRows[S][],
): LedgerRow[] {
  const out: LedgerRow[] = [];
  const seen = new Set<number>();
  for (const row of rows) {
    const item = metric.classify(row, UNBOUNDED);
    if (!item || seen.has(item.id)) continue;
    seen.add(item.id);
    const numFrom = item.num && metric.numeratorFrom ? metric.numeratorFrom(row) : null;
    out.push({
      key: metric.key,
      id: item.id,
      day: item.day,
      month: item.month,
      unitId: item.unitId,
      channel: item.channel,
      sourceLevel: item.sourceLevel,
      numDay: item.num ? (numFrom ? dayOf(numFrom) : item.day) : null,
      pendingDue: metric.countsFrom?.(row) ?? null,
    });
  }
  return out;
}
