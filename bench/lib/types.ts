import type { Pool } from 'mysql2/promise';
import type { DatasetInfo } from './dataset';

/** A target written into the report with its verdict. */
export interface Target {
  name: string;
  target: string;
  actual: string;
  pass: boolean;
}

/** What a scenario hands back: the Markdown of its section (below the heading) and targets. */
export interface ScenarioOutcome {
  body: string;
  targets: Target[];
}

export type BenchRole = 'reception' | 'officer' | 'supervisor' | 'unit_handler';

export interface BenchContext {
  /** http://127.0.0.1:<port> of the API process started for this run. */
  baseUrl: string;
  /** PID of the API process (for CPU accounting). */
  apiPid: number;
  /** An access token of a bench user with that role (created on first use). */
  tokenFor(role: BenchRole, unitId?: number): Promise<string>;
  /** A mysql2 pool on the bench database (UTC, multiple statements off). */
  sql: Pool;
  /** The generated data set, when the scenario asked for it. */
  dataset: DatasetInfo | null;
  log: (message: string) => void;
}

/**
 * One benchmark. Put each in its own file under bench/scenarios/ exporting `scenario`; the runner
 * finds it by file, runs it when named on the command line (or always, with no names), and
 * replaces its section of docs/benchmarks.md.
 */
export interface Scenario {
  /** Command-line name and report section id, e.g. `register`. */
  name: string;
  /** Section heading. */
  title: string;
  /** Scenarios run in ascending order: readers (low) before writers (high). */
  order: number;
  /** True when it needs the generated data set (BENCH_CASES cases) in the database. */
  needsDataset: boolean;
  run(ctx: BenchContext): Promise<ScenarioOutcome>;
}
