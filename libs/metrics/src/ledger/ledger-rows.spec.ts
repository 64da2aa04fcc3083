import { addDays } from '@app/calendar';
import { monthAligned, monthsBetween, wholeYears } from './ledger-months';
import { ledgerRows, LEDGER_METRICS } from './ledger-rows';
import { ITEMS_SQL } from './rebuild-items-sql';
import { periodInstants, type Period } from '../metric-math';
import type { MetricContext, MetricDefinition } from '../metric-registry';
import type {
  CaseClockRow,
  CaseRow,
  HandedDownRow,
  LetterRow,
  ReviewRow,
  SourceName,
} from '../metric-sources';

/** Deterministic pseudo-random numbers (mulberry32). */
function prng(seed: number) {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let x = s;
    x = Math.imul(x ^ (x >>> 15), x | 1);
    x ^= x + Math.imul(x ^ (x >>> 7), x | 61);
    return ((x ^ (x >>> 14)) >>> 0) / 4294967296;
  };
}
const rand = prng(7);
const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)];
const maybe = <T>(v: T): T | null => (rand() < 0.4 ? null : v);
/** An instant between 2021-12-01 and 2023-02-28 (Shanghai), at any time of day. */
const instant = () =>
  new Date(Date.parse('2021-11-30T16:00:00Z') + Math.floor(rand() * 455 * 86_400_000));
const dayOfInstant = (d: Date) => new Date(d.getTime() + 8 * 3_600_000).toISOString().slice(0, 10);

function aCase(id: number): CaseRow {
  const level = pick(['national', 'provincial', 'municipal', 'district']);
  const evaluatedAt = maybe(instant());
  return {
    id,
    unitId: maybe(pick([7, 8, 9])),
    channel: pick(['visit', 'letter', 'online', 'call']),
    source: level === 'district' ? 'direct' : pick(['assigned', 'transferred']),
    sourceLevel: level,
    registeredAt: instant(),
    repeat: rand() < 0.2,
    collective: rand() < 0.2,
    skipLevel: rand() < 0.1,
    status: pick(['registered', 'accepted', 'closed']),
    provincialDueDate: level !== 'district' && rand() < 0.3 ? dayOfInstant(instant()) : null,
    closedAt: maybe(instant()),
    evaluation: evaluatedAt
      ? pick(['satisfied', 'basically_satisfied', 'dissatisfied', 'lapsed'])
      : null,
    evaluatedAt,
  };
}

function aClock(id: number): CaseClockRow {
  const dueAt = instant();
  const status = pick(['running', 'satisfied', 'cancelled'] as const);
  return {
    case: aCase(id),
    clock: {
      id: id * 10,
      hopUnitId: maybe(pick([7, 8])),
      status,
      dueDate: dayOfInstant(new Date(dueAt.getTime() - 1)),
      dueAt,
      endedAt: status === 'running' ? null : instant(),
    },
  };
}

function aHandedDown(id: number): HandedDownRow {
  const k = aClock(id);
  return {
    case: k.case,
    handling: rand() < 0.3 ? null : { dueDate: k.clock.dueDate, hopUnitId: k.clock.hopUnitId },
  };
}

function aLetter(id: number): LetterRow {
  const repliedAt = maybe(instant());
  return {
    id,
    unitId: pick([7, 8]),
    status: pick(['issued', 'replied', 'voided']),
    issuedAt: instant(),
    replyDueAt: instant(),
    repliedAt,
    repliedOnTime: repliedAt ? rand() < 0.7 : null,
  };
}

function aReview(id: number): ReviewRow {
  return {
    id,
    kind: pick(['review', 're_review'] as const),
    reviewedUnitId: maybe(7),
    channel: pick(['visit', 'letter']),
    sourceLevel: pick(['municipal', 'district']),
    deliveredAt: instant(),
  };
}

