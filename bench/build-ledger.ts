/**
 * `BENCH_…=… npx ts-node -r tsconfig-paths/register -T bench/build-ledger.ts 2022 2023`: applies
 * the migrations and builds the metric summaries of the given years of the bench data set.
 */
import 'reflect-metadata';
import { prepareDatabase } from './lib/database';
import { ensureLedger } from './lib/metric-ledger-build';

const started = Date.now();
const log = (m: string) =>
  console.log(`[ledger ${((Date.now() - started) / 1000).toFixed(0).padStart(5)} s] ${m}`);

async function main() {
  await prepareDatabase();
  await ensureLedger(process.argv.slice(2).map(Number), log, process.env.BENCH_FORCE === '1');
}
main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
