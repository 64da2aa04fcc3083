import { readdirSync, readFileSync } from 'node:fs';
import { join, relative, sep } from 'node:path';

/**
 * One writer per table (issue 16): a table's rows are written only in its owner's folder. This
 * searches the source of apps/ and libs/ (migrations, the test kit and unit specs aside) for the
 * ways this codebase writes rows: SQL text, the plain-INSERT helpers of @app/database, and
 * TypeORM calls on the table's entity. Add a table by adding a line to WRITERS.
 */
/**
 * Every table and its owner (the lib whose repositories write it), with its TypeORM entity where it
 * has one; tables reached only by SQL name none.
 */
const WRITERS: Record<string, { entity: string | null; owner: string }> = {
  attachments: { entity: 'AttachmentEntity', owner: 'libs/cases/' },
  calendar_days: { entity: 'CalendarDayEntity', owner: 'libs/calendar/' },
  calendar_versions: { entity: 'CalendarVersionEntity', owner: 'libs/calendar/' },
  case_chain_checkpoints: { entity: null, owner: 'libs/cases/' },
  case_chain_heads: { entity: null, owner: 'libs/cases/' },
  case_events: { entity: 'CaseEventEntity', owner: 'libs/cases/' },
  case_hops: { entity: 'CaseHopEntity', owner: 'libs/cases/' },
  case_number_sequences: { entity: 'CaseNumberSequenceEntity', owner: 'libs/cases/' },
  case_petitioners: { entity: 'CasePetitionerEntity', owner: 'libs/cases/' },
  case_reviews: { entity: 'CaseReviewEntity', owner: 'libs/reviews/' },
  cases: { entity: 'CaseEntity', owner: 'libs/cases/' },
  categories: { entity: 'CategoryEntity', owner: 'libs/cases/' },
  clocks: { entity: 'ClockEntity', owner: 'libs/deadlines/' },
  deadline_rules: { entity: 'DeadlineRuleEntity', owner: 'libs/calendar/' },
  export_logs: { entity: 'ExportLogEntity', owner: 'libs/exchange/' },
  idempotency_keys: { entity: 'IdempotencyKeyEntity', owner: 'libs/cases/' },
  import_jobs: { entity: 'ImportJobEntity', owner: 'libs/exchange/' },
  import_keys: { entity: 'ImportKeyEntity', owner: 'libs/exchange/' },
  import_row_errors: { entity: 'ImportRowErrorEntity', owner: 'libs/exchange/' },
  key_matter_cases: { entity: 'KeyMatterCaseEntity', owner: 'libs/key-matters/' },
  key_matter_progress: { entity: 'KeyMatterProgressEntity', owner: 'libs/key-matters/' },
  key_matters: { entity: 'KeyMatterEntity', owner: 'libs/key-matters/' },
  metric_counts: { entity: null, owner: 'libs/metrics/' },
  metric_items: { entity: null, owner: 'libs/metrics/' },
  metric_ledger_backfill: { entity: null, owner: 'libs/metrics/' },
  metric_ledger_years: { entity: null, owner: 'libs/metrics/' },
  metric_snapshot_items: { entity: 'MetricSnapshotItemEntity', owner: 'libs/metrics/' },
  metric_snapshots: { entity: 'MetricSnapshotEntity', owner: 'libs/metrics/' },
  notice_sequences: { entity: 'NoticeSequenceEntity', owner: 'libs/notices/' },
  notice_templates: { entity: 'NoticeTemplateEntity', owner: 'libs/notices/' },
  notifications: { entity: 'NotificationEntity', owner: 'libs/reminders/' },
  officer_defaults: { entity: 'OfficerDefaultEntity', owner: 'libs/cases/' },
  persuasion_mission_cases: { entity: 'PersuasionMissionCaseEntity', owner: 'libs/key-matters/' },
  persuasion_missions: { entity: 'PersuasionMissionEntity', owner: 'libs/key-matters/' },
  petitioner_notices: { entity: 'PetitionerNoticeEntity', owner: 'libs/notices/' },
  petitioners: { entity: 'PetitionerEntity', owner: 'libs/cases/' },
  pii_access_logs: { entity: 'PiiAccessLogEntity', owner: 'libs/cases/' },
  refresh_tokens: { entity: 'RefreshTokenEntity', owner: 'libs/auth/' },
  reminder_deliveries: { entity: 'ReminderDeliveryEntity', owner: 'libs/reminders/' },
  reminder_rules: { entity: 'ReminderRuleEntity', owner: 'libs/reminders/' },
  reminders: { entity: 'ReminderEntity', owner: 'libs/reminders/' },
  saved_views: { entity: 'SavedViewEntity', owner: 'libs/cases/' },
  self_evaluation_budget_lines: { entity: 'BudgetLineEntity', owner: 'libs/self-evaluation/' },
  self_evaluation_indicators: { entity: 'IndicatorEntity', owner: 'libs/self-evaluation/' },
  self_evaluations: { entity: 'SelfEvaluationEntity', owner: 'libs/self-evaluation/' },
  supervision_letter_actions: {
    entity: 'SupervisionLetterActionEntity',
    owner: 'libs/supervision/',
  },
  supervision_letter_attachments: {
    entity: 'SupervisionLetterAttachmentEntity',
    owner: 'libs/supervision/',
  },
  supervision_letter_cases: { entity: 'SupervisionLetterCaseEntity', owner: 'libs/supervision/' },
  supervision_letter_sequences: {
    entity: 'SupervisionLetterSequenceEntity',
    owner: 'libs/supervision/',
  },
  supervision_letters: { entity: 'SupervisionLetterEntity', owner: 'libs/supervision/' },
  units: { entity: 'UnitEntity', owner: 'libs/units/' },
  user_contacts: { entity: 'UserContactEntity', owner: 'libs/reminders/' },
  users: { entity: 'UserEntity', owner: 'libs/auth/' },
  webhook_endpoints: { entity: 'WebhookEndpointEntity', owner: 'libs/reminders/' },
  worker_heartbeats: { entity: 'WorkerHeartbeatEntity', owner: 'libs/queue/' },
};

