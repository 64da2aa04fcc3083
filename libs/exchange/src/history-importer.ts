import { once } from 'node:events';
import { createInterface } from 'node:readline';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import {
  CalendarService,
  computeDue,
  shanghaiDate,
  type DeadlineRule,
  type WorkingCalendar,
} from '@app/calendar';
import {
  CaseHistoryWriter,
  CategoriesService,
  CaseEntity,
  ReviewsService,
  historyProblems,
  nextStatus,
  HISTORY_EVENT_ACTIONS,
  type CaseStatus,
  type Channel,
  type DeliveryMethod,
  type CaseHistoryInput,
  type HistoryEvent,
  type PetitionerKind,
} from '@app/cases';
import { AppConfig, Clock, DomainError } from '@app/core';
import { isUniqueViolation } from '@app/database';
import {
  FIVE_SLOTS,
  SupervisionHistoryWriter,
  type Escalation,
  type KeyMatterCategory,
  type LetterReason,
  type LetterType,
  type MissionKind,
  type Outcome,
} from '@app/supervision';
import {
  parseHistoryLine,
  type CaseRecord,
  type HistoryRecord,
  type KeyMatterRecord,
  type LetterRecord,
  type MissionRecord,
  type ReviewRecord,
  REVIEW_DECISION_OF,
} from './history-records';
import type { ImportJobEntity } from './import-job.entity';
import { ImportsService } from './imports.service';
import { RowCheckTally } from './row-check-tally';
import type { RowProblem } from './sheet-columns';

interface Unit {
  id: number;
  name: string;
  kind: string;
}

interface Context {
  now: Date;
  units: Map<string, Unit>;
  leafCodes: Set<string>;
  calendar: WorkingCalendar;
  windows: { review: DeadlineRule; re_review: DeadlineRule };
}

/** What a review record needs to know of the case it contests. */
interface Contestable {
  status: CaseStatus;
  /** The review level this case can be contested at (null: none, the matter is final). */
  level: 'review' | 're_review' | null;
  /** When the contested answer or decision was delivered. */
  deliveredAt: Date | null;
  /** Its latest event: a request cannot come before it. */
  lastAt: Date;
  /** Already contested at that level (imported earlier). */
  contested: boolean;
  /** For a review of this file: the key of its original case (made final by a 复核 decision). */
  original?: string;
}

/** What pass 1 remembers of the file: bounded by the number of records, not their size. */
interface Seen {
  refs: Map<string, number>;
  /** Valid case records of this file: ref → the units it was handed to. */
  cases: Map<string, Set<number>>;
  caseNos: Set<string>;
  externalRefs: Set<string>;
  letterNumbers: Set<string>;
  /** Cases (`case:ref`) and reviews (`review:ref`) of this file a review could contest. */
  contestable: Map<string, Contestable>;
  /** Those already contested by a review record of this file. */
  contested: Set<string>;
}

const PROGRESS_EVERY = 500;
const LETTER_NUMBER = /^(.{1,20})〔(\d{4})〕(\d{1,6})号$/u;

/**
 * Imports a bureau's earlier years from JSON Lines (docs/import-format.md): cases with their past
 * events, supervision letters with replies, key matters with their resolution, persuasion
 * missions. Pass 1 checks every line (shape, vocabulary, the lifecycle rules, references to
 * earlier lines or earlier imports); pass 2 writes each valid record in its own transaction with
 * its `ref` in `import_keys`, so a second import of the same file creates nothing new.
 */
