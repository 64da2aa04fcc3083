import type { DataSource } from 'typeorm';
import { SystemClock } from '@app/core';
import { createDataSource } from '@app/database';
import { LedgerRebuild, LedgerRepository } from '@app/metrics';
import { BENCH } from './config';

export interface RebuildRun {
  year: number;
  items: number;
  seconds: number;
  consistent: boolean;
  phases: { read: number; compare: number; replace: number };
}

/**
 * The app's own rebuild path (`LedgerRebuild.rebuild`, the code behind
 * `POST /api/v1/metrics/rebuild`) run in this process against the bench database: the bulk-loaded
 * data set bypasses the writers, so its summaries are built year by year from the raw rows.
 */
export async function withLedger<T>(
  work: (ledger: LedgerRebuild, ds: DataSource) => Promise<T>,
): Promise<T> {
  const ds = await createDataSource(BENCH.databaseUrl, 4);
  await ds.initialize();
  try {
    return await work(new LedgerRebuild(new LedgerRepository(ds), new SystemClock()), ds);
  } finally {
    await ds.destroy();
  }
}

/** Builds the summaries of every year not built yet (or all with `force`). */
export async function ensureLedger(
  years: number[],
  log: (m: string) => void,
  force = false,
): Promise<RebuildRun[]> {
  return withLedger(async (ledger, ds) => {
    const runs: RebuildRun[] = [];
    for (const year of years) {
      const [done] = await ds.query<{ year: number }[]>(
        'SELECT year FROM metric_ledger_years WHERE year = ?',
        [year],
      );
      if (done && !force) continue;
      log(`  metric summaries: rebuilding ${year} …`);
      const r = await ledger.rebuild(year, true);
      log(
        `  metric summaries: ${year}: ${r.items.toLocaleString('en-US')} items in ${r.seconds.toFixed(1)} s`,
      );
      runs.push({
        year,
        items: r.items,
        seconds: r.seconds,
        consistent: r.consistent,
        phases: r.phases,
      });
    }
    return runs;
  });
}
