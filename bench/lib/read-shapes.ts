import type { AuthUser } from '@app/auth';
import type { CaseFilter, CaseStatus, Channel } from '@app/cases';
import { BENCH } from './config';
import { cpuMeter, describeCpu, findDatabasePid, measureQuietly } from './cpu';
import { quiesce } from './database';
import { QueryExplainer, statementList, type QueryPlan } from './explain';
import { httpLoad, type HttpLoadResult } from './http-load';
import { ms, table } from './stats';
import type { BenchContext, BenchRole, ScenarioOutcome, Target } from './types';

export const P99_TARGET_MS = 50;

/** One kind of list request, with fresh parameters for every request. */
export interface ReadShape {
  id: string;
  /** What a user is doing, in words. */
  label: string;
  /** The query string pattern, e.g. `status=accepted&unitId=<unit>&limit=20`. */
  pattern: string;
  role: BenchRole;
  unitId?: number;
  params: () => Record<string, string>;
  /** Shown under the plan when this shape misses its target: what would fix it. */
  diagnosis?: string;
}

interface Measured {
  shape: ReadShape;
  load: HttpLoadResult;
  rows: { total: number; empty: number };
  plan: QueryPlan | null;
  cpu: string;
  userId: number;
}

/** The filter CaseQueriesService.list gets for these query parameters (as the DTO parses them). */
function toFilter(q: Record<string, string>): CaseFilter {
  const f: CaseFilter = {};
  if (q.status) f.status = q.status.split(',') as CaseStatus[];
  if (q.channel) f.channel = q.channel as Channel;
  if (q.unitId) f.unitId = Number(q.unitId);
  if (q.categoryCode) f.categoryCode = q.categoryCode;
  if (q.registeredFrom) f.registeredFrom = new Date(q.registeredFrom);
  if (q.registeredTo) f.registeredTo = new Date(q.registeredTo);
  if (q.overdue) f.overdue = q.overdue === 'true';
  if (q.idNumber) f.idNumber = q.idNumber;
  if (q.phone) f.phone = q.phone;
  return f;
}

const path = (q: Record<string, string>) => `/api/v1/cases?${new URLSearchParams(q).toString()}`;

/** Measures each shape over HTTP (warm-up, then the measured run), then explains its SQL. */
export async function measureShapes(ctx: BenchContext, shapes: ReadShape[]): Promise<Measured[]> {
  const dbPid = findDatabasePid();
  const explainer = await QueryExplainer.open();
  const out: Measured[] = [];
  try {
    for (const shape of shapes) {
      const token = await ctx.tokenFor(shape.role, shape.unitId);
      const me = await fetch(`${ctx.baseUrl}/api/v1/auth/me`, {
        headers: { authorization: `Bearer ${token}` },
      });
      const user = (await me.json()) as AuthUser;
      const rows = { total: 0, empty: 0 };
      const run = (seconds: number, count: boolean) =>
        httpLoad({
          baseUrl: ctx.baseUrl,
          token,
          connections: BENCH.readConnections,
          seconds,
          expectStatus: 200,
          next: () => ({ method: 'GET', path: path(shape.params()) }),
          inspect: count
            ? (body) => {
                const n = (JSON.parse(body) as { items: unknown[] }).items.length;
                rows.total += n;
                if (n === 0) rows.empty++;
              }
            : undefined,
        });
      ctx.log(`  ${shape.id}: ${shape.pattern} …`);
      await quiesce(ctx.sql);
      await run(BENCH.warmupSeconds, false);
      const measured = await measureQuietly(ctx.log, shape.id, async () => {
        rows.total = 0;
        rows.empty = 0;
        const stop = cpuMeter({ API: ctx.apiPid, MariaDB: dbPid });
        const value = await run(BENCH.readSeconds, true);
        const cpu = stop();
        await quiesce(ctx.sql);
        return { value, cpu };
      });
      const load = measured.value;
      const cpu = describeCpu(measured.cpu);
      ctx.log(
        `    ${load.rps.toFixed(0)} req/s, p50 ${load.latency.p50.toFixed(1)} ms, p99 ${load.latency.p99.toFixed(1)} ms`,
      );
      let plan: QueryPlan | null = null;
      await quiesce(ctx.sql);
      try {
        plan = await explainer.explainList(
          Array.from({ length: 8 }, () => toFilter(shape.params())),
          user,
        );
      } catch (e) {
        ctx.log(`    (could not explain: ${e instanceof Error ? e.message : String(e)})`);
      }
      out.push({ shape, load, rows, plan, cpu, userId: user.id });
    }
  } finally {
    await explainer.close();
  }
  return out;
}

