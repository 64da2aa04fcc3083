import { createHash } from 'node:crypto';
import { Readable } from 'node:stream';
import type { INestApplicationContext } from '@nestjs/common';
import { UsersRepository, UsersService, type AuthUser } from '@app/auth';
import { CategoriesService } from '@app/cases';
import { AppConfig } from '@app/core';
import { ImportRunner, ImportsService } from '@app/exchange';
import { MetricsService } from '@app/metrics';
import { SelfEvaluationService } from '@app/self-evaluation';
import { UnitsService } from '@app/units';
import { generatePassword } from '../admin';
import { DEMO_2022, DEMO_UNITS, demo2022Lines } from './demo-2022-data';
import {
  DEMO_BUDGET_LINES,
  DEMO_DECLARED,
  DEMO_DEPARTMENT,
  DEMO_SECTIONS,
} from './demo-2022-report';

const DEMO_USER = 'demo-2022';
const YEAR = DEMO_2022.year;

export interface DemoResult {
  importId: number;
  /** `skipped`: this very file was imported before (same SHA-256), so nothing was read again. */
  import: 'ran' | 'skipped';
  totalRows: number;
  createdRows: number;
  existingRows: number;
  errorRows: number;
  periodClosed: 'closed' | 'already closed';
  selfEvaluation: 'created' | 'updated';
}

/**
 * `npm run demo:2022`: loads the fictional district's 2022 through the real history import (the
 * same job `POST /imports/history` queues, run here in-process), closes the 2022 metric period and
 * writes the 2022 self-evaluation (budget lines, text, default indicator table). Safe to run
 * again: the same file is not imported twice (and an import of it would find every record
 * already there), a closed year stays closed, the self-evaluation's text and budget lines are
 * set to the same values.
 */
export async function runDemo2022(
  app: INestApplicationContext,
  opts: { ordinaryCases?: number; say?: (line: string) => void } = {},
): Promise<DemoResult> {
  const say = opts.say ?? (() => undefined);
  const actor = await demoUser(app);

  const units = app.get(UnitsService);
  const codes = new Set((await units.list()).map((u) => u.code));
  for (const u of DEMO_UNITS) {
    if (!codes.has(u.code))
      await units.create({ code: u.code, name: u.name, kind: 'district_unit', level: 'district' });
  }

  const categoryCodes = (await app.get(CategoriesService).list())
    .filter((c) => c.level === 3)
    .map((c) => c.code);
  // A few MB: hashed first, so a second run finds the earlier import instead of storing the
  // same file again.
  const file = Buffer.from(
    [...demo2022Lines({ categoryCodes, ordinaryCases: opts.ordinaryCases })]
      .map((l) => `${l}\n`)
      .join(''),
  );
  const sha256 = createHash('sha256').update(file).digest('hex');
  const imports = app.get(ImportsService);
  const earlier = await imports.latestDoneWithFile('history', sha256);
  let job;
  if (earlier) {
    job = earlier;
    say(`${job.filename} was imported before (import #${job.id}): nothing to import`);
  } else {
    job = await imports.accept(
      'history',
      { filename: `donghu-${YEAR}.jsonl`, stream: Readable.from([file]), truncated: () => false },
      app.get(AppConfig).storage.importMaxBytes,
      actor,
    );
    say(`importing ${job.filename} (import #${job.id}) …`);
    await app.get(ImportRunner).run(job.id);
  }
  const done = await imports.get(job.id);
  if (done.status !== 'done') throw new Error(`import #${job.id} ${done.status}: ${done.failure}`);
  if (!earlier)
    say(
      `import #${job.id}: ${done.totalRows} records, ${done.createdRows} created, ` +
        `${done.existingRows} already there, ${done.errorRows} with errors`,
    );

  const metrics = app.get(MetricsService);
  const closed = (await metrics.listPeriods()).some((p) => p.year === YEAR);
  if (!closed) await metrics.closePeriod(YEAR, actor);
  say(closed ? `${YEAR} metric period already closed` : `closed the ${YEAR} metric period`);

  const evaluations = app.get(SelfEvaluationService);
  const exists = await evaluations.exists(YEAR);
  if (!exists) await evaluations.create(YEAR, DEMO_DEPARTMENT, actor);
  let view = await evaluations.view(YEAR);
  view = await evaluations.update(
    YEAR,
    { version: view.version, departmentName: DEMO_DEPARTMENT, sections: DEMO_SECTIONS },
    actor,
  );
  await evaluations.replaceBudgetLines(YEAR, view.version, DEMO_BUDGET_LINES, actor, DEMO_DECLARED);
  say(`${exists ? 'updated' : 'created'} the ${YEAR} self-evaluation of ${DEMO_DEPARTMENT}`);

  return {
    importId: job.id,
    import: earlier ? 'skipped' : 'ran',
    totalRows: done.totalRows,
    createdRows: done.createdRows,
    existingRows: done.existingRows,
    errorRows: done.errorRows,
    periodClosed: closed ? 'already closed' : 'closed',
    selfEvaluation: exists ? 'updated' : 'created',
  };
}

/** The account the demo acts as (a supervisor; its password is random and never shown). */
async function demoUser(app: INestApplicationContext): Promise<AuthUser> {
  let user = await app.get(UsersRepository).findByUsername(DEMO_USER);
  if (!user) {
    user = await app.get(UsersService).create({
      username: DEMO_USER,
      displayName: '演示数据导入',
      password: generatePassword(),
      role: 'supervisor',
    });
  }
  return { id: user.id, username: user.username, role: user.role, unitId: user.unitId };
}
