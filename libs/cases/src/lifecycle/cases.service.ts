import { Injectable } from '@nestjs/common';
import type { AuthUser } from '@app/auth';
import { UsersRepository } from '@app/auth';
import { CalendarService, endOfShanghaiDay, shanghaiDate, type ClockKind } from '@app/calendar';
import { AppConfig, Clock, DomainError, staleVersion, type NoticeCase } from '@app/core';
import {
  dueOf,
  OpenClocksRepository,
  sweepPassedWindows,
  type ClockEntity,
  type WindowBatch,
} from '@app/deadlines';
import { UnitsService } from '@app/units';
import type { CaseEntity } from '../case.entity';
import type {
  AnswerInput,
  EditCaseInput,
  EvaluateInput,
  ExtendInput,
  NotAcceptInput,
  ObjectInput,
  ReferInput,
  ReportInput,
  RouteInput,
  UpperOfficeInput,
} from '../case-inputs';
import { assertCaseOfficer } from '../officers/case-officers';
import { actsAtUnit } from './case-permissions';
import type { CaseAction } from './case-status';
import { isUniqueViolation } from '@app/database';
import { FUTURE_TOLERANCE_MS, upperOfficeProblems } from '../registration/registration-rules';
import { CasesRepository } from './cases.repository';
import { CategoriesService } from '../categories/categories.service';
import {
  caseAlreadyTaken,
  externalRefTaken,
  notHandedDown,
  alreadyEvaluated,
  caseNotFound,
  completionReportMissing,
  evaluationWindowClosed,
  extensionAlreadyUsed,
  invalidCase,
  notAnAssignment,
  notCurrentUnit,
  objectionWindowPassed,
  unitNotRoutable,
  unmaskForbidden,
  unmaskReasonRequired,
} from '../cases.errors';
import type { UnitStake } from '../queries/case-visibility';
import { PiiAccessLogsRepository } from '../queries/pii-access-logs.repository';
import { CaseAccessService } from '../queries/case-access.service';
import { CaseChangesService } from './case-changes.service';

/** A case as a unit's notice names it. */
export const noticeCase = (c: CaseEntity): NoticeCase => ({
  id: c.id,
  caseNo: c.caseNo,
  title: c.title,
  confidentialAccuser: c.confidentialAccuser,
});

@Injectable()
export class CasesService {
  constructor(
    private readonly repo: CasesRepository,
    private readonly clocks: OpenClocksRepository,
    private readonly users: UsersRepository,
    private readonly units: UnitsService,
    private readonly piiLog: PiiAccessLogsRepository,
    private readonly clock: Clock,
    private readonly calendar: CalendarService,
    private readonly categories: CategoriesService,
    private readonly config: AppConfig,
    private readonly changesOf: CaseChangesService,
    private readonly access: CaseAccessService,
  ) {}

  // ---------------------------------------------------------------- lifecycle

  async edit(id: number, input: EditCaseInput, actor: AuthUser): Promise<CaseEntity> {
    const { version, unmaskReason, ...changes } = input;
    const nulls = Object.entries(changes)
      .filter(([, v]) => v === null)
      .map(([k]) => k);
    if (nulls.length) {
      throw invalidCase('FIELD_NOT_NULLABLE', `以下字段不能为空：${nulls.join(', ')}`, nulls[0]);
    }
    if (Object.values(changes).every((v) => v === undefined)) {
      throw invalidCase('NOTHING_TO_CHANGE', '没有要修改的内容');
    }
    if (changes.categoryCode) await this.categories.assertLeaf(changes.categoryCode);
    return this.act(id, actor, 'edit', version, async ({ m, c, now }) => {
      const before: Record<string, unknown> = {};
      const after: Record<string, unknown> = {};
      for (const [k, v] of Object.entries(changes)) {
        const key = k as keyof typeof changes;
        if (v !== undefined && c[key] !== v) {
          before[k] = c[key];
          after[k] = v;
        }
      }
      const unmasks =
        (c.confidentialAccuser && after.confidentialAccuser === false) ||
        (c.purpose === 'accusation' && 'purpose' in after);
      if (unmasks && (await this.repo.hasHops(m, c.id))) {
        // 检举控告: once a unit has the case, lifting the accuser's secrecy shows the unit who
        // accused it; a supervisor decides, says why, and the decision is logged like a reveal.
        if (actor.role !== 'supervisor') throw unmaskForbidden();
        if (!unmaskReason) throw unmaskReasonRequired();
        const people = await this.repo.petitionersOf(m, c.id);
        await this.piiLog.recordUnmasks(
          m,
          people.map((p) => ({
            petitionerId: p.petitionerId,
            caseId: c.id,
            userId: actor.id,
            reason: unmaskReason,
            at: now,
          })),
        );
        return {
          set: changes,
          event: { type: 'edited', data: { before, after, unmaskReason } },
        };
      }
      return { set: changes, event: { type: 'edited', data: { before, after } } };
    });
  }

