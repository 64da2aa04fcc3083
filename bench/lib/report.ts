import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, release, totalmem } from 'node:os';
import { dirname } from 'node:path';
import type { Pool } from 'mysql2/promise';
import { BENCH, ROOT } from './config';
import { rows } from './database';
import { table } from './stats';
import type { Target } from './types';

export interface RunInfo {
  date: string;
  command: string;
  nproc: number;
  memoryGiB: number;
  cpuModel: string;
  kernel: string;
  node: string;
  database: string;
  dbSettings: Record<string, string>;
  commit: string;
}

function cpuModel(): string {
  try {
    const line = readFileSync('/proc/cpuinfo', 'utf8')
      .split('\n')
      .find((l) => l.startsWith('model name'));
    if (line) return line.split(':')[1].trim();
  } catch {
    // not Linux
  }
  return cpus()[0]?.model ?? 'unknown';
}

function nproc(): number {
  try {
    return Number(execFileSync('nproc', { encoding: 'utf8' }).trim());
  } catch {
    return cpus().length;
  }
}

function commit(): string {
  try {
    const head = execFileSync('git', ['rev-parse', '--short', 'HEAD'], {
      cwd: ROOT,
      encoding: 'utf8',
    }).trim();
    const dirty = execFileSync('git', ['status', '--porcelain', '--', 'apps', 'libs'], {
      cwd: ROOT,
      encoding: 'utf8',
    }).trim();
    return dirty ? `${head} + uncommitted changes in apps/ or libs/` : head;
  } catch {
    return 'unknown';
  }
}

export async function collectRunInfo(sql: Pool, command: string): Promise<RunInfo> {
  const [{ v }] = await rows<{ v: string }>(sql, 'SELECT VERSION() AS v');
  const vars = await rows<{ Variable_name: string; Value: string }>(
    sql,
    `SHOW GLOBAL VARIABLES WHERE Variable_name IN ('innodb_buffer_pool_size',
      'innodb_flush_log_at_trx_commit', 'innodb_flush_method', 'log_bin', 'sync_binlog',
      'innodb_log_file_size', 'max_connections')`,
  );
  const dbSettings = Object.fromEntries(vars.map((r) => [r.Variable_name, r.Value]));
  return {
    date: new Date().toISOString().replace(/\.\d+Z$/, 'Z'),
    command,
    nproc: nproc(),
    memoryGiB: totalmem() / 2 ** 30,
    cpuModel: cpuModel(),
    kernel: `Linux ${release()}`,
    node: process.version,
    database: v,
    dbSettings,
    commit: commit(),
  };
}

const mib = (bytes: string) => `${Math.round(Number(bytes) / 2 ** 20)} MiB`;

export function environmentSection(info: RunInfo): string {
  const s = info.dbSettings;
  return [
    '## Environment of the last run',
    '',
    table(
      ['', ''],
      [
        ['date (UTC)', info.date],
        ['command', `\`${info.command}\``],
        ['commit', info.commit],
        ['CPU', `${info.nproc} × ${info.cpuModel} (\`nproc\` = ${info.nproc})`],
        ['memory', `${info.memoryGiB.toFixed(1)} GiB`],
        ['OS', info.kernel],
        ['Node.js', info.node],
        ['database', `MariaDB/MySQL ${info.database}`],
        [
          'database settings',
          [
            `innodb_buffer_pool_size ${mib(s.innodb_buffer_pool_size ?? '0')}`,
            `innodb_flush_log_at_trx_commit ${s.innodb_flush_log_at_trx_commit}`,
            `innodb_flush_method ${s.innodb_flush_method}`,
            `innodb_log_file_size ${mib(s.innodb_log_file_size ?? '0')}`,
            `log_bin ${s.log_bin}`,
            `max_connections ${s.max_connections}`,
          ].join(', '),
        ],
        [
          'layout',
          'API, database and load generator share the machine (same cores), talking over loopback',
        ],
      ],
    ),
  ].join('\n');
}

/** The heading, the run line and the targets table every scenario section starts with. */
export function scenarioSection(
  title: string,
  info: RunInfo,
  targets: Target[],
  body: string,
): string {
  const parts = [
    `## ${title}`,
    '',
    `_Run ${info.date} · \`${info.command}\` · ${info.nproc} cores, ${info.memoryGiB.toFixed(0)} GiB · Node ${info.node} · MariaDB ${info.database.split('-')[0]}_`,
  ];
  if (targets.length) {
    parts.push(
      '',
      table(
        ['target', 'goal', 'measured', 'result'],
        targets.map((t) => [t.name, t.target, t.actual, t.pass ? '✅ pass' : '❌ FAIL']),
      ),
    );
  }
  parts.push('', body.trim());
  return parts.join('\n');
}

const PREAMBLE = `# Benchmarks

Measured by \`npm run bench\` (the harness is in \`bench/\`, see \`bench/README.md\`). It builds the
apps, creates and migrates its own database \`petitions_bench\` (Redis database 3, queue prefix
\`petitions-bench\`), generates the data set if it is not there yet, starts the built API as a
separate process, runs the scenarios over real HTTP with real access tokens, and stops what it
started. \`npm run bench -- <scenario> …\` runs only the named scenarios.

Each section below is **replaced** when its scenario runs again and kept otherwise, so sections
can come from different runs: each names its own run.
`;

const BEGIN = (id: string) => `<!-- bench:begin ${id} -->`;
const END = (id: string) => `<!-- bench:end ${id} -->`;
const SECTION = /<!-- bench:begin ([\w-]+) -->\n([\s\S]*?)\n<!-- bench:end \1 -->/g;

/**
 * Replaces (or adds) the given sections of docs/benchmarks.md and keeps every other section and
 * the text before the first section. `rank` orders the sections in the file.
 */
export function writeSections(updates: Record<string, string>, rank: (id: string) => number): void {
  const path = BENCH.reportPath;
  const current = existsSync(path) ? readFileSync(path, 'utf8') : PREAMBLE;
  const first = current.indexOf('<!-- bench:begin ');
  const preamble = (first === -1 ? current : current.slice(0, first)).trimEnd();
  const sections = new Map<string, string>();
  for (const m of current.matchAll(SECTION)) sections.set(m[1], m[2]);
  for (const [id, text] of Object.entries(updates)) sections.set(id, text.trim());
  const order = [...sections.keys()];
  const sorted = order
    .map((id, i) => ({ id, i, r: rank(id) }))
    .sort((a, b) => a.r - b.r || a.i - b.i)
    .map(({ id }) => `${BEGIN(id)}\n${sections.get(id)}\n${END(id)}`);
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, `${preamble}\n\n${sorted.join('\n\n')}\n`);
}
