import { rows, quiesce } from '../lib/database';
import { listParameters } from '../lib/list-parameters';
import { int, ms, percentile, table } from '../lib/stats';
import type { BenchRole, Scenario } from '../lib/types';

const CHANNELS = ['online', 'visit', 'letter', 'call', 'fax'];
const MODES = ['none', 'estimate', 'exact'] as const;
type Mode = (typeof MODES)[number];
const ROUNDS = Number(process.env.BENCH_TOTAL_ROUNDS || 60);
const WARMUP = 5;
const pick = <T>(items: T[]): T => items[Math.floor(Math.random() * items.length)];

interface Shape {
  id: string;
  pattern: string;
  role: BenchRole;
  unitId?: number;
  params: () => Record<string, string>;
}

/**
 * The case list with and without its total (issue 17): the request shapes of `case-list`, each
 * with `total=none` (the list alone, as before totals), `estimate` (the default: COUNT over a
 * LIMIT LIST_EXACT_TOTAL_LIMIT + 1 subquery beside the page) and `exact` (every row), paired.
 */
export const scenario: Scenario = {
  name: 'list-totals',
  title: 'list-totals — the case list with and without `total` (issue 17)',
  order: 11,
  needsDataset: true,
  async run(ctx) {
    const { unitIds, busiest, second } = await listParameters(ctx.sql);
    const year = new Date().getUTCFullYear() - 1;
    const shapes: Shape[] = [
      { id: 'newest', pattern: 'limit=20', role: 'officer', params: () => ({ limit: '20' }) },
      {
        id: 'status-unit',
        pattern: 'status=accepted&unitId=<unit>&limit=20',
        role: 'officer',
        params: () => ({ status: 'accepted', unitId: pick(unitIds), limit: '20' }),
      },
      {
        id: 'channel-year',
        pattern: `channel=<channel>&registeredFrom=${year}-01-01&registeredTo=${year + 1}-01-01&limit=20`,
        role: 'officer',
        params: () => ({
          channel: pick(CHANNELS),
          registeredFrom: `${year}-01-01T00:00:00+08:00`,
          registeredTo: `${year + 1}-01-01T00:00:00+08:00`,
          limit: '20',
        }),
      },
      {
        id: 'category',
        pattern: 'categoryCode=<4 digits>&limit=20',
        role: 'officer',
        params: () => ({ categoryCode: pick(second), limit: '20' }),
      },
      {
        id: 'overdue',
        pattern: 'overdue=true&limit=20',
        role: 'supervisor',
        params: () => ({ overdue: 'true', limit: '20' }),
      },
      {
        id: 'unit-inbox',
        pattern: 'status=transferred,assigned,accepted&limit=20 (unit handler, busiest unit)',
        role: 'unit_handler',
        unitId: busiest,
        params: () => ({ status: 'transferred,assigned,accepted', limit: '20' }),
      },
    ];
    const body: (string | number)[][] = [];
    for (const shape of shapes) {
      const token = await ctx.tokenFor(shape.role, shape.unitId);
      const times: Record<Mode, number[]> = { none: [], estimate: [], exact: [] };
      const said = new Map<string, number>();
      const get = async (q: Record<string, string>, mode: Mode) => {
        const started = performance.now();
        const res = await fetch(
          `${ctx.baseUrl}/api/v1/cases?${new URLSearchParams({ ...q, total: mode })}`,
          { headers: { authorization: `Bearer ${token}` } },
        );
        const page = (await res.json()) as { total: { value: number; exact: boolean } | null };
        const took = performance.now() - started;
        if (res.status !== 200) throw new Error(`${shape.id} total=${mode}: HTTP ${res.status}`);
        return { took, total: page.total };
      };
      ctx.log(`  ${shape.id} …`);
      await quiesce(ctx.sql);
      for (let i = 0; i < WARMUP; i++) for (const mode of MODES) await get(shape.params(), mode);
      for (let round = 0; round < ROUNDS; round++) {
        // The same parameters for the three modes of a round, in a random order, so that the
        // machine's other load falls on each mode alike.
        const q = shape.params();
        for (const mode of [...MODES].sort(() => Math.random() - 0.5)) {
          const { took, total } = await get(q, mode);
          times[mode].push(took);
          if (mode === 'estimate') {
            const key = total === null ? 'null' : total.exact ? 'exact' : `≥ ${int(total.value)}`;
            said.set(key, (said.get(key) ?? 0) + 1);
          }
        }
      }
      const added = times.estimate.map((t, i) => t - times.none[i]).sort((x, y) => x - y);
      const addedExact = times.exact.map((t, i) => t - times.none[i]).sort((x, y) => x - y);
      const seen = [...said.entries()].sort((x, y) => y[1] - x[1]);
      for (const mode of MODES) {
        const sorted = [...times[mode]].sort((x, y) => x - y);
        body.push([
          mode === 'none' ? `\`${shape.id}\`: \`${shape.pattern}\`` : '',
          `\`total=${mode}\``,
          ms(percentile(sorted, 50)),
          ms(percentile(sorted, 90)),
          ms(sorted[sorted.length - 1]),
          mode === 'none' ? '–' : ms(percentile(mode === 'estimate' ? added : addedExact, 50)),
          mode === 'estimate'
            ? seen.map(([k, c]) => (seen.length > 1 ? `${k} (${c})` : k)).join(', ')
            : '',
        ]);
      }
      ctx.log(
        `    none p50 ${ms(
          percentile(
            [...times.none].sort((x, y) => x - y),
            50,
          ),
        )}, ` +
          `estimate adds ${ms(percentile(added, 50))}, exact adds ${ms(percentile(addedExact, 50))}`,
      );
    }
    const [{ n }] = await rows<{ n: number }>(ctx.sql, 'SELECT COUNT(*) AS n FROM cases');
    return {
      targets: [],
      body: [
        `${int(Number(n))} cases; one client, ${ROUNDS} rounds per shape after ${WARMUP} of ` +
          'warm-up, each round one request per mode with the same fresh parameters, the modes in ' +
          'a random order (so load from elsewhere on the machine falls on each alike); latency is ' +
          'the whole HTTP round trip. `none` is the list alone (what the list cost before totals); ' +
          '`estimate` (the default) adds the count over a `LIMIT LIST_EXACT_TOTAL_LIMIT + 1` ' +
          'subquery (10,000), read beside the page; `exact` counts every matching row (time-limited ' +
          'by CASE_COUNT_TIME_LIMIT_MS). "total" is what the responses said: `exact`, or `≥ N` ' +
          '(exact: false).',
        '',
        table(
          [
            'shape',
            'total',
            'p50',
            'p90',
            'max',
            'added (median of paired differences)',
            'total said',
          ],
          body,
        ),
      ].join('\n'),
    };
  },
};