  /**
   * 更正: the upper office's number (省信访件编号) or deadline (上级办理期限) of a handed-down case,
   * as an officer corrects it later, with the reason; the event keeps the old and new values.
   * The same rules as at registration (upperOfficeProblems), against the case's registration day.
   */
  async correctUpperOffice(id: number, input: UpperOfficeInput, actor: AuthUser) {
    const changes: { externalRef?: string; provincialDueDate?: string | null } = {};
    if (input.externalRef !== undefined) changes.externalRef = input.externalRef;
    if (input.provincialDueDate !== undefined) changes.provincialDueDate = input.provincialDueDate;
    if (Object.keys(changes).length === 0) {
      throw invalidCase('NOTHING_TO_CHANGE', '请填写要更正的上级信访件编号或上级办理期限');
    }
    try {
      return await this.act(id, actor, 'correct_upper_office', input.version, ({ c }) => {
        if (c.source === 'direct') throw notHandedDown();
        const [problem] = upperOfficeProblems({ source: c.source, ...changes }, c.registeredAt);
        if (problem) throw invalidCase(problem.code, problem.message, problem.field);
        const before: Record<string, string | null> = {};
        const after: Record<string, string | null> = {};
        for (const [k, v] of Object.entries(changes) as [keyof typeof changes, string | null][]) {
          if ((c[k] ?? null) !== v) {
            before[k] = c[k] ?? null;
            after[k] = v;
          }
        }
        if (Object.keys(after).length === 0) {
          throw invalidCase(
            'NOTHING_TO_CHANGE',
            '与现有的上级信访件编号和上级办理期限相同，没有要更正的内容',
          );
        }
        return {
          set: after,
          event: { type: 'upper_office_corrected', data: { before, after, reason: input.reason } },
        };
      });
    } catch (e) {
      if (isUniqueViolation(e, 'uq_cases_external_ref'))
        throw externalRefTaken(input.externalRef ?? '');
      throw e;
    }
  }

  /** 转送 or 交办 to a district unit; its acceptance and objection clocks start at delivery. */
  async route(id: number, kind: 'transfer' | 'assignment', input: RouteInput, actor: AuthUser) {
    const unit = await this.units.find(input.unitId);
    if (!unit || !unit.active || unit.kind !== 'district_unit') throw unitNotRoutable(input.unitId);
    if (kind === 'assignment') {
      if (!input.reportDueDate) {
        throw invalidCase(
          'REPORT_DUE_DATE_REQUIRED',
          '交办须设定报送办理结果的期限',
          'reportDueDate',
        );
      }
      if (input.reportDueDate <= shanghaiDate(this.clock.now())) {
        throw invalidCase('REPORT_DUE_DATE_PAST', '报送期限须晚于今天', 'reportDueDate');
      }
    } else if (input.reportDueDate) {
      throw invalidCase('REPORT_DUE_DATE_NOT_ALLOWED', '只有交办件设定报送期限', 'reportDueDate');
    }
    const action: CaseAction = kind === 'transfer' ? 'transfer' : 'assign';
    const [acceptRule, objectRule] = await Promise.all([
      this.calendar.rule('acceptance_notice'),
      this.calendar.rule('objection_window'),
    ]);
    return this.act(id, actor, action, input.version, async ({ m, c, now, book }) => {
      const hopId = await this.repo.insertHop(m, {
        caseId: c.id,
        kind,
        unitId: unit.id,
        status: 'sent',
        sentBy: actor.id,
        sentAt: now,
        receivedAt: now,
        acceptedAt: null,
        objectedAt: null,
        objectionReason: null,
        actedBy: null,
        reportDueDate: input.reportDueDate ?? null,
        completionReport: null,
        reportedAt: null,
        instructions: input.instructions ?? null,
      });
      await book.stop(c.id, ['triage'], 'satisfied');
      const acceptance = await book.start(c.id, hopId, acceptRule, now);
      await book.start(c.id, hopId, objectRule, now);
      if (input.reportDueDate) {
        await book.startFixed(
          c.id,
          hopId,
          'assignment_report',
          now,
          input.reportDueDate,
          endOfShanghaiDay(input.reportDueDate),
        );
      }
      return {
        set: { responsibleUnitId: unit.id, currentHopId: hopId },
        event: {
          type: kind === 'transfer' ? 'transferred' : 'assigned',
          data: {
            hopId,
            unitId: unit.id,
            unitName: unit.name,
            reportDueDate: input.reportDueDate ?? null,
          },
        },
        clocksChanged: true,
        notices: [
          {
            kind: kind === 'transfer' ? 'case_transferred' : 'case_assigned',
            unitId: unit.id,
            unitName: unit.name,
            case: noticeCase(c),
            dueDate: input.reportDueDate ?? acceptance.dueDate,
            details: { instructions: input.instructions ?? null },
          },
        ],
      };
    });
  }