export function shapesReport(measured: Measured[], intro: string): ScenarioOutcome {
  const targets: Target[] = measured.map((m) => ({
    name: `\`${m.shape.id}\` p99`,
    target: `≤ ${P99_TARGET_MS} ms`,
    actual: ms(m.load.latency.p99),
    pass: m.load.latency.p99 <= P99_TARGET_MS && m.load.errors + m.load.unexpected === 0,
  }));
  const summary = table(
    [
      'shape',
      'request',
      'req/s',
      'p50',
      'p90',
      'p99',
      'max',
      'rows/response',
      'errors',
      'its SQL alone: median (slowest) of ≤ 8 param sets',
    ],
    measured.map((m) => [
      `\`${m.shape.id}\``,
      `${m.shape.label}: \`GET /api/v1/cases?${m.shape.pattern}\` as ${m.shape.role}`,
      m.load.rps.toFixed(0),
      ms(m.load.latency.p50),
      ms(m.load.latency.p90),
      `**${ms(m.load.latency.p99)}**`,
      ms(m.load.latency.max),
      `${(m.rows.total / Math.max(1, m.load.ok)).toFixed(1)}${m.rows.empty ? ` (${m.rows.empty} empty)` : ''}`,
      String(m.load.errors + m.load.unexpected),
      m.plan ? `${ms(m.plan.sampleMedians.median)} (${ms(m.plan.sampleMedians.max)})` : '–',
    ]),
  );
  const details = measured.map((m) => {
    const missed = m.load.latency.p99 > P99_TARGET_MS;
    const plan = m.plan
      ? [
          `The SQL of one request as libs/cases sends it (\`CaseQueriesService.list\`, parameters ` +
            `written in) — the slowest of ${m.plan.samples} random parameter sets, each statement ` +
            `timed alone on the otherwise idle server (whole request ${ms(m.plan.sampleMedians.min)} – ` +
            `${ms(m.plan.sampleMedians.max)} over the sets, median ${ms(m.plan.sampleMedians.median)}):`,
          '',
          statementList(m.plan),
          '',
          `\`ANALYZE\` of its slowest statement (\`rows\` estimated, \`r_rows\` actually read; alone: ` +
            `median ${ms(m.plan.sqlMs.median)}, max ${ms(m.plan.sqlMs.max)}):`,
          '',
          '```sql',
          m.plan.sql,
          '```',
          '',
          m.plan.plan,
        ].join('\n')
      : '_(no plan captured)_';
    const samples = m.load.samples.length
      ? `\n\nError samples:\n\n${m.load.samples.map((s) => `- \`${s}\``).join('\n')}`
      : '';
    const cpu = `\n\n${m.cpu}.`;
    if (missed) {
      return (
        [
          `### ❌ \`${m.shape.id}\` misses the target: p99 ${ms(m.load.latency.p99)}`,
          '',
          plan,
          ...(m.shape.diagnosis
            ? ['', `**Diagnosis and fix (for libs/cases):** ${m.shape.diagnosis}`]
            : []),
        ].join('\n') +
        cpu +
        samples
      );
    }
    return [
      '<details>',
      `<summary><code>${m.shape.id}</code>: plan (p99 ${ms(m.load.latency.p99)})</summary>`,
      '',
      plan + cpu + samples,
      '',
      '</details>',
    ].join('\n');
  });
  return {
    targets,
    body: [intro, '', summary, '', ...details.flatMap((d) => [d, ''])].join('\n'),
  };
}
