import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import {
  CalendarService,
  endOfShanghaiDay,
  type ClockKind,
  type DeadlineRule,
} from '@app/calendar';
import { AppConfig, ChangeFeed, Clock, DomainError, PersonalDataCipher } from '@app/core';
import { ClockBook, dueOf } from '@app/deadlines';
import type { CaseErrorCode } from '../cases.errors';
import type { RegisterCaseInput } from '../case-inputs';
import { nextStatus, type CaseAction, type CaseStatus } from '../lifecycle/case-status';
import type {
  AnswerDecision,
  CaseEventType,
  DeliveryMethod,
  Evaluation,
  NotAcceptedRoute,
  ReferralTarget,
} from '../case-vocabulary';
import { ChainKey } from '../chain/event-chain';
import { newCaseRow, numberingYear } from '../new-case/new-case-row';
import { NewCaseRepository } from '../new-case/new-case.repository';
import { OfficerDefaultsService } from '../officers/officer-defaults.service';
import { CaseHistoryRepository } from './case-history.repository';
import { PetitionerContactsRepository } from '../petitioners/petitioner-contacts.repository';
import { PetitionersRepository } from '../petitioners/petitioners.repository';
import {
  givenDetails,
  newPetitionerRow,
  preparePetitioner,
} from '../petitioners/prepare-petitioner';
import { registrationProblems, type RegistrationProblem } from '../registration/registration-rules';
import { parseCaseNumber } from '../new-case/case-number';

/** One past event of a case, as a bureau's earlier system recorded it. */
export type HistoryEvent =
  | {
      type: 'transferred' | 'assigned';
      at: Date;
      unitId: number;
      unitName: string;
      reportDueDate?: string;
      instructions?: string;
    }
  | { type: 'accepted'; at: Date }
  | { type: 'objected'; at: Date; reason: string }
  | { type: 'not_accepted'; at: Date; reason: string; route: NotAcceptedRoute }
  | { type: 'referred'; at: Date; to: ReferralTarget; reason: string }
  | { type: 'extended'; at: Date; days: number; reason: string }
  | {
      type: 'answered';
      at: Date;
      decision: AnswerDecision;
      facts: string;
      basis: string;
      deliveryMethod: DeliveryMethod;
      deliveredAt: Date;
    }
  | { type: 'reported'; at: Date; report: string }
  | { type: 'closed'; at: Date }
  | { type: 'evaluated'; at: Date; evaluation: Evaluation };

export interface CaseHistoryInput extends RegisterCaseInput {
  registeredAt: Date;
  /** The number the earlier system gave the case; taken from this system's sequence if absent. */
  caseNo?: string;
  repeatOfCaseId?: number | null;
  events: HistoryEvent[];
}

/** The transition each past event stands for. */
export const HISTORY_EVENT_ACTIONS: Record<HistoryEvent['type'], CaseAction> = {
  transferred: 'transfer',
  assigned: 'assign',
  accepted: 'accept',
  objected: 'object',
  not_accepted: 'not_accept',
  referred: 'refer',
  extended: 'extend',
  answered: 'answer',
  reported: 'report',
  closed: 'close',
  evaluated: 'evaluate',
};

/**
 * Checks a case's past events against the rules live handling follows (the transition table, one
 * extension of at most 30 days, delivery not before acceptance, a 交办 case reports before it
 * closes, events in time order and not in the future). Returns every problem, with the event index.
 */