  /** 不予受理: with the reason and the route the petitioner is told to take. */
  async notAccept(id: number, input: NotAcceptInput, actor: AuthUser) {
    return this.act(id, actor, 'not_accept', input.version, async ({ c, book }) => {
      await book.stop(c.id, ['triage'], 'satisfied');
      return {
        set: { notAcceptedRoute: input.route, disposalReason: input.reason },
        event: { type: 'not_accepted', data: { reason: input.reason, route: input.route } },
        clocksChanged: true,
      };
    });
  }

  /** 移交: legal and discipline matters go to 政法 / 纪检 channels. */
  async refer(id: number, input: ReferInput, actor: AuthUser) {
    return this.act(id, actor, 'refer', input.version, async ({ c, book }) => {
      await book.stop(c.id, ['triage'], 'satisfied');
      return {
        set: { referredTo: input.to, disposalReason: input.reason },
        event: { type: 'referred', data: { to: input.to, reason: input.reason } },
        clocksChanged: true,
      };
    });
  }

  /** The unit accepts (受理): the handling clock (60 days) starts. */
  async accept(id: number, version: number, actor: AuthUser) {
    const handlingRule = await this.calendar.rule('handling');
    return this.act(id, actor, 'accept', version, async ({ m, c, now, book }) => {
      this.assertAtUnit(c, actor);
      await this.repo.updateHop(m, c.currentHopId!, {
        status: 'accepted',
        acceptedAt: now,
        actedBy: actor.id,
      });
      await book.stop(c.id, ['acceptance_notice', 'objection_window'], 'satisfied');
      await book.start(c.id, c.currentHopId, handlingRule, now);
      return { event: { type: 'accepted', data: { hopId: c.currentHopId } }, clocksChanged: true };
    });
  }

  /** The unit objects (wrong unit) within 5 working days; the case returns to the bureau. */
  async object(id: number, input: ObjectInput, actor: AuthUser) {
    const triageRule = await this.calendar.rule('triage');
    return this.act(id, actor, 'object', input.version, async ({ m, c, now, book }) => {
      this.assertAtUnit(c, actor);
      const window = await book.runningOfKind(c.id, 'objection_window');
      if (window && window.dueAt.getTime() <= now.getTime())
        throw objectionWindowPassed(window.dueAt);
      await this.repo.updateHop(m, c.currentHopId!, {
        status: 'objected',
        objectedAt: now,
        objectionReason: input.reason,
        actedBy: actor.id,
      });
      await book.stop(c.id, ['acceptance_notice', 'assignment_report'], 'cancelled');
      await book.stop(c.id, ['objection_window'], 'satisfied');
      await book.start(c.id, null, triageRule, now);
      return {
        set: { responsibleUnitId: null, currentHopId: null },
        event: {
          type: 'objected',
          data: { hopId: c.currentHopId, unitId: c.responsibleUnitId, reason: input.reason },
        },
        clocksChanged: true,
      };
    });
  }