@Injectable()
export class HistoryImporter {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly imports: ImportsService,
    private readonly cases: CaseHistoryWriter,
    private readonly supervision: SupervisionHistoryWriter,
    private readonly reviews: ReviewsService,
    private readonly calendar: CalendarService,
    private readonly categories: CategoriesService,
    private readonly config: AppConfig,
    private readonly clock: Clock,
  ) {}

  async run(job: ImportJobEntity): Promise<void> {
    const ctx = await this.context();
    const checked = await this.validate(job, ctx);
    await this.write(job, ctx, checked);
  }

  private async context(): Promise<Context> {
    const units = await this.db.query<
      { id: number | string; code: string; name: string; kind: string }[]
    >('SELECT id, code, name, kind FROM units');
    const leaves = (await this.categories.list()).filter((c) => c.level === 3);
    const [calendar, review, reReview] = await Promise.all([
      this.calendar.current(),
      this.calendar.rule('review_request_window'),
      this.calendar.rule('re_review_request_window'),
    ]);
    return {
      now: this.clock.now(),
      calendar,
      windows: { review, re_review: reReview },
      units: new Map(units.map((u) => [u.code, { id: Number(u.id), name: u.name, kind: u.kind }])),
      leafCodes: new Set(leaves.map((c) => c.code)),
    };
  }

  private async *lines(job: ImportJobEntity): AsyncGenerator<{ lineNo: number; line: string }> {
    const stream = await this.imports.open(job);
    // A file that cannot be opened fails here, as the storage error it is (the job retries).
    await once(stream, 'readable');
    const rl = createInterface({ input: stream, crlfDelay: Infinity });
    let lineNo = 0;
    try {
      for await (const raw of rl) {
        lineNo++;
        const line = lineNo === 1 ? raw.replace(/^\uFEFF/, '') : raw;
        if (line.trim()) yield { lineNo, line };
      }
    } finally {
      rl.close();
      stream.destroy();
    }
  }

  private async validate(
    job: ImportJobEntity,
    ctx: Context,
  ): Promise<{ bad: Set<number>; total: number }> {
    const tally = new RowCheckTally(this.imports, job.id, PROGRESS_EVERY);
    const seen: Seen = {
      refs: new Map(),
      cases: new Map(),
      caseNos: new Set(),
      externalRefs: new Set(),
      letterNumbers: new Set(),
      contestable: new Map(),
      contested: new Set(),
    };
    for await (const { lineNo, line } of this.lines(job)) {
      const parsed = parseHistoryLine(line);
      if (!parsed.ok) await tally.row(lineNo, parsed.ref, parsed.problems);
      else {
        const problems = await this.check(parsed.record, lineNo, ctx, seen);
        await tally.row(lineNo, parsed.record.ref, problems);
      }
    }
    return tally.finish();
  }

  /** The checks beyond shape: vocabulary in the database, lifecycle rules, references. */
  private async check(
    r: HistoryRecord,
    lineNo: number,
    ctx: Context,
    seen: Seen,
  ): Promise<RowProblem[]> {
    const problems: RowProblem[] = [];
    const add = (field: string, code: string, message: string) =>
      problems.push({ field, code, message });
    const key = `${r.type}:${r.ref}`;
    const earlier = seen.refs.get(key);
    if (earlier !== undefined) {
      add('ref', 'DUPLICATE_IN_FILE', `ref 与第 ${earlier} 行重复`);
      return problems;
    }
    seen.refs.set(key, lineNo);
    // Imported before: nothing to check, nothing to write (counted as existing).
    if (await this.importedId(this.db.manager, r.type, r.ref)) {
      if (r.type === 'case') seen.cases.set(r.ref, await this.unitsOfCase(r.ref));
      return problems;
    }
    const caseRefs = async (field: string, refs: string[], unitId?: number) => {
      for (const [i, ref] of refs.entries()) {
        const inFile = seen.cases.get(ref);
        const units =
          inFile ??
          ((await this.importedId(this.db.manager, 'case', ref))
            ? await this.unitsOfCase(ref)
            : null);
        if (!units) {
          add(
            `${field}[${i}]`,
            'CASE_REF_UNKNOWN',
            `引用的信访件 ${ref} 不在本文件之前的有效行中，也未导入过`,
          );
        } else if (unitId !== undefined && !units.has(unitId)) {
          add(`${field}[${i}]`, 'CASE_NOT_AT_UNIT', `信访件 ${ref} 未曾交由该单位办理`);
        }
      }
    };

    if (r.type === 'case') {
      if (!ctx.leafCodes.has(r.categoryCode))
        add(
          'categoryCode',
          'UNKNOWN_CATEGORY',
          `内容分类 ${r.categoryCode} 不存在、已停用或不是第三级分类`,
        );
      r.events.forEach((e, i) => {
        if (!e.unit) return;
        const unit = ctx.units.get(e.unit);
        if (!unit || unit.kind !== 'district_unit')
          add(`events[${i}].unit`, 'UNIT_NOT_ROUTABLE', `单位代码 ${e.unit} 不是本系统的区属单位`);
      });
      if (r.caseNo) {
        if (seen.caseNos.has(r.caseNo) || (await this.exists('cases', 'case_no', r.caseNo)))
          add('caseNo', 'CASE_NO_TAKEN', `信访件编号 ${r.caseNo} 已被使用`);
      }
      if (r.externalRef) {
        if (
          seen.externalRefs.has(r.externalRef) ||
          (await this.exists('cases', 'external_ref', r.externalRef))
        )
          add('externalRef', 'EXTERNAL_REF_TAKEN', `省信访件编号 ${r.externalRef} 已被使用`);
      }
      if (r.repeatOf) await caseRefs('repeatOf', [r.repeatOf]);
      if (problems.length === 0) {
        for (const p of historyProblems(this.caseInput(r, ctx, null), ctx.now)) problems.push(p);
      }
      if (problems.length === 0) {
        seen.contestable.set(`case:${r.ref}`, caseOutcome(r));
        seen.cases.set(
          r.ref,
          new Set(r.events.flatMap((e) => (e.unit ? [ctx.units.get(e.unit)!.id] : []))),
        );
        if (r.caseNo) seen.caseNos.add(r.caseNo);
        if (r.externalRef) seen.externalRefs.add(r.externalRef);
      }
    } else if (r.type === 'supervision_letter') {
      const unit = ctx.units.get(r.unit);
      if (!unit || unit.kind !== 'district_unit')
        add('unit', 'UNIT_NOT_SUPERVISABLE', `督办对象 ${r.unit} 不是本系统的区属单位`);
      await caseRefs('cases', r.cases, unit?.id);
      const [, code, year, seq] = LETTER_NUMBER.exec(r.number)!;
      const taken = await this.db.query<unknown[]>(
        'SELECT 1 FROM supervision_letters WHERE code = ? AND year = ? AND seq = ? LIMIT 1',
        [code, Number(year), Number(seq)],
      );
      if (seen.letterNumbers.has(r.number) || taken.length)
        add('number', 'LETTER_NUMBER_TAKEN', `督办函文号 ${r.number} 已被使用`);
      if (Number(year) !== Number(r.issuedAt.slice(0, 4)))
        add('number', 'LETTER_YEAR_MISMATCH', '文号年份须与发函年份一致');
      if (r.verdict && !r.reply)
        add('verdict', 'REPLY_MISSING', '有办结或退回认定的督办函须有单位回复');
      if (problems.length === 0) seen.letterNumbers.add(r.number);
    } else if (r.type === 'key_matter') {
      await caseRefs('cases', r.cases);
      if (r.sourceLevel !== 'district' && !r.reportDueDate)
        add('reportDueDate', 'REPORT_DUE_DATE_REQUIRED', '上级交办的重点事项须填写报送期限');
      if (r.resolution?.resolved) {
        const required = FIVE_SLOTS.filter((s) => this.config.bureau.requiredSlots.includes(s));
        for (const slot of required)
          if (!r[slot]) add(slot, 'SLOT_MISSING', `认定化解须落实“五个一”：缺少 ${slot}`);
        if (r.resolution.outcomes.length === 0)
          add('resolution.outcomes', 'OUTCOME_REQUIRED', '认定化解须说明“三到位一处理”的落实情况');
      }
    } else if (r.type === 'review') {
      problems.push(...(await this.reviewProblems(r, ctx, seen)));
    } else {
      await caseRefs('cases', r.cases ?? []);
      if (r.endDate < r.startDate) add('endDate', 'END_BEFORE_START', '结束日期不能早于开始日期');
      if (r.personsReturned > r.personsPersuaded)
        add('personsReturned', 'RETURNED_EXCEEDS_PERSUADED', '劝返人数不能多于劝说人数');
    }
    return problems;
  }

  private async write(
    job: ImportJobEntity,
    ctx: Context,
    { bad, total }: { bad: Set<number>; total: number },
  ): Promise<void> {
    let processed = 0;
    let created = 0;
    let existing = 0;
    /** Records a live rule refused while writing (rolled back whole, reported like pass 1's). */
    let refused = 0;
    for await (const { lineNo, line } of this.lines(job)) {
      if (bad.has(lineNo)) continue;
      const parsed = parseHistoryLine(line);
      if (!parsed.ok) continue;
      const r = parsed.record;
      try {
        const made = await this.db.transaction(async (m) => {
          if (await this.importedId(m, r.type, r.ref)) return false;
          const id = await this.writeRecord(m, r, ctx, job);
          await m.query(
            'INSERT INTO import_keys (kind, source_key, entity_id, import_id) VALUES (?, ?, ?, ?)',
            [r.type, r.ref, id, job.id],
          );
          return true;
        });
        if (made) created++;
        else existing++;
      } catch (e) {
        if (e instanceof DomainError && e.kind !== 'not_found') {
          refused++;
          const details = (e.details ?? {}) as { field?: unknown };
          const field = typeof details.field === 'string' ? details.field : 'line';
          await this.imports.addErrors(job.id, [
            { rowNo: lineNo, sourceKey: r.ref, field, code: e.code, message: e.message },
          ]);
          await this.imports.progress(job.id, {
            errorRows: bad.size + refused,
            validRows: total - bad.size - refused,
          });
          continue;
        }
        // Another import wrote the same ref meanwhile: that is "existing", not a failure.
        if (!isUniqueViolation(e, 'PRIMARY')) throw e;
        existing++;
      }
      processed++;
      if (processed % PROGRESS_EVERY === 0)
        await this.imports.progress(job.id, {
          processedRows: processed,
          createdRows: created,
          existingRows: existing,
        });
    }
    await this.imports.progress(job.id, {
      processedRows: processed,
      createdRows: created,
      existingRows: existing,
    });
  }

  private async writeRecord(
    m: EntityManager,
    r: HistoryRecord,
    ctx: Context,
    job: ImportJobEntity,
  ) {
    const ids = async (refs: string[]) => {
      const out: number[] = [];
      for (const ref of refs) out.push((await this.importedId(m, 'case', ref))!);
      return [...new Set(out)];
    };
    switch (r.type) {
      case 'case': {
        const repeatOf = r.repeatOf ? await this.importedId(m, 'case', r.repeatOf) : null;
        return this.cases.write(m, this.caseInput(r, ctx, repeatOf), job.createdBy, {
          importId: job.id,
          importedRef: r.ref,
        });
      }
      case 'supervision_letter':
        return this.supervision.writeLetter(
          m,
          letterInput(r, ctx, await ids(r.cases)),
          job.createdBy,
        );
      case 'review':
        return this.writeReview(m, r, job);
      case 'key_matter':
        return this.supervision.writeKeyMatter(
          m,
          keyMatterInput(r, await ids(r.cases)),
          job.createdBy,
        );
      default:
        return this.supervision.writeMission(
          m,
          missionInput(r, await ids(r.cases ?? [])),
          job.createdBy,
        );
    }
  }

  /** Pass 1 for a review record: what it cites, the chain's order, the live windows. */
  private async reviewProblems(r: ReviewRecord, ctx: Context, seen: Seen): Promise<RowProblem[]> {
    const problems: RowProblem[] = [];
    const add = (field: string, code: string, message: string) =>
      problems.push({ field, code, message });
    const level = r.level as 'review' | 're_review';
    const label = level === 'review' ? '复查' : '复核';
    const key = level === 'review' ? `case:${r.case}` : `review:${r.case}`;
    const target =
      seen.contestable.get(key) ??
      (await this.contestableInDb(level === 'review' ? 'case' : 'review', r.case));
    if (!target) {
      add(
        'case',
        'CASE_REF_UNKNOWN',
        level === 'review'
          ? `引用的信访件 ${r.case} 不在本文件之前的有效行中，也未导入过`
          : `引用的复查记录 ${r.case} 不在本文件之前的有效行中（须为已受理的复查），也未导入过`,
      );
      return problems;
    }
    const received = new Date(r.receivedAt);
    const decided = r.decidedAt ? new Date(r.decidedAt) : null;
    const delivered = r.deliveredAt ? new Date(r.deliveredAt) : null;
    if (target.level === null) {
      add('case', 'MATTER_FINAL', '该信访事项已经复核终结，不能再申请复查或复核');
      return problems;
    } else if (target.level !== level) {
      add(
        'level',
        'LEVEL_MISMATCH',
        `所引记录只能申请${target.level === 'review' ? '复查' : '复核'}`,
      );
    } else if (r.accepted && (seen.contested.has(key) || target.contested)) {
      add('case', 'REVIEW_ALREADY_REQUESTED', `该信访事项已申请${label}，不能重复申请`);
    }
    try {
      nextStatus(target.status, 'request_review');
    } catch (e) {
      if (!(e instanceof DomainError)) throw e;
      add('case', 'INVALID_TRANSITION', `${e.message}（${label}申请）`);
    }
    if (new Date(r.requestedAt).getTime() > received.getTime())
      add('requestedAt', 'REQUESTED_AFTER_RECEIPT', '提出申请的时间不能晚于收到申请的时间');
    if (received.getTime() < target.lastAt.getTime())
      add('receivedAt', 'OUT_OF_ORDER', '收到申请的时间不能早于所引信访件的最后一个事件');
    for (const [field, at] of [
      ['receivedAt', received],
      ['decidedAt', decided],
      ['deliveredAt', delivered],
    ] as const)
      if (at && at.getTime() > ctx.now.getTime())
        add(field, 'IN_FUTURE', `${field} 不能晚于当前时间`);
    if (!target.deliveredAt) {
      add('case', 'ANSWER_NOT_DELIVERED', '书面答复尚未送达，不能申请复查或复核');
    } else if (received.getTime() < target.deliveredAt.getTime()) {
      add('receivedAt', 'RECEIVED_BEFORE_DELIVERY', '收到申请的时间不能早于书面答复送达时间');
    } else if (r.accepted) {
      // The live window (信访工作条例 arts. 35–36: 30 days from delivery), on the same calendar.
      const due = computeDue(target.deliveredAt, ctx.windows[level], ctx.calendar);
      const late = received.getTime() > due.dueAt.getTime();
      if (late && !r.lateJustification)
        add(
          'receivedAt',
          'REVIEW_WINDOW_PASSED',
          `${label}申请已超过期限（截至 ${due.dueDate}）；逾期受理须有 lateJustification`,
        );
      if (!late && r.lateJustification)
        add('lateJustification', 'LATE_JUSTIFICATION_NOT_NEEDED', '申请在期限内，无需记录逾期理由');
    }
    if (r.hearing) {
      if (level !== 're_review') add('hearing', 'HEARING_NOT_ALLOWED', '只有复核件可以举行听证');
      if (r.hearing.from < shanghaiDate(received))
        add('hearing.from', 'HEARING_BEFORE_REQUEST', '听证不能早于收到复核申请');
      if (r.hearing.to < r.hearing.from)
        add('hearing.to', 'HEARING_ENDS_BEFORE_START', '听证结束日期不能早于开始日期');
      if (decided && r.hearing.to > shanghaiDate(decided))
        add('hearing.to', 'HEARING_AFTER_DECISION', '听证须在作出复核意见之前结束');
    }
    if (decided && decided.getTime() < received.getTime())
      add('decidedAt', 'DECIDED_BEFORE_REQUEST', '作出意见的时间不能早于收到申请的时间');
    if (decided && delivered && delivered.getTime() < decided.getTime())
      add('deliveredAt', 'DELIVERED_BEFORE_DECISION', '送达时间不能早于作出意见的时间');
    if (problems.length === 0) {
      target.lastAt = received;
      if (r.accepted) {
        seen.contested.add(key);
        const original = level === 'review' ? key : target.original;
        if (level === 're_review' && decided) {
          // 信访工作条例 art. 35: the re-review decision ends the matter.
          target.level = null;
          const o = original ? seen.contestable.get(original) : undefined;
          if (o) o.level = null;
        }
        seen.contestable.set(`review:${r.ref}`, {
          original,
          status: decided ? (level === 'review' ? 'review_decided' : 'final') : 'under_review',
          level: level === 'review' ? 're_review' : null,
          deliveredAt: delivered,
          lastAt: delivered ?? received,
          contested: false,
        });
      }
    }
    return problems;
  }

  /** A case (or review) imported earlier, as a review record of this file would contest it. */
  private async contestableInDb(kind: 'case' | 'review', ref: string): Promise<Contestable | null> {
    const id = await this.importedId(this.db.manager, kind, ref);
    const c = id ? await this.db.getRepository(CaseEntity).findOneBy({ id }) : null;
    if (!c || (kind === 'review' && c.reviewKind !== 'review')) return null;
    const [last] = await this.db.query<{ at: Date | null }[]>(
      // The sweeps' own events (a lapsed window) do not bound a request's time.
      `SELECT MAX(at) AS at FROM case_events
        WHERE case_id = ? AND type NOT IN ('evaluation_lapsed', 'review_window_lapsed')`,
      [c.id],
    );
    let deliveredAt = c.deliveredAt;
    let contested = c.reviewStage !== null;
    if (kind === 'review') {
      const [row] = await this.db.query<{ deliveredAt: Date | null; stage: string | null }[]>(
        `SELECT r.delivered_at AS deliveredAt, o.review_stage AS stage
           FROM case_reviews r JOIN cases o ON o.id = r.original_case_id WHERE r.case_id = ?`,
        [c.id],
      );
      deliveredAt = row?.deliveredAt ?? null;
      contested = row?.stage !== 'review';
    }
    return {
      status: c.status,
      level:
        c.status === 'final' || c.reviewKind === 're_review'
          ? null
          : c.reviewKind === 'review'
            ? 're_review'
            : 'review',
      deliveredAt,
      lastAt: last?.at ?? c.registeredAt,
      contested,
    };
  }

  /** Writes a review record through the live review chain, dated as recorded. */
  private async writeReview(m: EntityManager, r: ReviewRecord, job: ImportJobEntity) {
    const level = r.level as 'review' | 're_review';
    const contestedId = (await this.importedId(m, level === 'review' ? 'case' : 'review', r.case))!;
    const receivedAt = new Date(r.receivedAt);
    if (!r.accepted) {
      await this.reviews.writeRefusal(
        m,
        {
          contestedCaseId: contestedId,
          kind: level,
          receivedAt,
          reason: r.notAcceptedReason!,
          organ: r.organ,
        },
        job.createdBy,
      );
      return contestedId;
    }
    const decidedAt = r.decidedAt ? new Date(r.decidedAt) : null;
    let hearing = null;
    if (r.hearing) {
      // The record has the hearing's days (the clock pauses for those calendar days); its
      // times are taken within office hours, inside receipt … decision.
      const from = new Date(`${r.hearing.from}T09:00:00+08:00`);
      const startedAt = from.getTime() > receivedAt.getTime() ? from : receivedAt;
      const end = new Date(`${r.hearing.to}T18:00:00+08:00`);
      const endedAt = decidedAt && decidedAt.getTime() < end.getTime() ? decidedAt : end;
      hearing = { startedAt, endedAt: endedAt < startedAt ? startedAt : endedAt };
    }
    const label = level === 'review' ? '复查' : '复核';
    return this.reviews.writeHistory(
      m,
      {
        contestedCaseId: contestedId,
        kind: level,
        channel: (r.channel ?? 'letter') as Channel,
        reasons:
          r.reasons ??
          `${label}申请（${shanghaiDate(new Date(r.requestedAt))} 提出；历史数据导入）`,
        receivedAt,
        lateJustification: r.lateJustification,
        hearing,
        decision:
          r.decision && decidedAt
            ? {
                decision: REVIEW_DECISION_OF[r.decision],
                reasons: r.decisionReasons ?? `${r.organ}${label}意见（历史数据导入）`,
                decisionBody: r.organ,
                decidedAt,
                deliveryMethod: r.deliveryMethod as DeliveryMethod,
                deliveredAt: new Date(r.deliveredAt!),
              }
            : null,
      },
      job.createdBy,
    );
  }

  private caseInput(r: CaseRecord, ctx: Context, repeatOf: number | null): CaseHistoryInput {
    return {
      caseNo: r.caseNo,
      externalRef: r.externalRef,
      channel: r.channel as CaseHistoryInput['channel'],
      source: r.source as CaseHistoryInput['source'],
      sourceLevel: r.sourceLevel as CaseHistoryInput['sourceLevel'],
      registeredAt: new Date(r.registeredAt),
      title: r.title,
      content: r.content,
      purpose: r.purpose as CaseHistoryInput['purpose'],
      categoryCode: r.categoryCode,
      locality: r.locality,
      personCount: r.personCount,
      petitioners: r.petitioners.map((p) => ({
        kind: p.kind as PetitionerKind,
        name: p.name,
        idNumber: p.idNumber?.toUpperCase(),
        phone: p.phone,
        address: p.address,
        representative: p.representative,
      })),
      skipLevel: r.skipLevel,
      toBeijing: r.toBeijing,
      toProvince: r.toProvince,
      jointSigned: r.jointSigned,
      lawRelated: r.lawRelated,
      confidentialAccuser: r.confidentialAccuser,
      provincialDueDate: r.provincialDueDate ?? null,
      repeatOfCaseId: repeatOf,
      events: r.events.map((e) => {
        const unit = e.unit ? ctx.units.get(e.unit) : undefined;
        return {
          ...e,
          at: new Date(e.at),
          deliveredAt: e.deliveredAt ? new Date(e.deliveredAt) : undefined,
          unitId: unit?.id ?? 0,
          unitName: unit?.name ?? '',
          facts: e.facts ?? '',
          basis: e.basis ?? '',
        } as unknown as HistoryEvent;
      }),
    };
  }

  private async importedId(m: EntityManager, kind: string, ref: string): Promise<number | null> {
    const [row] = await m.query<{ id: number | string }[]>(
      'SELECT entity_id AS id FROM import_keys WHERE kind = ? AND source_key = ?',
      [kind, ref],
    );
    return row ? Number(row.id) : null;
  }

  private async unitsOfCase(ref: string): Promise<Set<number>> {
    const rows = await this.db.query<{ unitId: number | string }[]>(
      `SELECT DISTINCT h.unit_id AS unitId FROM import_keys k JOIN case_hops h ON h.case_id = k.entity_id
        WHERE k.kind = 'case' AND k.source_key = ?`,
      [ref],
    );
    return new Set(rows.map((r) => Number(r.unitId)));
  }

  private async exists(table: 'cases', column: string, value: string): Promise<boolean> {
    const rows = await this.db.query<unknown[]>(
      `SELECT 1 FROM ${table} WHERE ${column} = ? LIMIT 1`,
      [value],
    );
    return rows.length > 0;
  }
}