const makers: Partial<Record<SourceName, (id: number) => unknown>> = {
  registeredCases: aCase,
  evaluatedCases: aCase,
  triageClocks: aClock,
  handlingClocks: aClock,
  handedDownCases: aHandedDown,
  letters: aLetter,
  reviewDecisions: aReview,
};

const PERIODS: Period[] = [
  { from: '2022-01-01', to: '2022-12-31' },
  { from: '2022-03-01', to: '2022-05-31' },
  { from: '2022-02-14', to: '2022-02-14' },
  { from: '2021-12-15', to: '2023-01-10' },
];
const NOWS = ['2022-02-01T00:00:00Z', '2022-07-15T03:00:00Z', '2023-06-01T00:00:00Z'].map(
  (s) => new Date(s),
);

describe('the summaries keep what classify decides, for any period and time', () => {
  it.each(LEDGER_METRICS.map((m) => [m.key, m] as const))(
    '%s: a stored item is in a period, its numerator and its groups exactly when classify says so',
    (_key, metric: MetricDefinition) => {
      const make = makers[metric.source]!;
      const rows = Array.from({ length: 400 }, (_, i) => make(i + 1)) as never[];
      const stored = new Map(ledgerRows(metric, rows).map((r) => [r.id, r]));
      for (const period of PERIODS) {
        for (const now of NOWS) {
          const ctx: MetricContext = { period, ...periodInstants(period), now };
          for (const row of rows) {
            const item = metric.classify(row, ctx);
            const id =
              (row as { id?: number; case?: { id: number } }).id ?? (row as CaseClockRow).case.id;
            const s = stored.get(id);
            const counted =
              s !== undefined &&
              s.day >= period.from &&
              s.day <= period.to &&
              (s.pendingDue === null || s.pendingDue.getTime() <= now.getTime());
            expect({ id, counted }).toEqual({ id, counted: item !== null });
            if (!item || !s) continue;
            expect({
              num: s.numDay !== null && s.numDay <= period.to,
              unitId: s.unitId,
              channel: s.channel,
              sourceLevel: s.sourceLevel,
              month: s.month,
            }).toEqual({
              num: item.num,
              unitId: item.unitId,
              channel: item.channel,
              sourceLevel: item.sourceLevel,
              month: item.month,
            });
          }
        }
      }
    },
  );

  it('every figure but the stock and small-table ones is kept in the summaries', () => {
    expect(LEDGER_METRICS.map((m) => m.key)).not.toContain('keyMatterResolutionRate');
    expect(LEDGER_METRICS.length).toBeGreaterThanOrEqual(14);
  });

  it('knows whole months and lists them', () => {
    expect(monthAligned({ from: '2024-01-01', to: '2024-02-29' })).toBe(true);
    expect(monthAligned({ from: '2023-01-01', to: '2023-02-28' })).toBe(true);
    expect(monthAligned({ from: '2024-01-01', to: '2024-02-28' })).toBe(false);
    expect(monthAligned({ from: '2024-01-02', to: '2024-12-31' })).toBe(false);
    expect(monthsBetween('2022-11', '2023-02')).toEqual([
      '2022-11',
      '2022-12',
      '2023-01',
      '2023-02',
    ]);
    expect(addDays('2022-12-31', 1)).toBe('2023-01-01');
  });

  it('knows whole years (read from the year counters)', () => {
    expect(wholeYears({ from: '2024-01-01', to: '2024-12-31' })).toEqual(['2024']);
    expect(wholeYears({ from: '2022-01-01', to: '2024-12-31' })).toEqual(['2022', '2023', '2024']);
    expect(wholeYears({ from: '2024-01-01', to: '2024-11-30' })).toBeNull();
    expect(wholeYears({ from: '2024-02-01', to: '2024-12-31' })).toBeNull();
  });

  it('every figure kept in the summaries is recomputed in SQL too, and nothing else', () => {
    expect(Object.keys(ITEMS_SQL).sort()).toEqual(LEDGER_METRICS.map((m) => m.key).sort());
  });
});