  /** 延期: once, at most 30 days, approved (the approver is the caller), with a reason. */
  async extend(id: number, input: ExtendInput, actor: AuthUser) {
    if (!Number.isInteger(input.days) || input.days < 1 || input.days > 30) {
      // 信访工作条例 art. 34: one extension of at most 30 days.
      throw invalidCase('EXTENSION_TOO_LONG', '延期不得超过 30 日', 'days');
    }
    return this.act(id, actor, 'extend', input.version, async ({ c, book }) => {
      if (c.extensionUsed) throw extensionAlreadyUsed();
      const moved = await book.extend(c.id, 'handling', input.days);
      return {
        set: { extensionUsed: true },
        event: {
          type: 'extended',
          data: {
            days: input.days,
            reason: input.reason,
            approverId: actor.id,
            newDueDate: moved?.dueDate ?? null,
          },
        },
        clocksChanged: true,
        notices:
          c.responsibleUnitId === null
            ? []
            : [
                {
                  kind: 'extension_decided',
                  unitId: c.responsibleUnitId,
                  case: noticeCase(c),
                  dueDate: moved?.dueDate ?? null,
                  details: { days: input.days, reason: input.reason },
                },
              ],
      };
    });
  }

  /** 信访处理意见书 delivered: the handling clock is met; the petitioner's windows start. */
  async answer(id: number, input: AnswerInput, actor: AuthUser) {
    const now = this.clock.now();
    if (input.deliveredAt.getTime() > now.getTime() + FUTURE_TOLERANCE_MS) {
      throw invalidCase('DELIVERED_IN_FUTURE', '送达时间不能晚于当前时间', 'deliveredAt');
    }
    const [evaluationRule, reviewRule] = await Promise.all([
      this.calendar.rule('evaluation_window'),
      this.calendar.rule('review_request_window'),
    ]);
    return this.act(id, actor, 'answer', input.version, async ({ m, c, now: at, book }) => {
      this.assertAtUnit(c, actor);
      const hop = c.currentHopId ? await this.repo.hop(m, c.currentHopId) : null;
      const floor = hop?.acceptedAt ?? c.registeredAt;
      if (input.deliveredAt.getTime() < floor.getTime()) {
        throw invalidCase('DELIVERED_BEFORE_ACCEPTANCE', '送达时间不能早于受理时间', 'deliveredAt');
      }
      // The handling period is met when the answer reaches the petitioner, not when it is keyed in.
      await book.stop(c.id, ['handling'], 'satisfied', input.deliveredAt);
      await book.start(c.id, c.currentHopId, evaluationRule, input.deliveredAt);
      await book.start(c.id, c.currentHopId, reviewRule, input.deliveredAt);
      return {
        set: {
          answerDecision: input.decision,
          answerFacts: input.facts,
          answerBasis: input.basis,
          answeredAt: at,
          deliveryMethod: input.deliveryMethod,
          deliveredAt: input.deliveredAt,
        },
        event: {
          type: 'answered',
          data: {
            decision: input.decision,
            deliveryMethod: input.deliveryMethod,
            deliveredAt: input.deliveredAt.toISOString(),
          },
        },
        clocksChanged: true,
      };
    });
  }

  /** 交办 completion report (报送办理结果). */
  async report(id: number, input: ReportInput, actor: AuthUser) {
    return this.act(id, actor, 'report', input.version, async ({ m, c, now, book }) => {
      this.assertAtUnit(c, actor);
      const hop = c.currentHopId ? await this.repo.hop(m, c.currentHopId) : null;
      if (!hop || hop.kind !== 'assignment') throw notAnAssignment();
      await this.repo.updateHop(m, hop.id, { completionReport: input.report, reportedAt: now });
      await book.stop(c.id, ['assignment_report'], 'satisfied');
      return { event: { type: 'reported', data: { hopId: hop.id } }, clocksChanged: true };
    });
  }