/** How a case record leaves its case: status, delivered answer, latest event. */
function caseOutcome(r: CaseRecord): Contestable {
  let status: CaseStatus = 'registered';
  let deliveredAt: Date | null = null;
  let lastAt = new Date(r.registeredAt);
  for (const e of r.events) {
    status = nextStatus(status, HISTORY_EVENT_ACTIONS[e.type as HistoryEvent['type']]);
    if (e.deliveredAt) deliveredAt = new Date(e.deliveredAt);
    const at = new Date(e.at);
    if (at.getTime() > lastAt.getTime()) lastAt = at;
  }
  return { status, level: 'review', deliveredAt, lastAt, contested: false };
}

function letterInput(r: LetterRecord, ctx: Context, caseIds: number[]) {
  const [, code, year, seq] = LETTER_NUMBER.exec(r.number)!;
  return {
    code,
    year: Number(year),
    seq: Number(seq),
    type: r.letterType as LetterType,
    reason: r.reason as LetterReason,
    reasonNote: r.reasonNote ?? null,
    requirements: r.requirements,
    unitId: ctx.units.get(r.unit)!.id,
    caseIds,
    issuedAt: new Date(r.issuedAt),
    replyDueDate: r.replyDueDate,
    signer: r.signer,
    contactPerson: r.contactPerson ?? null,
    contactPhone: r.contactPhone ?? null,
    receivedAt: r.receivedAt ? new Date(r.receivedAt) : null,
    chases: (r.chases ?? []).map((c) => ({ at: new Date(c.at), note: c.note })),
    reply: r.reply ? { at: new Date(r.reply.at), text: r.reply.text } : null,
    verdict: r.verdict
      ? { at: new Date(r.verdict.at), accepted: r.verdict.accepted, note: r.verdict.note ?? null }
      : null,
    escalations: (r.escalations ?? []).map((e) => ({
      at: new Date(e.at),
      escalation: e.escalation as Escalation,
      note: e.note,
    })),
    voided: r.voided ? { at: new Date(r.voided.at), reason: r.voided.reason } : null,
  };
}

