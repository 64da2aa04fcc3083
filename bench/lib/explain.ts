import type { DataSource, Logger } from 'typeorm';
import type { AuthUser } from '@app/auth';
import {
  CaseListRepository,
  CaseQueriesRepository,
  CaseQueriesService,
  type CaseChainService,
  type CaseFilter,
  type CasesService,
} from '@app/cases';
import { type AppConfig, Clock } from '@app/core';
import { createDataSource } from '@app/database';
import { benchCipher } from './cipher';
import { BENCH } from './config';
import { ms, summarise, table } from './stats';

interface Captured {
  sql: string;
  params: unknown[];
}

class CapturingLogger implements Logger {
  readonly queries: Captured[] = [];
  logQuery(query: string, parameters?: unknown[]) {
    this.queries.push({ sql: query, params: parameters ?? [] });
  }
  logQueryError() {}
  logQuerySlow() {}
  logSchemaBuild() {}
  logMigration() {}
  log() {}
}

class SystemTime extends Clock {
  now(): Date {
    return new Date();
  }
}

export interface QueryPlan {
  /** Every statement of the slowest request, as libs/cases sends it, with its time alone. */
  statements: { sql: string; ms: number }[];
  /** The slowest statement of that request, parameters written in. */
  sql: string;
  /** MariaDB `ANALYZE` of it (EXPLAIN plus the rows really read: r_rows, r_filtered). */
  plan: string;
  /** That statement alone on the server, repeated. */
  sqlMs: { median: number; max: number };
  /** How many random parameter sets were timed (once each). */
  samples: number;
  /** All statements of one request, summed, over the parameter sets. */
  sampleMedians: { min: number; median: number; max: number };
}

const PLAN_COLUMNS = [
  'id',
  'select_type',
  'table',
  'type',
  'possible_keys',
  'key',
  'key_len',
  'ref',
  'rows',
  'r_rows',
  'filtered',
  'r_filtered',
  'Extra',
];

/**
 * Reproduces a list request's SQL with libs/cases' own query code (CaseQueriesService.list on a
 * DataSource that records its queries) and asks the server how it runs it.
 */
export class QueryExplainer {
  private constructor(
    private readonly ds: DataSource,
    private readonly logger: CapturingLogger,
  ) {}

  static async open(): Promise<QueryExplainer> {
    const logger = new CapturingLogger();
    const ds = await createDataSource(BENCH.databaseUrl, 2);
    ds.setOptions({ logging: ['query'], logger });
    await ds.initialize();
    return new QueryExplainer(ds, logger);
  }

  /** The SELECTs one list request sends, as CaseQueriesService.list sends them. */
  private async capture(filter: CaseFilter, actor: AuthUser): Promise<Captured[]> {
    const queries = new CaseQueriesService(
      new CaseListRepository(this.ds),
      new CaseQueriesRepository(this.ds), // the page's rows
      null as unknown as ConstructorParameters<typeof CaseQueriesService>[2], // list() logs no reveal
      null as unknown as CasesService, // nor uses this
      benchCipher(),
      new SystemTime(),
      null as unknown as CaseChainService, // nor this
      null as unknown as AppConfig, // nor the count's cap
    );
    this.logger.queries.length = 0;
    await queries.list(filter, { limit: 20 }, actor);
    const selects = this.logger.queries.filter((q) => /^\s*SELECT/i.test(q.sql));
    this.logger.queries.length = 0;
    if (selects.length === 0) throw new Error('no SELECT captured');
    return selects;
  }

  private async time(q: Captured, runs: number): Promise<number[]> {
    const times: number[] = [];
    for (let i = 0; i < runs; i++) {
      const t = process.hrtime.bigint();
      await this.ds.query(q.sql, q.params);
      times.push(Number(process.hrtime.bigint() - t) / 1e6);
    }
    this.logger.queries.length = 0;
    return times;
  }

  /**
   * Captures the statements of list requests for several random parameter sets, times each
   * statement alone on the server, and explains the slowest statement of the slowest request.
   */
  async explainList(filters: CaseFilter[], actor: AuthUser): Promise<QueryPlan> {
    let slowest: { statements: { q: Captured; ms: number }[]; total: number } | null = null;
    const totals: number[] = [];
    for (const filter of filters) {
      const captured = await this.capture(filter, actor); // runs them once: warm pages
      const statements: { q: Captured; ms: number }[] = [];
      for (const q of captured) statements.push({ q, ms: (await this.time(q, 1))[0] });
      const total = statements.reduce((a, s) => a + s.ms, 0);
      totals.push(total);
      if (!slowest || total > slowest.total) slowest = { statements, total };
      if (total > 1000) break; // slow enough to tell; do not spend minutes sampling
    }
    if (!slowest) throw new Error('no parameter sets');
    const worst = slowest.statements.reduce((a, b) => (b.ms > a.ms ? b : a));
    const analysed = await this.ds.query<Record<string, unknown>[]>(
      `ANALYZE ${worst.q.sql}`,
      worst.q.params,
    );
    this.logger.queries.length = 0;
    const stats = summarise(await this.time(worst.q, worst.ms > 1000 ? 1 : 3));
    const spread = summarise(totals);
    return {
      statements: slowest.statements.map((s) => ({
        sql: abbreviate(inline(s.q.sql, s.q.params)),
        ms: s.ms,
      })),
      sql: abbreviate(inline(worst.q.sql, worst.q.params)),
      plan: table(
        PLAN_COLUMNS,
        analysed.map((r) =>
          PLAN_COLUMNS.map((c) => (r[c] === null || r[c] === undefined ? '' : fmt(r[c]))),
        ),
      ),
      sqlMs: { median: stats.p50, max: stats.max },
      samples: totals.length,
      sampleMedians: { min: Math.min(...totals), median: spread.p50, max: spread.max },
    };
  }

  async close(): Promise<void> {
    await this.ds.destroy();
  }
}

/** A short list of a request's statements for the report. */
export function statementList(plan: QueryPlan): string {
  return plan.statements
    .map((s, i) => `${i + 1}. ${ms(s.ms)}: \`${s.sql.replace(/\s+/g, ' ').slice(0, 400)}\``)
    .join('\n');
}

function fmt(v: unknown): string {
  if (v instanceof Date) return v.toISOString();
  if (typeof v === 'string') return v;
  return JSON.stringify(v);
}

/** TypeORM selects every column one by one; the report shows that list once, shortened. */
function abbreviate(sql: string): string {
  const m = /^SELECT ((?:`(\w+)`\.`\w+` AS `\w+`, ){5,}`\w+`\.`\w+` AS `\w+`) FROM/.exec(sql);
  if (!m) return sql;
  const n = m[1].split(', ').length;
  const first = m[1].split(', ')[0];
  return sql.replace(m[1], `${first}, … /* ${n} columns of ${m[2]} */`);
}

/** The SQL with its parameters written in, for the report (not for execution). */
function inline(sql: string, params: unknown[]): string {
  let i = 0;
  return sql.replace(/\?/g, () => {
    const v = params[i++];
    if (v instanceof Date) return `'${v.toISOString().replace('T', ' ').slice(0, 23)}'`;
    if (typeof v === 'number') return String(v);
    if (Array.isArray(v)) return v.map((x) => `'${String(x)}'`).join(', ');
    return `'${String(v)}'`;
  });
}