  /** 办结. An assigned case needs its completion report first. */
  async close(id: number, version: number, actor: AuthUser) {
    return this.act(id, actor, 'close', version, async ({ m, c, now }) => {
      const hop = c.currentHopId ? await this.repo.hop(m, c.currentHopId) : null;
      if (hop?.kind === 'assignment' && !hop.reportedAt) throw completionReportMissing();
      return { set: { closedAt: now }, event: { type: 'closed', data: {} } };
    });
  }

  /** The petitioner's rating, inside the evaluation window. */
  async evaluate(id: number, input: EvaluateInput, actor: AuthUser) {
    return this.act(id, actor, 'evaluate', input.version, async ({ c, now, book }) => {
      if (c.evaluation) throw alreadyEvaluated();
      const window = await book.runningOfKind(c.id, 'evaluation_window');
      if (!window || window.dueAt.getTime() <= now.getTime()) throw evaluationWindowClosed();
      await book.stop(c.id, ['evaluation_window'], 'satisfied');
      return {
        set: { evaluation: input.evaluation, evaluatedAt: now },
        event: { type: 'evaluated', data: { evaluation: input.evaluation } },
        clocksChanged: true,
      };
    });
  }

  /**
   * Evaluation windows that passed without a rating become 超期未评价 (lapsed): batch after batch
   * until none is left or the run's time is spent. Safe to run twice.
   */
  lapseEvaluations(batchSize = this.config.worker.windowSweepBatchSize): Promise<number> {
    return sweepPassedWindows((afterId, size) => this.lapseEvaluationBatch(afterId, size), {
      batchSize,
      budgetMs: this.config.worker.windowSweepBudgetMs,
    });
  }

  private async lapseEvaluationBatch(afterId: number, limit: number): Promise<WindowBatch> {
    const now = this.clock.now();
    const due = await this.clocks.dueOfKind('evaluation_window', now, afterId, limit);
    let lapsed = 0;
    for (const { caseId } of due) {
      if (caseId === null) continue;
      const c = await this.repo.findById(caseId);
      const window = await this.clocks.runningOfKind(caseId, 'evaluation_window');
      if (!c || !window || window.dueAt > now || c.evaluation) continue;
      try {
        await this.act(caseId, null, 'evaluate', c.version, async ({ book }) => {
          await book.stop(caseId, ['evaluation_window'], 'satisfied');
          return {
            // dated by the window's end (24:00 of its last day), not by when the sweep ran
            set: { evaluation: 'lapsed', evaluatedAt: window.dueAt },
            event: { type: 'evaluation_lapsed', data: { windowDueAt: window.dueAt.toISOString() } },
            clocksChanged: true,
          };
        });
        lapsed++;
      } catch (e) {
        // Someone acted on the case meanwhile; the next run looks again.
        if (!(e instanceof DomainError && e.code === 'STALE_VERSION')) throw e;
      }
    }
    return { ids: due.map((k) => k.id), lapsed };
  }

  async reassignOfficer(id: number, officerId: number, version: number, actor: AuthUser) {
    await assertCaseOfficer(this.users, officerId);
    return this.act(id, actor, 'reassign_officer', version, ({ c }) => ({
      set: { officerId },
      event: { type: 'officer_reassigned', data: { from: c.officerId, to: officerId } },
    }));
  }

  /**
   * 领取: the caller takes a case from the unassigned queue and becomes its 承办人. A case that
   * already has one is 409 (the version check first: two officers taking at once, one wins).
   */
  async take(id: number, version: number, actor: AuthUser) {
    await assertCaseOfficer(this.users, actor.id);
    return this.act(id, actor, 'reassign_officer', version, ({ c }) => {
      if (c.officerId !== null) throw caseAlreadyTaken(id);
      return {
        set: { officerId: actor.id },
        event: { type: 'officer_taken', data: { to: actor.id } },
      };
    });
  }

  /** Marks a case as a repeat (重件) of `firstCaseId`, or, with null, as a first petition. */
  async linkRepeat(id: number, firstCaseId: number | null, version: number, actor: AuthUser) {
    let first: number | null = null;
    if (firstCaseId !== null) {
      if (firstCaseId === id)
        throw invalidCase('REPEAT_OF_ITSELF', '不能关联到自身', 'firstCaseId');
      const target = await this.repo.findById(firstCaseId);
      if (!target) throw caseNotFound(firstCaseId);
      first = target.firstCaseId ?? target.id;
      if (first === id) throw invalidCase('REPEAT_CYCLE', '关联会形成循环', 'firstCaseId');
    }
    return this.act(id, actor, 'link_repeat', version, ({ c }) => ({
      set: { repeat: first !== null, firstCaseId: first },
      event: {
        type: first ? 'linked_as_repeat' : 'unlinked_repeat',
        data: { from: c.firstCaseId, to: first },
      },
    }));
  }