function keyMatterInput(r: KeyMatterRecord, caseIds: number[]) {
  return {
    title: r.title,
    category: r.category as KeyMatterCategory,
    description: r.description,
    sourceLevel: r.sourceLevel as 'national' | 'provincial' | 'municipal' | 'district',
    externalRef: r.externalRef ?? null,
    reportDueDate: r.reportDueDate ?? null,
    reportedAt: r.reportedAt ? new Date(r.reportedAt) : null,
    caseIds,
    leaderInCharge: r.leaderInCharge ?? null,
    taskForce: r.taskForce ?? null,
    plan: r.plan ?? null,
    measures: r.measures ?? null,
    deadline: r.deadline ?? null,
    listedAt: new Date(r.listedAt),
    progress: r.progress ?? [],
    resolution: r.resolution
      ? {
          resolved: r.resolution.resolved,
          date: r.resolution.date,
          outcomes: r.resolution.outcomes as Outcome[],
          evidence: r.resolution.evidence,
        }
      : null,
  };
}

function missionInput(r: MissionRecord, caseIds: number[]) {
  return {
    kind: r.kind as MissionKind,
    place: r.place,
    startDate: r.startDate,
    endDate: r.endDate,
    staff: r.staff,
    personsPersuaded: r.personsPersuaded,
    personsReturned: r.personsReturned,
    cost: r.cost,
    note: r.note ?? null,
    caseIds,
  };
}
