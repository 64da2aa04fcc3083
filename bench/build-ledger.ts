/**
 * `BENCH_…=… npx ts-node -r tsconfig-paths/register -T bench/build-ledger.ts 2022 2023`: applies
 * the migrations and builds the metric summaries of the given years of the bench data set.
 */
import 'reflect-metadata';
import { benchPool, prepareDatabase, sizeInnodb } from './lib/database';
import { ensureLedger } from './lib/metric-ledger-build';

const started = Date.now();
const log = (m: string) =>
  console.log(`[ledger ${((Date.now() - started) / 1000).toFixed(0).padStart(5)} s] ${m}`);

async function main() {
  await prepareDatabase();
  const sql = benchPool(1);
  const restoreInnodb = await sizeInnodb(sql, log);
  try {
    await ensureLedger(process.argv.slice(2).map(Number), log, process.env.BENCH_FORCE === '1');
  } finally {
    await restoreInnodb();
    await sql.end();
  }
}
main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