  /**
   * After a calendar or rule change: recomputes every running rule clock (all of them, or those of
   * one kind whose rule changed), and records each moved due date on its case's timeline.
   */
  async recomputeClocks(input: {
    reason: string;
    kind?: ClockKind;
    userId: number | null;
  }): Promise<number> {
    this.calendar.invalidate();
    const calendar = await this.calendar.current();
    const rule = input.kind ? await this.calendar.rule(input.kind) : null;
    let moved = 0;
    let after = 0;
    for (;;) {
      const batch = await this.clocks.runningRuleClocks(after, 500, input.kind);
      if (batch.length === 0) return moved;
      after = batch[batch.length - 1].id;
      for (const clock of batch) {
        const updated = rule
          ? {
              ...clock,
              length: rule.length,
              unit: rule.unit,
              rollOverHoliday: rule.rollOverHoliday,
            }
          : clock;
        const due = dueOf(updated, calendar);
        const ruleChanged = rule !== null && !sameRule(clock, rule);
        const settled = due.provisional !== clock.provisional;
        if (due.dueDate === clock.dueDate && !ruleChanged && !settled) continue;
        if (clock.caseId === null) continue;
        const c = await this.repo.findById(clock.caseId);
        if (!c) continue;
        try {
          await this.act(c.id, null, 'recompute_clocks', c.version, async ({ book }) => {
            if (!(await book.recompute(clock, updated, due))) throw staleVersion('时限', clock.id);
            return {
              event: {
                type: 'clock_recomputed',
                data: {
                  clockId: clock.id,
                  kind: clock.kind,
                  fromDueDate: clock.dueDate,
                  toDueDate: due.dueDate,
                  provisional: due.provisional,
                  reason: input.reason,
                  requestedBy: input.userId,
                },
              },
              clocksChanged: true,
            };
          });
          moved++;
        } catch (e) {
          // The case or clock changed meanwhile: its own change already used the new rules.
          if (!(e instanceof DomainError && e.code === 'STALE_VERSION')) throw e;
        }
      }
    }
  }

  // ---------------------------------------------------------------- for the other libs

  /** See CaseChangesService.recordOnTimeline. */
  recordOnTimeline(...args: Parameters<CaseChangesService['recordOnTimeline']>) {
    return this.changesOf.recordOnTimeline(...args);
  }

  /** See CaseChangesService.act: the one way a case changes. */
  act(...args: Parameters<CaseChangesService['act']>) {
    return this.changesOf.act(...args);
  }

  /** See CaseChangesService.actWithin. */
  actWithin(...args: Parameters<CaseChangesService['actWithin']>) {
    return this.changesOf.actWithin(...args);
  }

  get(id: number, actor: AuthUser): Promise<CaseEntity> {
    return this.access.get(id, actor);
  }

  unitStakeOf(c: CaseEntity, actor: AuthUser): Promise<UnitStake | null> {
    return this.access.unitStakeOf(c, actor);
  }

  assertCanSee(c: Pick<CaseEntity, 'id'>, actor: AuthUser): Promise<void> {
    return this.access.assertCanSee(c, actor);
  }

  canSee(caseId: number, actor: AuthUser): Promise<boolean> {
    return this.access.canSee(caseId, actor);
  }

  assertCasesExist(caseIds: number[]): Promise<void> {
    return this.access.assertCasesExist(caseIds);
  }

  private assertAtUnit(c: CaseEntity, actor: AuthUser): void {
    if (!actsAtUnit(c, actor)) throw notCurrentUnit();
  }
}

const sameRule = (c: ClockEntity, r: { length: number; unit: string; rollOverHoliday: boolean }) =>
  c.length === r.length && c.unit === r.unit && c.rollOverHoliday === r.rollOverHoliday;

export type { ClockKind };
