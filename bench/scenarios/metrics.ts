import { LEDGER_METRICS } from '@app/metrics';
import { BENCH } from '../lib/config';
import { rows } from '../lib/database';
import { httpLoad, type HttpLoadResult } from '../lib/http-load';
import { ensureLedger, withLedger } from '../lib/metric-ledger-build';
import { int, ms, secs, table } from '../lib/stats';
import type { Scenario } from '../lib/types';

const pick = <T>(items: readonly T[]): T => items[Math.floor(Math.random() * items.length)];
const GROUPINGS = ['', 'unit', 'channel', 'sourceLevel', 'month'] as const;

/**
 * The figures of DESIGN §5 at scale: a full year's metrics in every grouping and drill-down pages
 * over HTTP (served from the summaries), the rebuild/check of a year from the raw rows, and plain
 * full-table GROUP BYs over the same data for comparison.
 */
export const scenario: Scenario = {
  name: 'metrics',
  title: 'metrics — `GET /api/v1/metrics` and drill-down from the summaries; rebuild from raw rows',
  order: 40,
  needsDataset: true,
  async run(ctx) {
    const asOfYear = Number((ctx.dataset?.asOf ?? new Date().toISOString()).slice(0, 4));
    const year = asOfYear - 1; // the last whole year
    // The bulk-loaded data set bypassed the writers: build the summaries of the measured year
    // once (kept between runs; BENCH_METRIC_ALL_YEARS=1 builds every year). A year's figures and
    // drill-down read only that year's summaries.
    const years =
      process.env.BENCH_METRIC_ALL_YEARS === '1'
        ? Array.from({ length: asOfYear - 2022 + 2 }, (_, i) => 2022 + i)
        : [year];
    const built = await ensureLedger(years, ctx.log);
    const [{ builtYears }] = await rows<{ builtYears: string }>(
      ctx.sql,
      "SELECT COALESCE(GROUP_CONCAT(year ORDER BY year SEPARATOR ', '), 'none') AS builtYears FROM metric_ledger_years",
    );
    const period = `from=${year}-01-01&to=${year}-12-31`;
    const token = await ctx.tokenFor('officer');
    const [{ cases }] = await rows<{ cases: number }>(
      ctx.sql,
      'SELECT COUNT(*) AS cases FROM cases WHERE registered_at >= ? AND registered_at < ?',
      [new Date(`${year - 1}-12-31T16:00:00Z`), new Date(`${year}-12-31T16:00:00Z`)],
    );
    const [{ letters }] = await rows<{ letters: number }>(
      ctx.sql,
      'SELECT COUNT(*) AS letters FROM supervision_letters',
    );
    const [{ items }] = await rows<{ items: number }>(
      ctx.sql,
      'SELECT COUNT(*) AS items FROM metric_items',
    );
    const [{ counters }] = await rows<{ counters: number }>(
      ctx.sql,
      'SELECT COUNT(*) AS counters FROM metric_counts',
    );

    const load = (label: string, next: () => string) =>
      httpLoad({
        baseUrl: ctx.baseUrl,
        token,
        connections: BENCH.readConnections,
        seconds: BENCH.warmupSeconds,
        expectStatus: 200,
        next: () => ({ method: 'GET', path: next() }),
      }).then(() => {
        ctx.log(`  ${label} …`);
        return httpLoad({
          baseUrl: ctx.baseUrl,
          token,
          connections: BENCH.readConnections,
          seconds: BENCH.readSeconds,
          expectStatus: 200,
          next: () => ({ method: 'GET', path: next() }),
        });
      });

    const figureRuns: [string, HttpLoadResult][] = [];
    for (const g of GROUPINGS) {
      const path = `/api/v1/metrics?${period}${g ? `&groupBy=${g}` : ''}`;
      figureRuns.push([g || '(none)', await load(`figures ${g || 'total'}`, () => path)]);
    }

    // Drill-down: any figure, either part, with or without a group, first or a later page.
    const units = (
      await rows<{ id: number }>(ctx.sql, "SELECT id FROM units WHERE code LIKE 'BENCH-U%'")
    ).map((u) => u.id);
    const [{ lo, hi }] = await rows<{ lo: number; hi: number }>(
      ctx.sql,
      'SELECT MIN(id) AS lo, MAX(id) AS hi FROM cases WHERE registered_at >= ? AND registered_at < ?',
      [new Date(`${year - 1}-12-31T16:00:00Z`), new Date(`${year}-12-31T16:00:00Z`)],
    );
    const drillPath = () => {
      const m = pick(LEDGER_METRICS);
      const part = m.kind === 'rate' && Math.random() < 0.5 ? 'denominator' : 'numerator';
      const r = Math.random();
      const group =
        r < 0.25
          ? `&groupBy=unit&group=${pick(units)}`
          : r < 0.4
            ? `&groupBy=channel&group=${pick(['visit', 'letter', 'online', 'call'])}`
            : r < 0.5
              ? `&groupBy=month&group=${year}-${String(1 + Math.floor(Math.random() * 12)).padStart(2, '0')}`
              : '';
      const cursor =
        m.itemType === 'case' && Math.random() < 0.5
          ? `&cursor=${Math.floor(Number(lo) + Math.random() * (Number(hi) - Number(lo)))}`
          : '';
      return `/api/v1/metrics/${m.key}/items?${period}&part=${part}&limit=50${group}${cursor}`;
    };
    const drill = await load('drill-down pages', drillPath);

    // The check and the rebuild of that year from the raw rows (the code behind
    // POST /api/v1/metrics/rebuild), in this process.
    ctx.log('  check and rebuild from raw rows …');
    // A year built in this very run was just rebuilt: that run is the rebuild's figure.
    const justBuilt = built.find((b) => b.year === year);
    // BENCH_METRIC_REBUILD=0: the check only (the replace of a whole year takes minutes at 10M)
    const skipRebuild = !justBuilt && process.env.BENCH_METRIC_REBUILD === '0';
    const { check, rebuild } = await withLedger(async (ledger) => ({
      check: await ledger.rebuild(year, false),
      rebuild: justBuilt ?? (skipRebuild ? null : await ledger.rebuild(year, true)),
    }));
    const phases = (p: { read: number; compare: number; replace: number }) =>
      `read ${secs(p.read)}, compared ${secs(p.compare)}` +
      (p.replace > 0.0005 ? `, replaced ${secs(p.replace)}` : '');

    // Plain full-table GROUP BYs over the same rows, no summaries.
    const plain: [string, string, number][] = [];
    const timed = async (label: string, sql: string) => {
      const t0 = performance.now();
      await ctx.sql.query(sql);
      plain.push([label, sql.replace(/\s+/g, ' '), performance.now() - t0]);
    };
    await timed(
      'cases by year and unit',
      'SELECT YEAR(registered_at) AS y, responsible_unit_id, COUNT(*), SUM(`repeat`), SUM(channel = "online") FROM cases GROUP BY y, responsible_unit_id',
    );
    await timed(
      'clocks by kind, year due and status',
      'SELECT kind, YEAR(due_date) AS y, status, COUNT(*), SUM(ended_at <= due_at) FROM clocks GROUP BY kind, y, status',
    );
    await timed(
      'cases evaluated by year and evaluation',
      'SELECT YEAR(evaluated_at) AS y, evaluation, COUNT(*) FROM cases GROUP BY y, evaluation',
    );

    const p99s = figureRuns.map(([, r]) => r.latency.p99);
    const worst = Math.max(...p99s);
    const plainWorst = Math.max(...plain.map((p) => p[2]));
    const body = [
      `Data: ${int(ctx.dataset?.cases ?? 0)} cases over 2022–${asOfYear} (${int(Number(cases))} registered in ${year}), ` +
        `${int(Number(letters))} supervision letters; summaries (built for ${builtYears}): ${int(Number(items))} items, ${int(Number(counters))} counter rows. ` +
        `Year measured: ${year}. ${BENCH.readConnections} concurrent connections, ${BENCH.readSeconds} s per run after ` +
        `${BENCH.warmupSeconds} s of warm-up. The machine is shared with other sessions (2 cores).`,
      '',
      'The summaries are kept by the writers in their own transaction (`ChangeFeed` → ' +
        '`LedgerWriter.changed`): one `metric_items` row per item behind a figure and per-month ' +
        'counters by group in `metric_counts`, monthly and folded over the whole year (a numerator month inside ' +
        'the year folded into its December); a whole year reads the year counters (one row per group and ' +
        'numerator bucket), other whole-month periods the monthly ones. Items whose inclusion depends on "now" ' +
        '(running triage clocks, unanswered letters) are counted by the month they fall due in: the counters ' +
        'hold those of months gone by, and the ones falling due in the current month are counted at query time.',
      '',
      '**A full year of every figure** (`GET /api/v1/metrics?from=…&to=…&groupBy=…`, from the counters):',
      '',
      table(
        ['groupBy', 'req/s', 'p50', 'p99', 'max', 'errors'],
        figureRuns.map(([g, r]) => [
          g,
          r.rps.toFixed(0),
          ms(r.latency.p50),
          ms(r.latency.p99),
          ms(r.latency.max),
          String(r.errors + r.unexpected),
        ]),
      ),
      '',
      `**Drill-down pages** (\`GET /api/v1/metrics/:key/items\`, any figure, part, group, first or later page, 50 a page): ` +
        `${drill.rps.toFixed(0)} req/s, p50 ${ms(drill.latency.p50)}, p99 ${ms(drill.latency.p99)}, max ${ms(drill.latency.max)}.`,
      '',
      `**Recompute of ${year} from the raw rows** (\`LedgerRebuild.rebuild\`, in SQL: each source's rows of the year ` +
        "read once into a session memory table, every figure's items recomputed there with the decisions of its " +
        '`classify`; compared with the stored items by figure and month as exact counts with the sum of the ids ' +
        'and the XOR of a CRC32 of each item row, and with the counters one by one; ' +
        'the check reads on three connections at once, half the sources each and the stored summaries): ' +
        `check ${secs(check.seconds)} (${phases(check.phases)}; ${int(check.items)} items, ${check.consistent ? 'equal to the summaries' : `**${check.differences.length} figures differ**`}); ` +
        (rebuild
          ? `rebuild (check + replace items and counters) ${secs(rebuild.seconds)} (${phases(rebuild.phases)})` +
            (justBuilt ? ', the first build of this year in this run, into empty summaries.' : '.')
          : 'rebuild not run (`BENCH_METRIC_REBUILD=0`).') +
        (built.length
          ? ` Built in this run: ${built.map((b) => `${b.year} ${secs(b.seconds)}`).join(', ')}.`
          : ''),
      '',
      '**Plain full-table `GROUP BY` over the same data, same run** (no summaries, one query each):',
      '',
      table(
        ['query', 'time', 'SQL'],
        plain.map(([label, sql, t]) => [label, ms(t), `\`${sql}\``]),
      ),
    ].join('\n');
    return {
      body,
      targets: [
        {
          name: 'full-year figures p99 (worst grouping)',
          target: '≤ 50 ms',
          actual: ms(worst),
          pass: worst <= 50,
        },
        {
          name: 'drill-down page p99',
          target: '≤ 50 ms',
          actual: ms(drill.latency.p99),
          pass: drill.latency.p99 <= 50,
        },
        {
          name: `recompute of ${year} from raw rows (check)`,
          target: '≤ 5 s',
          actual: secs(check.seconds),
          pass: check.seconds <= 5,
        },
        {
          name: 'summaries equal the raw recompute',
          target: 'equal',
          actual: check.consistent ? 'equal' : 'differ',
          pass: check.consistent,
        },
        {
          name: 'vs plain full-table GROUP BY (slowest)',
          target: 'for comparison',
          actual: ms(plainWorst),
          pass: true,
        },
      ],
    };
  },
};
