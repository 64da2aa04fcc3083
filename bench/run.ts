/**
 * `npm run bench [-- <scenario> …]`: builds, prepares the bench database and data set, starts
 * the built API, runs the scenarios (all, or the ones named) and rewrites their sections of
 * docs/benchmarks.md. Scenarios are the files in bench/scenarios/.
 */
import 'reflect-metadata';
import { randomBytes } from 'node:crypto';
import { mkdirSync, readdirSync, rmSync } from 'node:fs';
import { join, relative } from 'node:path';
import { Accounts } from './lib/accounts';
import { waitForQuiet } from './lib/cpu';
import { BENCH, benchOverrides } from './lib/config';
import { benchPool, prepareDatabase, sizeInnodb } from './lib/database';
import { ensureDataset, type DatasetInfo } from './lib/dataset';
import { datasetSection } from './lib/dataset-report';
import { appEnv, killStarted, runCommand, startApi, type ApiProcess } from './lib/processes';
import { summariseProfiles } from './lib/profile';
import { table } from './lib/stats';
import { collectRunInfo, environmentSection, scenarioSection, writeSections } from './lib/report';
import type { BenchContext, Scenario } from './lib/types';

const started = Date.now();
const log = (message: string) =>
  console.log(`[bench ${((Date.now() - started) / 1000).toFixed(0).padStart(4)} s] ${message}`);

function loadScenarios(): Scenario[] {
  const dir = join(__dirname, 'scenarios');
  return readdirSync(dir)
    .filter((f) => /\.ts$/.test(f) && !f.endsWith('.d.ts'))
    .map((f) => {
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const mod = require(join(dir, f)) as { scenario?: Scenario };
      if (!mod.scenario) throw new Error(`bench/scenarios/${f} does not export \`scenario\``);
      return mod.scenario;
    })
    .sort((a, b) => a.order - b.order || a.name.localeCompare(b.name));
}

function commandLine(args: string[]): string {
  const env = benchOverrides();
  return [...env, 'npm run bench', ...(args.length ? ['--', ...args] : [])].join(' ');
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const all = loadScenarios();
  const unknown = args.filter((a) => !all.some((s) => s.name === a));
  if (unknown.length) {
    throw new Error(
      `unknown scenario ${unknown.join(', ')}; available: ${all.map((s) => s.name).join(', ')}`,
    );
  }
  const selected = args.length ? all.filter((s) => args.includes(s.name)) : all;
  const rank = (id: string) => {
    if (id === 'environment') return 0;
    if (id === 'dataset') return 1;
    if (id === 'api-profile') return 999;
    const i = all.findIndex((s) => s.name === id);
    return i === -1 ? 1000 : 10 + i;
  };
  log(`scenarios: ${selected.map((s) => s.name).join(', ')}`);

  if (process.env.BENCH_SKIP_BUILD === '1') log('build skipped (BENCH_SKIP_BUILD=1)');
  else {
    log('npm run build …');
    await runCommand('npm', ['run', 'build', '--silent']);
  }

  const ran = await prepareDatabase();
  log(
    ran.length
      ? `database migrated: ${ran.join(', ')}`
      : `database ${BENCH.databaseUrl} is current`,
  );
  const sql = benchPool(4);
  const restoreInnodb = await sizeInnodb(sql, log);
  const profileDir = process.env.BENCH_PROFILE === '1' ? join(BENCH.workDir, 'profile') : undefined;
  if (profileDir) {
    rmSync(profileDir, { recursive: true, force: true });
    mkdirSync(profileDir, { recursive: true });
  }
  let api: ApiProcess | null = null;
  let info: Awaited<ReturnType<typeof collectRunInfo>> | null = null;
  const profiled: string[][] = [];
  const failed: string[] = [];
  try {
    info = await collectRunInfo(sql, commandLine(args));
    // A profiled run only adds its profile section (its run line names the run).
    if (!profileDir) writeSections({ environment: environmentSection(info) }, rank);

    let dataset: DatasetInfo | null = null;
    if (selected.some((s) => s.needsDataset)) {
      const result = await ensureDataset(sql, log);
      dataset = result.info;
      if (!profileDir || result.generated) {
        writeSections({ dataset: datasetSection(result.info, result.generated, info) }, rank);
      }
    }

    const env = appEnv(randomBytes(48).toString('base64'));
    log(`starting the API (${BENCH.apiMain}) on port ${BENCH.port} …`);
    api = await startApi(env, profileDir);
    const accounts = new Accounts(api.baseUrl, env);
    const ctx: BenchContext = {
      baseUrl: api.baseUrl,
      apiPid: api.pid,
      tokenFor: (role, unitId) => accounts.tokenFor(role, unitId),
      sql,
      dataset,
      log,
    };

    for (const s of selected) {
      log(`── ${s.name}: ${s.title}`);
      await waitForQuiet(log, BENCH.quietWaitSeconds);
      const outcome = await s.run(ctx);
      // A profiled run is slower: its figures go into the profile section, not the scenario's.
      if (profileDir) profiled.push(...outcome.targets.map((t) => [s.name, t.name, t.actual]));
      else {
        writeSections(
          { [s.name]: scenarioSection(s.title, info, outcome.targets, outcome.body) },
          rank,
        );
      }
      for (const t of outcome.targets) {
        log(`  ${t.pass ? 'pass' : 'FAIL'}  ${t.name}: ${t.actual} (goal ${t.target})`);
        if (!t.pass) failed.push(`${s.name}: ${t.name}`);
      }
    }
  } finally {
    if (api) {
      log('stopping the API …');
      await api.stop();
    }
    await restoreInnodb();
    await sql.end();
  }
  if (profileDir && info) {
    writeSections(
      {
        'api-profile': scenarioSection(
          'api-profile — where the API process spends its CPU (`BENCH_PROFILE=1`)',
          info,
          [],
          'Profiling slows the API somewhat, so a profiled run leaves the scenario sections alone; ' +
            'its own figures, for orientation:\n\n' +
            table(['scenario', 'measure', 'profiled run'], profiled) +
            '\n\n' +
            summariseProfiles(profileDir),
        ),
      },
      rank,
    );
  }
  log(
    `done in ${((Date.now() - started) / 1000).toFixed(0)} s; results in ${relative(process.cwd(), BENCH.reportPath)}` +
      (failed.length ? `; targets missed: ${failed.join('; ')}` : '; all targets met'),
  );
}

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    killStarted();
    process.exit(130);
  });
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    killStarted();
    console.error(error instanceof Error ? (error.stack ?? error.message) : String(error));
    process.exit(1);
  },
);
