import { Injectable } from '@nestjs/common';
import { computeDue, shanghaiDate } from '@app/calendar';
import {
  historyProblems,
  nextStatus,
  HISTORY_EVENT_ACTIONS,
  type CaseStatus,
  type HistoryEvent,
} from '@app/cases';
import { AppConfig, DomainError } from '@app/core';
import { FIVE_SLOTS } from '@app/key-matters';
import { HistoryImportRepository } from './history-import.repository';
import { caseInput, LETTER_NUMBER, type ImportContext } from './history-inputs';
import type { CaseRecord, HistoryRecord, ReviewRecord } from './history-records';
import type { RowProblem } from '../sheet-columns';

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
export interface Seen {
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

/** A fresh memory for pass 1 of one file. */
export function nothingSeen(): Seen {
  return {
    refs: new Map(),
    cases: new Map(),
    caseNos: new Set(),
    externalRefs: new Set(),
    letterNumbers: new Set(),
    contestable: new Map(),
    contested: new Set(),
  };
}

/**
 * Pass 1 of the history import, past the shape: vocabulary in the database, the lifecycle rules,
 * references to earlier lines or earlier imports, and the review chain's order and windows.
 */
@Injectable()
export class HistoryChecker {
  constructor(
    private readonly keys: HistoryImportRepository,
    private readonly config: AppConfig,
  ) {}

  /** The checks beyond shape: vocabulary in the database, lifecycle rules, references. */
  async check(
    r: HistoryRecord,
    lineNo: number,
    ctx: ImportContext,
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
    if (await this.keys.importedId(r.type, r.ref)) {
      if (r.type === 'case') seen.cases.set(r.ref, await this.keys.unitsOfImportedCase(r.ref));
      return problems;
    }
    const caseRefs = async (field: string, refs: string[], unitId?: number) => {
      for (const [i, ref] of refs.entries()) {
        const inFile = seen.cases.get(ref);
        const units =
          inFile ??
          ((await this.keys.importedId('case', ref))
            ? await this.keys.unitsOfImportedCase(ref)
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
        if (seen.caseNos.has(r.caseNo) || (await this.keys.caseColumnTaken('case_no', r.caseNo)))
          add('caseNo', 'CASE_NO_TAKEN', `信访件编号 ${r.caseNo} 已被使用`);
      }
      if (r.externalRef) {
        if (
          seen.externalRefs.has(r.externalRef) ||
          (await this.keys.caseColumnTaken('external_ref', r.externalRef))
        )
          add('externalRef', 'EXTERNAL_REF_TAKEN', `省信访件编号 ${r.externalRef} 已被使用`);
      }
      if (r.repeatOf) await caseRefs('repeatOf', [r.repeatOf]);
      if (problems.length === 0) {
        for (const p of historyProblems(caseInput(r, ctx, null), ctx.now)) problems.push(p);
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
      if (
        seen.letterNumbers.has(r.number) ||
        (await this.keys.letterNumberTaken(code, Number(year), Number(seq)))
      )
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

  /** Pass 1 for a review record: what it cites, the chain's order, the live windows. */
  private async reviewProblems(
    r: ReviewRecord,
    ctx: ImportContext,
    seen: Seen,
  ): Promise<RowProblem[]> {
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
    const id = await this.keys.importedId(kind, ref);
    const c = id ? await this.keys.contestedCase(id) : null;
    if (!c || (kind === 'review' && c.reviewKind !== 'review')) return null;
    let deliveredAt = c.deliveredAt;
    let contested = c.reviewStage !== null;
    if (kind === 'review') {
      const row = await this.keys.reviewRowFacts(id!);
      deliveredAt = row?.deliveredAt ?? null;
      contested = row?.originalStage !== 'review';
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
      lastAt: (await this.keys.lastEventAt(id!)) ?? c.registeredAt,
      contested,
    };
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
