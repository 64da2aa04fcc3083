/**
 * `npm run bench:generate`: only prepares the bench database and loads the data set (BENCH_CASES
 * cases and the metrics supplement), without building or starting the API. For large sizes
 * (10,000,000 cases take about half an hour) run it ahead of `npm run bench`.
 */
import 'reflect-metadata';
import { benchPool, prepareDatabase, sizeInnodb } from './lib/database';
import { ensureDataset } from './lib/dataset';

const started = Date.now();
const log = (message: string) =>
  console.log(`[generate ${((Date.now() - started) / 1000).toFixed(0).padStart(5)} s] ${message}`);

async function main(): Promise<void> {
  const ran = await prepareDatabase();
  log(`migrations applied: ${ran.length}`);
  const sql = benchPool(4);
  const restoreInnodb = await sizeInnodb(sql, log);
  try {
    await ensureDataset(sql, log);
  } finally {
    await restoreInnodb();
    await sql.end();
  }
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