export function historyProblems(input: CaseHistoryInput, now: Date): RegistrationProblem[] {
  const problems: RegistrationProblem[] = registrationProblems(input, now);
  let status: CaseStatus = 'registered';
  let last = input.registeredAt;
  let extended = false;
  let acceptedAt: Date | null = null;
  let hop: 'transfer' | 'assignment' | null = null;
  let reported = false;
  let evaluated = false;
  input.events.forEach((e, i) => {
    const field = `events[${i}]`;
    const add = (code: CaseErrorCode, message: string) => problems.push({ field, code, message });
    if (e.at.getTime() < last.getTime())
      add('OUT_OF_ORDER', '事件须按时间先后排列，且不早于登记时间');
    if (e.at.getTime() > now.getTime()) add('IN_FUTURE', '事件时间不能晚于当前时间');
    last = e.at.getTime() > last.getTime() ? e.at : last;
    try {
      status = nextStatus(status, HISTORY_EVENT_ACTIONS[e.type]);
    } catch (err) {
      if (err instanceof DomainError) add('INVALID_TRANSITION', `${err.message}（${e.type}）`);
      else throw err;
      return;
    }
    switch (e.type) {
      case 'transferred':
      case 'assigned':
        hop = e.type === 'assigned' ? 'assignment' : 'transfer';
        reported = false;
        acceptedAt = null;
        if (e.type === 'assigned' && !e.reportDueDate)
          add('REPORT_DUE_DATE_REQUIRED', '交办须设定报送办理结果的期限');
        break;
      case 'accepted':
        acceptedAt = e.at;
        break;
      case 'objected':
        hop = null;
        break;
      case 'extended':
        // 信访工作条例 art. 34: one extension of at most 30 days.
        if (extended) add('EXTENSION_ALREADY_USED', '延期只能申请一次');
        if (!Number.isInteger(e.days) || e.days < 1 || e.days > 30)
          add('EXTENSION_TOO_LONG', '延期不得超过 30 日');
        extended = true;
        break;
      case 'answered':
        if (acceptedAt && e.deliveredAt.getTime() < acceptedAt.getTime())
          add('DELIVERED_BEFORE_ACCEPTANCE', '送达时间不能早于受理时间');
        if (e.deliveredAt.getTime() > now.getTime())
          add('DELIVERED_IN_FUTURE', '送达时间不能晚于当前时间');
        break;
      case 'reported':
        if (hop !== 'assignment') add('NOT_AN_ASSIGNMENT', '只有交办件报送办理结果');
        reported = true;
        break;
      case 'closed':
        if (hop === 'assignment' && !reported)
          add('COMPLETION_REPORT_MISSING', '交办件须先报送办理结果，才能办结');
        break;
      case 'evaluated':
        if (evaluated) add('ALREADY_EVALUATED', '已评价，不能重复评价');
        evaluated = true;
        break;
    }
  });
  return problems;
}

/**
 * Writes a case with its whole past inside the caller's transaction: the same rows live handling
 * would have left (hops, clocks started and stopped at the recorded times, a hash-chained event per
 * step dated when it happened), so year-end figures over imported years read as for live ones.
 */
@Injectable()
export class CaseHistoryWriter {
  constructor(
    private readonly petitioners: PetitionersRepository,
    private readonly clock: Clock,
    private readonly config: AppConfig,
    private readonly cipher: PersonalDataCipher,
    private readonly calendar: CalendarService,
    private readonly changes: ChangeFeed,
    private readonly chain: ChainKey,
    private readonly officers: OfficerDefaultsService,
  ) {}