/**
 * Tables whose owner writes them in ways the patterns do not see (a repository held in a variable,
 * the yearly-sequence helper of @app/database): only the check that nobody else does applies.
 */
const UNSEEN_WRITES = new Set([
  'case_number_sequences',
  'metric_ledger_backfill',
  'notice_sequences',
  'officer_defaults',
  'supervision_letter_attachments',
  'supervision_letter_sequences',
  'units',
  'webhook_endpoints',
]);

/** Where a new case is created: one plan (number, row, petitioners, first event) for every way in. */
const NEW_CASE_PLAN = 'libs/cases/src/new-case/new-case.repository.ts';

const root = join(__dirname, '..', '..');
const SEARCHED = ['apps', 'libs'];
/** The bench's ceiling writes what the API writes, so it must use the same plan. */
const BENCH = ['bench'];
/**
 * The one named exception: the bench's generated data set (a million cases) is bulk-loaded past
 * the writers with LOAD DATA, as bench/README.md says, and moves the number sequence past it.
 */
const BULK_LOAD = ['bench/lib/dataset.ts'];
const SKIPPED = [/(^|\/)node_modules\//, /(^|\/)dist\//, /\/migrations\//, /^libs\/testing\//];

/** The patterns that write `table`'s rows (SQL, helpers, TypeORM on `entity`). */
function writePatterns(table: string, entity: string | null): RegExp[] {
  const name = `\`?${table}\`?\\b`;
  const quoted = `['"\`]${table}['"\`]`;
  const writes = 'save|insert|update|upsert|delete|softDelete|remove|increment|decrement';
  const sql = [
    new RegExp(`\\b(INSERT\\s+(IGNORE\\s+)?INTO|REPLACE\\s+INTO)\\s+${name}`, 'i'),
    new RegExp(`\\bUPDATE\\s+(IGNORE\\s+)?${name}\\s+SET\\b`, 'i'),
    new RegExp(`\\b(DELETE\\s+FROM|TRUNCATE\\s+(TABLE\\s+)?)\\s*${name}`, 'i'),
    new RegExp(`\\binsertRows(Sql)?\\(\\s*(\\w+(\\.\\w+)*\\s*,\\s*)?${quoted}`),
  ];
  if (entity === null) return sql;
  return [
    ...sql,
    new RegExp(`\\.(${writes})\\(\\s*${entity}\\b`),
    new RegExp(`getRepository\\(\\s*${entity}\\s*\\)\\s*\\.(${writes})\\(`),
    new RegExp(`\\.insert\\(\\)\\s*\\.into\\(\\s*${entity}\\b`),
    new RegExp(`\\.delete\\(\\)\\s*\\.from\\(\\s*${entity}\\b`),
  ];
}

/** Comments blanked out (lines kept), so prose such as "the sweep updates clocks" is no write. */
function code(text: string): string {
  return text
    .replace(/\/\*[\s\S]*?\*\//g, (c) => c.replace(/[^\n]/g, ' '))
    .replace(/(^|[^:'"`\\])\/\/[^\n]*/g, '$1');
}

/** `path:line` of each write of `table` in `text`. */
function writesIn(path: string, text: string, table: string, entity: string | null): string[] {
  const src = code(text);
  const found: string[] = [];
  for (const p of writePatterns(table, entity)) {
    for (const m of src.matchAll(new RegExp(p.source, `${p.flags}g`))) {
      const line = src.slice(0, m.index).split('\n').length;
      found.push(`${path}:${line}: ${m[0].replace(/\s+/g, ' ')}`);
    }
  }
  return found.sort();
}

function sources(dir: string): string[] {
  return readdirSync(join(root, dir), { withFileTypes: true }).flatMap((e) => {
    const path = `${dir}/${e.name}`;
    if (SKIPPED.some((s) => s.test(`${path}/`))) return [];
    if (e.isDirectory()) return sources(path);
    return /\.tsx?$/.test(e.name) && !/\.spec\.tsx?$/.test(e.name) ? [path] : [];
  });
}

const read = (path: string) => ({
  path: relative(root, join(root, path)).split(sep).join('/'),
  text: readFileSync(join(root, path), 'utf8'),
});
const files = SEARCHED.flatMap(sources).map(read);
const benchFiles = BENCH.flatMap(sources).map(read);

/** `path:line` of each insert of a `cases` row or take of a case number in `text`. */
function newCasesIn(path: string, text: string): string[] {
  const src = code(text);
  const patterns = [
    ...writePatterns('cases', 'CaseEntity').filter((p) =>
      /INSERT|insertRows|insert\\\(\\\)/.test(p.source),
    ),
    /\.(save|insert|upsert)\(\s*CaseEntity\b/,
    /\b(nextYearlySequence|yearlySequenceBump)\(\s*(\w+\s*,\s*)?['"`]case_number_sequences['"`]/,
    /\bINTO\s+`?case_number_sequences`?\b/i,
  ];
  return patterns.flatMap((p) =>
    [...src.matchAll(new RegExp(p.source, `${p.flags}g`))].map(
      (m) => `${path}:${src.slice(0, m.index).split('\n').length}: ${m[0].replace(/\s+/g, ' ')}`,
    ),
  );
}

describe('one writer per table', () => {
  it('searches the source', () => {
    expect(files.some((f) => f.path.startsWith('libs/'))).toBe(true);
    expect(files.some((f) => f.path.includes('/migrations/'))).toBe(false);
  });

  it.each([
    ["await m.query('UPDATE clocks SET next_stage = NULL WHERE id = ?', [1]);"],
    ['await m.query(`DELETE FROM `clocks` WHERE id = ?`, [1]);'],
    ["await m.query('INSERT INTO clocks (kind) VALUES (?)', ['triage']);"],
    ["writes.add(...insertRowsSql('clocks', [row], { caseId: '@case_id' }));"],
    ["await insertRows(\n  m,\n  'clocks',\n  rows,\n);"],
    ['await m.update(ClockEntity, { id }, { status });'],
    ['await this.db.getRepository(ClockEntity).save(clock);'],
    ['await m.createQueryBuilder().update(ClockEntity).set({ status }).execute();'],
    ['await m.createQueryBuilder().insert().into(ClockEntity).values(rows).execute();'],
  ])('finds a write of clocks in %j', (line) => {
    expect(writesIn('libs/x/src/x.ts', line, 'clocks', 'ClockEntity')).toHaveLength(1);
  });

  it.each([
    ["await m.query('SELECT id FROM clocks WHERE case_id = ?', [1]);"],
    ['await m.findOne(ClockEntity, { where: { caseId } });'],
    ['// the sweep must never update clocks set by hand'],
    ["await m.query('UPDATE cases SET next_due_at = ? WHERE id = ?', [at, id]);"],
  ])('finds no write of clocks in %j', (line) => {
    expect(writesIn('libs/x/src/x.ts', line, 'clocks', 'ClockEntity')).toEqual([]);
  });

  it.each([
    ["await insertRows(m, 'cases', [row]);"],
    ["writes.add(...insertRowsSql('cases', [caseRow]));"],
    ["await m.query('INSERT INTO cases (case_no) VALUES (?)', [n]);"],
    ["await nextYearlySequence(m, 'case_number_sequences', prefix, year);"],
    ["last.add(...yearlySequenceBump('case_number_sequences', prefix, year));"],
  ])('finds a new case in %j', (line) => {
    expect(newCasesIn('libs/x/src/x.ts', line)).toHaveLength(1);
  });

  it('names an owner for every table an entity declares', () => {
    const declared = files.flatMap((f) =>
      [...f.text.matchAll(/@Entity\('([a-z_]+)'\)/g)].map((m) => m[1]),
    );
    expect(declared.length).toBeGreaterThan(40);
    expect(declared.filter((t) => !(t in WRITERS))).toEqual([]);
  });

  it('a new case is created only through the plan, by every way in and the bench', () => {
    const outside = [...files, ...benchFiles]
      .filter((f) => f.path !== NEW_CASE_PLAN && !BULK_LOAD.includes(f.path))
      .flatMap((f) => newCasesIn(f.path, f.text));
    expect(outside).toEqual([]);
    const plan = files.find((f) => f.path === NEW_CASE_PLAN)!;
    expect(newCasesIn(plan.path, plan.text)).not.toEqual([]);
  });

  it.each(Object.entries(WRITERS))('%s is written only under its owner', (table, w) => {
    const outside = files
      .filter((f) => !f.path.startsWith(w.owner))
      .flatMap((f) => writesIn(f.path, f.text, table, w.entity));
    expect(outside).toEqual([]);
    if (UNSEEN_WRITES.has(table)) return;
    // And the owner does write it (the patterns still see this codebase's writes).
    const inside = files
      .filter((f) => f.path.startsWith(w.owner))
      .flatMap((f) => writesIn(f.path, f.text, table, w.entity));
    expect(inside).not.toEqual([]);
  });
});