  async write(
    m: EntityManager,
    input: CaseHistoryInput,
    actorId: number,
    eventData: Record<string, unknown> = {},
  ): Promise<number> {
    const now = this.clock.now();
    const calendar = await this.calendar.current();
    const rules = new Map<ClockKind, DeadlineRule>();
    const rule = async (kind: ClockKind) => {
      if (!rules.has(kind)) rules.set(kind, await this.calendar.rule(kind));
      return rules.get(kind)!;
    };
    const year = numberingYear(input.registeredAt);
    const prefix = this.config.cases.numberPrefix;
    let caseNo = input.caseNo;
    const own = caseNo ? parseCaseNumber(prefix, caseNo) : null;
    // The sequence moves past imported numbers, so new cases never take one of them.
    if (own) await NewCaseRepository.keepSequencePast(m, prefix, own.year, own.seq);
    if (!caseNo) [caseNo] = await NewCaseRepository.takeNumbers(m, prefix, year);

    const people = input.petitioners.map((p) => preparePetitioner(this.cipher, p));
    const petitionerIds: number[] = [];
    for (const p of people) {
      const found = p.idNumberBidx
        ? (await this.petitioners.idsByIdNumber([p.idNumberBidx], m)).get(p.idNumberBidx)
        : undefined;
      if (found) {
        await PetitionerContactsRepository.returning(
          m,
          found,
          givenDetails(p, input.registeredAt),
          now,
        );
      }
      petitionerIds.push(
        found
          ? found
          : await this.petitioners.insert(m, [newPetitionerRow(p, input.registeredAt, now)]),
      );
    }

    const caseId = await NewCaseRepository.insert(m, [
      newCaseRow(input, {
        caseNo,
        year,
        firstCaseId: input.repeatOfCaseId ?? null,
        actorId,
        // The case's officer by the default rule (or the unassigned queue), not the importer.
        officerId: input.officerId ?? (await this.officers.defaultFor(input)),
        now,
      }),
    ]);
    await NewCaseRepository.linkPetitioners(
      m,
      petitionerIds.map((petitionerId, i) => ({
        caseId,
        petitionerId,
        representative: input.petitioners[i].representative ?? false,
        position: i + 1,
        given: givenDetails(people[i], input.registeredAt),
      })),
    );

    const events: {
      type: CaseEventType;
      at: Date;
      fromStatus: string | null;
      toStatus: string;
      data: Record<string, unknown>;
    }[] = [];
    const set: Record<string, unknown> = {};
    let status: CaseStatus = 'registered';
    let hopId: number | null = null;
    let hopKind: 'transfer' | 'assignment' | null = null;
    const bookAt = (at: Date) => ClockBook.within(m, calendar, at);

    await bookAt(input.registeredAt).start(caseId, null, await rule('triage'), input.registeredAt);
    events.push({
      type: 'registered',
      at: input.registeredAt,
      fromStatus: null,
      toStatus: 'registered',
      data: {
        caseNo,
        channel: input.channel,
        source: input.source,
        sourceLevel: input.sourceLevel,
        externalRef: input.externalRef ?? null,
        repeatOf: input.repeatOfCaseId ?? null,
        ...eventData,
      },
    });

    for (const e of input.events) {
      const from: CaseStatus = status;
      status = nextStatus(status, HISTORY_EVENT_ACTIONS[e.type]);
      const book = bookAt(e.at);
      let data: Record<string, unknown> = {};
      switch (e.type) {
        case 'transferred':
        case 'assigned': {
          hopKind = e.type === 'assigned' ? 'assignment' : 'transfer';
          hopId = await CaseHistoryRepository.insertHop(m, {
            caseId,
            kind: hopKind,
            unitId: e.unitId,
            status: 'sent',
            sentBy: actorId,
            sentAt: e.at,
            receivedAt: e.at,
            reportDueDate: e.reportDueDate ?? null,
            instructions: e.instructions ?? null,
          });
          await book.stop(caseId, ['triage'], 'satisfied', e.at);
          await book.start(caseId, hopId, await rule('acceptance_notice'), e.at);
          await book.start(caseId, hopId, await rule('objection_window'), e.at);
          if (e.reportDueDate) {
            await book.startFixed(
              caseId,
              hopId,
              'assignment_report',
              e.at,
              e.reportDueDate,
              endOfShanghaiDay(e.reportDueDate),
            );
          }
          set.responsibleUnitId = e.unitId;
          set.currentHopId = hopId;
          data = {
            hopId,
            unitId: e.unitId,
            unitName: e.unitName,
            reportDueDate: e.reportDueDate ?? null,
          };
          break;
        }
        case 'accepted':
          await CaseHistoryRepository.hopAccepted(m, hopId, e.at, actorId);
          await book.stop(caseId, ['acceptance_notice', 'objection_window'], 'satisfied', e.at);
          await book.start(caseId, hopId, await rule('handling'), e.at);
          data = { hopId };
          break;
        case 'objected':
          await CaseHistoryRepository.hopObjected(m, hopId, e.at, e.reason, actorId);
          await book.stop(caseId, ['acceptance_notice', 'assignment_report'], 'cancelled', e.at);
          await book.stop(caseId, ['objection_window'], 'satisfied', e.at);
          await book.start(caseId, null, await rule('triage'), e.at);
          data = { hopId, unitId: set.responsibleUnitId ?? null, reason: e.reason };
          set.responsibleUnitId = null;
          set.currentHopId = null;
          hopId = null;
          hopKind = null;
          break;
        case 'not_accepted':
          await book.stop(caseId, ['triage'], 'satisfied', e.at);
          set.notAcceptedRoute = e.route;
          set.disposalReason = e.reason;
          data = { reason: e.reason, route: e.route };
          break;
        case 'referred':
          await book.stop(caseId, ['triage'], 'satisfied', e.at);
          set.referredTo = e.to;
          set.disposalReason = e.reason;
          data = { to: e.to, reason: e.reason };
          break;
        case 'extended': {
          const moved = await book.extend(caseId, 'handling', e.days);
          set.extensionUsed = true;
          data = {
            days: e.days,
            reason: e.reason,
            approverId: actorId,
            newDueDate: moved?.dueDate ?? null,
          };
          break;
        }
        case 'answered':
          await book.stop(caseId, ['handling'], 'satisfied', e.deliveredAt);
          await book.start(caseId, hopId, await rule('evaluation_window'), e.deliveredAt);
          await book.start(caseId, hopId, await rule('review_request_window'), e.deliveredAt);
          Object.assign(set, {
            answerDecision: e.decision,
            answerFacts: e.facts,
            answerBasis: e.basis,
            answeredAt: e.at,
            deliveryMethod: e.deliveryMethod,
            deliveredAt: e.deliveredAt,
          });
          data = {
            decision: e.decision,
            deliveryMethod: e.deliveryMethod,
            deliveredAt: e.deliveredAt.toISOString(),
          };
          break;
        case 'reported':
          await CaseHistoryRepository.hopReported(m, hopId, e.at, e.report);
          await book.stop(caseId, ['assignment_report'], 'satisfied', e.at);
          data = { hopId };
          break;
        case 'closed':
          set.closedAt = e.at;
          break;
        case 'evaluated': {
          // A lapse written down later is dated by its window's end (24:00 of its last day),
          // as the lapse sweep dates it, not by when the records say it was noted.
          const window =
            e.evaluation === 'lapsed'
              ? await book.runningOfKind(caseId, 'evaluation_window')
              : null;
          const evaluatedAt = window ? dueOf(window, calendar).dueAt : e.at;
          await book.stop(caseId, ['evaluation_window'], 'satisfied', evaluatedAt);
          set.evaluation = e.evaluation;
          set.evaluatedAt = evaluatedAt;
          data = { evaluation: e.evaluation };
          break;
        }
      }
      events.push({ type: e.type, at: e.at, fromStatus: from, toStatus: status, data });
    }

    // A window that ran out before the import lapsed then, as the lapse sweep would have had it.
    const window = await bookAt(now).runningOfKind(caseId, 'evaluation_window');
    if (window && !set.evaluation && dueOf(window, calendar).dueAt.getTime() <= now.getTime()) {
      await bookAt(window.dueAt).stop(caseId, ['evaluation_window'], 'satisfied', window.dueAt);
      set.evaluation = 'lapsed';
      set.evaluatedAt = window.dueAt;
      events.push({
        type: 'evaluation_lapsed',
        at: window.dueAt,
        fromStatus: status,
        toStatus: status,
        data: { windowDueAt: window.dueAt.toISOString() },
      });
    }

    const sealed = this.chain.chainFrom(
      caseId,
      events.map((e, i) => ({ seq: i + 1, actorId, ...e })),
    );
    await NewCaseRepository.writeEvents(
      m,
      sealed.events.map((event) => ({ caseId, event })),
    );
    const next = await ClockBook.within(m, calendar, now).nextDue(caseId);
    await CaseHistoryRepository.finish(m, caseId, { status, head: sealed.head, next, set });
    await this.changes.changed(m, { caseIds: [caseId] });
    return caseId;
  }
}
