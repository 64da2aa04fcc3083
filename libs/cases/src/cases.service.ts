import { createHash, randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, In, LessThanOrEqual, MoreThan, type EntityManager } from 'typeorm';
import type { AuthUser } from '@app/auth';
import { CASE_OFFICER_ROLES, UserEntity } from '@app/auth';
import {
  CalendarService,
  endOfShanghaiDay,
  shanghaiDate,
  type ClockKind,
  type WorkingCalendar,
} from '@app/calendar';
import {
  AppConfig,
  ChangeFeed,
  Clock,
  DomainError,
  PersonalDataCipher,
  staleVersion,
} from '@app/core';
import { batchedTransaction, insertRowsSql, isUniqueViolation, SqlBatch } from '@app/database';
import { ClockBook, clockRowsSql, ClockEntity, dueOf } from '@app/deadlines';
import { UnitEntity } from '@app/units';
import { CaseEntity } from './case.entity';
import { CaseEventEntity } from './case-event.entity';
import { CaseHopEntity } from './case-hop.entity';
import type {
  AnswerInput,
  EditCaseInput,
  EvaluateInput,
  ExtendInput,
  NotAcceptInput,
  ObjectInput,
  PetitionerInput,
  ReferInput,
  RegisterCaseInput,
  ReportInput,
  RouteInput,
} from './case-inputs';
import type { PetitionerView } from './case-queries.service';
import { newCaseRow, numberingYear, numberPlaceholder } from './new-case/new-case-row';
import { newCaseStatements } from './new-case/new-case.repository';
import { actsAtUnit, WAITS_FOR_FINAL_MATCH } from './case-permissions';
import { nextStatus, OPEN_STATUSES, type CaseAction, type CaseStatus } from './case-status';
import { FUTURE_TOLERANCE_MS, registrationProblems } from './registration-rules';
import { idNumberKey, phoneKey, preparePetitioner } from './prepare-petitioner';
import { CategoriesService } from './categories.service';
import {
  alreadyEvaluated,
  attachmentNotFound,
  uploadErrors,
  caseNotFound,
  casesNotFound,
  caseOutOfScope,
  completionReportMissing,
  evaluationWindowClosed,
  extensionAlreadyUsed,
  externalRefTaken,
  finalMatchUnsettled,
  idempotencyKeyReused,
  invalidCase,
  notAnAssignment,
  notCurrentUnit,
  objectionWindowPassed,
  officerInvalid,
  unitNotRoutable,
  unmaskForbidden,
  unmaskReasonRequired,
} from './cases.errors';
import { ChainKey, firstEventDataParts, registeredEvent } from './event-chain';
import type { CaseEventType } from './case-vocabulary';
import { attachmentVisible, STAKE_EVENT_TYPES, unitStake, type UnitStake } from './case-visibility';
import { AttachmentEntity, IdempotencyKeyEntity, PiiAccessLogEntity } from './support.entities';
import { CasePetitionerEntity } from './case-petitioner.entity';
import { checkUpload } from './attachment-types';
import { FileStorage } from './file-storage';

/** A case as registration wrote it, for the response (no hops or attachments yet). */
export interface CreatedCase {
  case: CaseEntity;
  petitioners: PetitionerView[];
  clocks: ClockEntity[];
  /** The final (终结) matter the petitioners' new case matched, if any. */
  finalMatch: { caseId: number; caseNo: string } | null;
}

export interface ActContext {
  m: EntityManager;
  c: CaseEntity;
  now: Date;
  book: ClockBook;
}

export interface ActOutcome {
  set?: Partial<CaseEntity>;
  event: { type: CaseEventType; data: Record<string, unknown> };
  clocksChanged?: boolean;
  /** Other cases this change created or altered (a review case opened by the action). */
  alsoChanged?: number[];
}

@Injectable()
export class CasesService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly clock: Clock,
    private readonly config: AppConfig,
    private readonly cipher: PersonalDataCipher,
    private readonly calendar: CalendarService,
    private readonly categories: CategoriesService,
    private readonly storage: FileStorage,
    private readonly changes: ChangeFeed,
    private readonly chain: ChainKey,
  ) {}

  // ---------------------------------------------------------------- registration (hot path)

  /**
   * Registers a case in one transaction: number, petitioners, case, first event, triage clock.
   * With an Idempotency-Key, a retry (or a thousand parallel retries) returns the first case.
   */
  async register(
    input: RegisterCaseInput,
    actor: AuthUser,
    idempotencyKey?: string,
  ): Promise<{ caseId: number; replayed: boolean; created?: CreatedCase }> {
    const now = this.clock.now();
    const requestHash = idempotencyKey ? sha256(JSON.stringify(input)) : '';
    if (idempotencyKey) {
      const earlier = await this.findIdempotent(actor.id, idempotencyKey, requestHash);
      if (earlier) return { caseId: earlier, replayed: true };
    }
    await this.validateRegistration(input, now, actor);
    const registeredAt = input.registeredAt ?? now;
    const year = numberingYear(registeredAt);
    const prepared = input.petitioners.map((p) => this.preparePetitioner(p));
    const { existing, firstCaseId, finalMatch } = await this.registrationLookups(
      input.categoryCode,
      prepared,
      now,
    );
    const [calendar, triageRule] = await Promise.all([
      this.calendar.current(),
      this.calendar.rule('triage'),
    ]);

    try {
      const created = await batchedTransaction(this.db, async (m, writes) => {
        // The rows that need no number, in one round trip with START TRANSACTION; ids come back
        // through variables.
        if (idempotencyKey) {
          // Taken first: a parallel retry waits here on the key, then finds the committed case.
          writes.add(
            ...insertRowsSql('idempotency_keys', [
              { userId: actor.id, idempotencyKey, requestHash, caseId: 0, createdAt: now },
            ]),
          );
        }
        const petitionerRefs = prepared.map((p, i) => {
          const found = p.idNumberBidx ? existing.get(p.idNumberBidx) : undefined;
          // An id read from the database, or the variable its insert sets below.
          if (found) return Number(found);
          writes
            .add(...insertRowsSql('petitioners', [{ ...p.row, createdAt: now, updatedAt: now }]))
            .add(`SET @petitioner_${i} = LAST_INSERT_ID()`);
          return `@petitioner_${i}`;
        });

        // 信访工作条例 art. 22: the bureau decides where a petition goes within 15 days.
        const triage = ClockBook.within(m, calendar, now).ruleClock(
          0,
          null,
          triageRule,
          registeredAt,
        );
        // The number is taken last (below), so the year's sequence row is locked only for the
        // final statements and the commit; until then the row carries a unique placeholder.
        const caseRow = newCaseRow(
          { ...input, registeredAt },
          {
            caseNo: numberPlaceholder(),
            year,
            firstCaseId,
            actorId: actor.id,
            now,
            nextDue: { at: triage.dueAt, kind: 'triage' },
            finalMatchCaseId: finalMatch?.caseId ?? null,
            eventCount: 1,
          },
        );
        writes.addAll(newCaseStatements.insert(caseRow)).add(
          ...newCaseStatements.linkPetitioners(
            petitionerRefs.map((ref, i) => ({
              petitioner: ref,
              representative: input.petitioners[i].representative ?? false,
            })),
          ),
        );
        writes
          .add(...clockRowsSql([triage], { caseId: '@case_id' }))
          .add(
            `SELECT @case_id AS caseId, LAST_INSERT_ID() AS clockId, ${petitionerRefs
              .map((ref, i) => `${ref} AS p${i}`)
              .join(', ')}`,
          );
        const written = await writes.run(m);
        const [ids] = written[written.length - 1] as Record<string, number | string>[];
        const id = Number(ids.caseId);
        Object.assign(triage, { id: Number(ids.clockId), caseId: id });
        const petitionerIds = petitionerRefs.map((_, i) => Number(ids[`p${i}`]));

        // The number is taken in the transaction's last round trip, with everything that needs
        // it and the shared counters, and COMMIT (sent by batchedTransaction): the year's
        // sequence row and the counters stay locked for the server's own time only, not for
        // turns of this process's event loop.
        const last = new SqlBatch();
        if (idempotencyKey) {
          last.add(
            'UPDATE idempotency_keys SET case_id = ? WHERE user_id = ? AND idempotency_key = ?',
            [id, actor.id, idempotencyKey],
          );
        }
        // The metric summaries read what was written above (not the number).
        await this.changes.changed(m, {
          registered: [
            {
              id,
              unitId: null,
              channel: caseRow.channel,
              source: caseRow.source,
              sourceLevel: caseRow.sourceLevel,
              registeredAt: caseRow.registeredAt,
              repeat: caseRow.repeat,
              collective: caseRow.collective,
              skipLevel: caseRow.skipLevel,
              status: caseRow.status,
              triage: { id: triage.id, dueDate: triage.dueDate, dueAt: triage.dueAt },
            },
          ],
          finalBatch: last,
        });

        const prefix = this.config.cases.numberPrefix;
        const event = registeredEvent(input, {
          caseNo: '',
          actorId: actor.id,
          at: now,
          repeatOf: firstCaseId,
          extra: finalMatch ? { finalMatterOf: finalMatch.caseId } : {},
        });
        // The MAC is the app's (the key never reaches the database); the number it leaves out is
        // spliced into the stored data by the statement that takes it.
        const sealed = this.chain.chainFrom(id, [event]);
        last.addAll(
          newCaseStatements.numberAndFirstEvent({
            caseId: id,
            prefix,
            year,
            head: sealed.head,
            event: sealed.events[0],
            dataAround: firstEventDataParts(event),
          }),
        );
        const finish = (results: unknown[]) => {
          const [{ caseNo }] = results[results.length - 1] as { caseNo: string }[];
          caseRow.caseNo = caseNo;
          Object.assign(caseRow, sealed.head);
          return {
            case: { ...caseRow, id },
            petitioners: prepared.map((p, i) => ({
              id: petitionerIds[i],
              kind: p.row.kind,
              name: p.row.name,
              idNumber: p.row.idNumberMasked,
              idUnverifiedReason: p.row.idUnverifiedReason,
              phone: p.row.phoneMasked,
              address: p.row.addressMasked,
              representative: input.petitioners[i].representative ?? false,
              masked: true,
            })),
            clocks: [triage],
            finalMatch,
          };
        };
        return { last, finish };
      });
      // The response is built from what was just written: no second read of the new case.
      return { caseId: created.case.id, replayed: false, created };
    } catch (e) {
      if (idempotencyKey && isUniqueViolation(e, 'PRIMARY')) {
        const earlier = await this.findIdempotent(actor.id, idempotencyKey, requestHash);
        if (earlier) return { caseId: earlier, replayed: true };
      }
      if (isUniqueViolation(e, 'uq_cases_external_ref'))
        throw externalRefTaken(input.externalRef ?? '');
      throw e;
    }
  }

  /**
   * What reception sees before saving: the person's earlier cases (by ID number or phone, blind
   * index), and, for the content category chosen, the first case a new one would be a 重件 of and
   * a final (终结) matter it would be flagged against — the same lookups registration runs.
   */
  async lookupPetitioner(input: {
    idNumber?: string;
    phone?: string;
    categoryCode?: string;
  }): Promise<{
    petitionerCount: number;
    cases: CaseEntity[];
    repeatOf: { caseId: number; caseNo: string } | null;
    finalMatch: { caseId: number; caseNo: string } | null;
  }> {
    const keys = {
      idNumberBidx: input.idNumber ? idNumberKey(this.cipher, input.idNumber) : null,
      phoneBidx: input.phone ? phoneKey(this.cipher, input.phone) : null,
    };
    const where: string[] = [];
    const params: string[] = [];
    if (keys.idNumberBidx) {
      where.push('id_number_bidx = ?');
      params.push(keys.idNumberBidx);
    }
    if (keys.phoneBidx) {
      where.push('phone_bidx = ?');
      params.push(keys.phoneBidx);
    }
    if (where.length === 0)
      return { petitionerCount: 0, cases: [], repeatOf: null, finalMatch: null };
    const people = await this.db.query<{ id: number | string }[]>(
      `SELECT id FROM petitioners WHERE ${where.join(' OR ')}`,
      params,
    );
    const ids = people.map((p) => Number(p.id));
    const cases = ids.length
      ? await this.db
          .getRepository(CaseEntity)
          .createQueryBuilder('c')
          .where(
            'c.id IN (SELECT cp.case_id FROM case_petitioners cp WHERE cp.petitioner_id IN (:...ids))',
            { ids },
          )
          .orderBy('c.id', 'DESC')
          .limit(20)
          .getMany()
      : [];
    let repeatOf: { caseId: number; caseNo: string } | null = null;
    let finalMatch: { caseId: number; caseNo: string } | null = null;
    if (input.categoryCode && ids.length) {
      const found = await this.registrationLookups(input.categoryCode, [keys], this.clock.now());
      finalMatch = found.finalMatch;
      if (found.firstCaseId) {
        const first = await this.db
          .getRepository(CaseEntity)
          .findOne({ select: { id: true, caseNo: true }, where: { id: found.firstCaseId } });
        if (first) repeatOf = { caseId: first.id, caseNo: first.caseNo };
      }
    }
    return { petitionerCount: ids.length, cases, repeatOf, finalMatch };
  }

  private async findIdempotent(
    userId: number,
    key: string,
    requestHash: string,
  ): Promise<number | null> {
    const row = await this.db
      .getRepository(IdempotencyKeyEntity)
      .findOneBy({ userId, idempotencyKey: key });
    if (!row || row.caseId === 0) return null;
    if (row.requestHash !== requestHash) throw idempotencyKeyReused();
    return row.caseId;
  }

  private async validateRegistration(
    input: RegisterCaseInput,
    now: Date,
    actor: AuthUser,
  ): Promise<void> {
    const [first] = registrationProblems(input, now);
    if (first) throw invalidCase(first.code, first.message, first.field);
    await this.categories.assertLeaf(input.categoryCode);
    if (input.officerId !== undefined && input.officerId !== actor.id)
      await this.assertOfficer(input.officerId);
  }

  private preparePetitioner(p: PetitionerInput) {
    return preparePetitioner(this.cipher, p);
  }

  /**
   * What registration looks up about its petitioners, in one round trip: existing petitioners by
   * ID number (the same person is one petitioner across cases); 重件 — the same person (by ID
   * number or phone) with an open or recent case on the same matter (same content category),
   * whose first case (初件) the new one links to; and 不再受理 (信访工作条例 art. 35) — a matter
   * of the same person made final by a re-review in the same category, which the new case is
   * flagged with until an officer confirms or dismisses the match.
   */
  private async registrationLookups(
    categoryCode: string,
    prepared: { idNumberBidx: string | null; phoneBidx: string | null }[],
    now: Date,
  ): Promise<{
    existing: Map<string, number>;
    firstCaseId: number | null;
    finalMatch: { caseId: number; caseNo: string } | null;
  }> {
    const existing = new Map<string, number>();
    // By blind index, not petitioner id: two rows for one person (a race) still match.
    const ids = prepared.map((p) => p.idNumberBidx).filter((b): b is string => b !== null);
    const phones = prepared.map((p) => p.phoneBidx).filter((b): b is string => b !== null);
    if (ids.length === 0 && phones.length === 0) {
      return { existing, firstCaseId: null, finalMatch: null };
    }
    const person: string[] = [];
    const personParams: unknown[] = [];
    if (ids.length) {
      person.push('p.id_number_bidx IN (?)');
      personParams.push(ids);
    }
    if (phones.length) {
      person.push('p.phone_bidx IN (?)');
      personParams.push(phones);
    }
    const since = new Date(now.getTime() - this.config.cases.repeatWindowDays * 86_400_000);
    const batch = new SqlBatch()
      .add(
        // A review case is the same matter as its original, which is found itself.
        `SELECT c.id AS id, c.first_case_id AS firstCaseId FROM petitioners p
           JOIN case_petitioners cp ON cp.petitioner_id = p.id
           JOIN cases c ON c.id = cp.case_id
          WHERE (${person.join(' OR ')}) AND c.category_code = ? AND c.review_kind IS NULL
            AND (c.status IN (?) OR c.registered_at >= ? OR c.closed_at >= ?)
          ORDER BY c.id LIMIT 1`,
        [...personParams, categoryCode, OPEN_STATUSES, since, since],
      )
      .add(
        `SELECT c.id AS id, c.case_no AS caseNo FROM petitioners p
           JOIN case_petitioners cp ON cp.petitioner_id = p.id
           JOIN cases c ON c.id = cp.case_id
          WHERE (${person.join(' OR ')}) AND c.review_stage = 'final' AND c.category_code = ?
          ORDER BY c.id DESC LIMIT 1`,
        [...personParams, categoryCode],
      );
    if (ids.length) {
      batch.add(
        'SELECT id, id_number_bidx AS bidx FROM petitioners WHERE id_number_bidx IN (?) ORDER BY id',
        [ids],
      );
    }
    const [first, final, people = []] = (await batch.run(this.db.manager)) as Record<
      string,
      string | number | null
    >[][];
    for (const r of people) {
      if (!existing.has(String(r.bidx))) existing.set(String(r.bidx), Number(r.id));
    }
    return {
      existing,
      firstCaseId: first.length ? Number(first[0].firstCaseId ?? first[0].id) : null,
      finalMatch: final.length
        ? { caseId: Number(final[0].id), caseNo: String(final[0].caseNo) }
        : null,
    };
  }

  private async assertOfficer(userId: number): Promise<void> {
    const user = await this.db.getRepository(UserEntity).findOneBy({ id: userId });
    if (!user || !user.active || !CASE_OFFICER_ROLES.includes(user.role))
      throw officerInvalid(userId);
  }

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
      if (unmasks && (await m.exists(CaseHopEntity, { where: { caseId: c.id } }))) {
        // 检举控告: once a unit has the case, lifting the accuser's secrecy shows the unit who
        // accused it; a supervisor decides, says why, and the decision is logged like a reveal.
        if (actor.role !== 'supervisor') throw unmaskForbidden();
        if (!unmaskReason) throw unmaskReasonRequired();
        const people = await m.find(CasePetitionerEntity, { where: { caseId: c.id } });
        await m.insert(
          PiiAccessLogEntity,
          people.map((p) => ({
            kind: 'unmask' as const,
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

  /** 转送 or 交办 to a district unit; its acceptance and objection clocks start at delivery. */
  async route(id: number, kind: 'transfer' | 'assignment', input: RouteInput, actor: AuthUser) {
    const unit = await this.db.getRepository(UnitEntity).findOneBy({ id: input.unitId });
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
      const hop = await m.insert(CaseHopEntity, {
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
      const hopId = Number(hop.identifiers[0].id);
      await book.stop(c.id, ['triage'], 'satisfied');
      await book.start(c.id, hopId, acceptRule, now);
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
      await m.update(
        CaseHopEntity,
        { id: c.currentHopId! },
        { status: 'accepted', acceptedAt: now, actedBy: actor.id },
      );
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
      const window = await m.findOne(ClockEntity, {
        where: { caseId: c.id, kind: 'objection_window', status: 'running' },
      });
      if (window && window.dueAt.getTime() <= now.getTime())
        throw objectionWindowPassed(window.dueAt);
      await m.update(
        CaseHopEntity,
        { id: c.currentHopId! },
        { status: 'objected', objectedAt: now, objectionReason: input.reason, actedBy: actor.id },
      );
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
      const hop = c.currentHopId ? await m.findOneBy(CaseHopEntity, { id: c.currentHopId }) : null;
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
      const hop = c.currentHopId ? await m.findOneBy(CaseHopEntity, { id: c.currentHopId }) : null;
      if (!hop || hop.kind !== 'assignment') throw notAnAssignment();
      await m.update(
        CaseHopEntity,
        { id: hop.id },
        { completionReport: input.report, reportedAt: now },
      );
      await book.stop(c.id, ['assignment_report'], 'satisfied');
      return { event: { type: 'reported', data: { hopId: hop.id } }, clocksChanged: true };
    });
  }

  /** 办结. An assigned case needs its completion report first. */
  async close(id: number, version: number, actor: AuthUser) {
    return this.act(id, actor, 'close', version, async ({ m, c, now }) => {
      const hop = c.currentHopId ? await m.findOneBy(CaseHopEntity, { id: c.currentHopId }) : null;
      if (hop?.kind === 'assignment' && !hop.reportedAt) throw completionReportMissing();
      return { set: { closedAt: now }, event: { type: 'closed', data: {} } };
    });
  }

  /** The petitioner's rating, inside the evaluation window. */
  async evaluate(id: number, input: EvaluateInput, actor: AuthUser) {
    return this.act(id, actor, 'evaluate', input.version, async ({ m, c, now, book }) => {
      if (c.evaluation) throw alreadyEvaluated();
      const window = await m.findOne(ClockEntity, {
        where: { caseId: c.id, kind: 'evaluation_window', status: 'running' },
      });
      if (!window || window.dueAt.getTime() <= now.getTime()) throw evaluationWindowClosed();
      await book.stop(c.id, ['evaluation_window'], 'satisfied');
      return {
        set: { evaluation: input.evaluation, evaluatedAt: now },
        event: { type: 'evaluated', data: { evaluation: input.evaluation } },
        clocksChanged: true,
      };
    });
  }

  /** Evaluation windows that passed without a rating become 超期未评价 (lapsed). */
  async lapseEvaluations(limit = 500): Promise<number> {
    const now = this.clock.now();
    const due = await this.db.getRepository(ClockEntity).find({
      select: { caseId: true },
      where: { kind: 'evaluation_window', status: 'running', dueAt: LessThanOrEqual(now) },
      order: { dueAt: 'ASC' },
      take: limit,
    });
    let lapsed = 0;
    for (const { caseId } of due) {
      if (caseId === null) continue;
      const c = await this.db.getRepository(CaseEntity).findOneBy({ id: caseId });
      const window = await this.db
        .getRepository(ClockEntity)
        .findOneBy({ caseId, kind: 'evaluation_window', status: 'running' });
      if (!c || !window || window.dueAt > now || c.evaluation) continue;
      try {
        await this.act(caseId, null, 'evaluate', c.version, async ({ book }) => {
          await book.stop(caseId, ['evaluation_window'], 'satisfied');
          return {
            set: { evaluation: 'lapsed', evaluatedAt: now },
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
    return lapsed;
  }

  async reassignOfficer(id: number, officerId: number, version: number, actor: AuthUser) {
    await this.assertOfficer(officerId);
    return this.act(id, actor, 'reassign_officer', version, ({ c }) => ({
      set: { officerId },
      event: { type: 'officer_reassigned', data: { from: c.officerId, to: officerId } },
    }));
  }

  /** Marks a case as a repeat (重件) of `firstCaseId`, or, with null, as a first petition. */
  async linkRepeat(id: number, firstCaseId: number | null, version: number, actor: AuthUser) {
    let first: number | null = null;
    if (firstCaseId !== null) {
      if (firstCaseId === id)
        throw invalidCase('REPEAT_OF_ITSELF', '不能关联到自身', 'firstCaseId');
      const target = await this.db.getRepository(CaseEntity).findOneBy({ id: firstCaseId });
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
      const batch = await this.db.getRepository(ClockEntity).find({
        where: {
          status: 'running',
          fixedDue: false,
          id: MoreThan(after),
          ...(input.kind ? { kind: input.kind } : {}),
        },
        order: { id: 'ASC' },
        take: 500,
      });
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
        if (due.dueDate === clock.dueDate && !ruleChanged) continue;
        if (clock.caseId === null) continue;
        const c = await this.db.getRepository(CaseEntity).findOneBy({ id: clock.caseId });
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

  /**
   * Stores an attachment after checking its size and real type (magic bytes), then records it on
   * the case. The bytes are written first; if the database write fails they are removed again.
   */
  async addAttachment(
    id: number,
    file: { filename: string; data: Buffer },
    actor: AuthUser,
  ): Promise<AttachmentEntity> {
    const { filename, contentType } = await checkUpload(
      file,
      this.config.storage.maxBytes,
      uploadErrors,
    );
    let current = await this.get(id, actor);
    this.assertAtUnit(current, actor);
    const key = `cases/${id}/${randomUUID()}`;
    await this.storage.put(key, file.data);
    try {
      let saved: AttachmentEntity | null = null;
      for (let attempt = 0; ; attempt++) {
        if (attempt > 0) current = await this.get(id, actor);
        try {
          await this.act(id, actor, 'attach', current.version, async ({ m, now }) => {
            const row = m.create(AttachmentEntity, {
              caseId: id,
              filename,
              contentType,
              sizeBytes: file.data.length,
              sha256: sha256(file.data),
              storageKey: key,
              uploadedBy: actor.id,
              uploadedAt: now,
            });
            const inserted = await m.insert(AttachmentEntity, row);
            row.id = Number(inserted.identifiers[0].id);
            saved = row;
            return {
              event: {
                type: 'attachment_added',
                data: { attachmentId: row.id, filename, sizeBytes: row.sizeBytes },
              },
            };
          });
          return saved!;
        } catch (e) {
          // Adding a file does not conflict with someone else's edit: try again on the new version.
          if (attempt < 3 && e instanceof DomainError && e.code === 'STALE_VERSION') continue;
          throw e;
        }
      }
    } catch (e) {
      await this.storage.remove(key);
      throw e;
    }
  }

  async openAttachment(id: number, attachmentId: number, actor: AuthUser) {
    const c = await this.get(id, actor);
    const a = await this.db
      .getRepository(AttachmentEntity)
      .findOneBy({ id: attachmentId, caseId: id });
    if (!a) throw attachmentNotFound(attachmentId);
    const stake = await this.unitStakeOf(c, actor);
    if (stake) {
      // The accusation itself may name the accuser; a unit that left keeps only its own record.
      const uploader = await this.db.getRepository(UserEntity).findOneBy({ id: a.uploadedBy });
      if (!attachmentVisible(a, stake, uploader?.unitId === actor.unitId))
        throw attachmentNotFound(attachmentId);
    }
    return { attachment: a, stream: await this.storage.open(a.storageKey) };
  }

  /**
   * Puts something that happened beside the lifecycle (a supervision letter, a key-matter listing)
   * on each case's timeline, inside the caller's transaction: the cases are locked, so the chain
   * stays in order, and their versions move on like any other change.
   */
  async recordOnTimeline(
    m: EntityManager,
    caseIds: number[],
    type: CaseEventType,
    data: Record<string, unknown>,
    actorId: number,
    at?: Date,
  ): Promise<void> {
    if (caseIds.length === 0) return;
    const now = this.clock.now();
    // An imported past record (history import) is dated when it happened.
    const when = at ?? now;
    const cases = await m
      .createQueryBuilder(CaseEntity, 'c')
      .setLock('pessimistic_write')
      .where('c.id IN (:...caseIds)', { caseIds })
      .orderBy('c.id', 'ASC')
      .getMany();
    for (const c of cases) {
      const event = {
        seq: c.eventCount + 1,
        type,
        actorId,
        at: when,
        fromStatus: c.status,
        toStatus: c.status,
        data,
      };
      const hash = this.chain.link(c.lastEventHash, event);
      await m.insert(CaseEventEntity, { ...event, caseId: c.id, prevHash: c.lastEventHash, hash });
      await m.update(
        CaseEntity,
        { id: c.id },
        {
          ...this.chain.headOf(c.id, event.seq, hash),
          updatedAt: now,
          version: () => 'version + 1',
        },
      );
    }
  }

  /** For records that cite cases (letters, key matters, missions): every id must be a case. */
  async assertCasesExist(caseIds: number[]): Promise<void> {
    if (caseIds.length === 0) return;
    const found = await this.db
      .getRepository(CaseEntity)
      .find({ select: { id: true }, where: { id: In(caseIds) } });
    if (found.length !== caseIds.length) {
      const have = new Set(found.map((c) => c.id));
      throw casesNotFound(caseIds.filter((id) => !have.has(id)));
    }
  }

  // ---------------------------------------------------------------- reading

  async get(id: number, actor: AuthUser): Promise<CaseEntity> {
    const c = await this.db.getRepository(CaseEntity).findOneBy({ id });
    if (!c) throw caseNotFound(id);
    await this.assertCanSee(c, actor);
    return c;
  }

  /** For a unit handler, what its view of the case rests on (see unitStake); null otherwise. */
  async unitStakeOf(c: CaseEntity, actor: AuthUser): Promise<UnitStake | null> {
    if (actor.role !== 'unit_handler') return null;
    const events = await this.db.getRepository(CaseEventEntity).find({
      select: { seq: true, type: true, data: true },
      where: { caseId: c.id, type: In(STAKE_EVENT_TYPES) },
    });
    return unitStake(c, events, actor);
  }

  async assertCanSee(c: Pick<CaseEntity, 'id'>, actor: AuthUser): Promise<void> {
    if (!(await this.canSee(c.id, actor))) throw caseOutOfScope();
  }

  /** Whether the caller may open the case: a unit sees the cases handed to it, now or before (DESIGN §7). */
  async canSee(caseId: number, actor: AuthUser): Promise<boolean> {
    if (actor.role !== 'unit_handler') return true;
    return this.db
      .getRepository(CaseHopEntity)
      .exists({ where: { caseId, unitId: actor.unitId ?? -1 } });
  }

  // ---------------------------------------------------------------- the one way a case changes

  /**
   * Every change: compare-and-set on (id, version, status) first, so a stale or racing write
   * fails before doing any work (409); then the change, its clocks, and its hash-chained event,
   * all in one transaction. Public for the lib's other services (the review chain); everything
   * else calls the named actions above.
   */
  async act(
    id: number,
    actor: AuthUser | null,
    action: CaseAction,
    expectedVersion: number,
    work: (ctx: ActContext) => ActOutcome | Promise<ActOutcome>,
  ): Promise<CaseEntity> {
    const current = await this.db.getRepository(CaseEntity).findOneBy({ id });
    if (!current) throw caseNotFound(id);
    if (actor) await this.assertCanSee(current, actor);
    if (current.version !== expectedVersion) throw staleVersion('信访件', id);
    const to: CaseStatus = nextStatus(current.status, action);
    if (current.finalMatchCaseId !== null && WAITS_FOR_FINAL_MATCH.includes(action))
      throw finalMatchUnsettled(current.finalMatchCaseId);
    const calendar = await this.calendar.current();
    const now = this.clock.now();

    await this.db.transaction(async (m) => {
      await this.apply(m, current, to, actor?.id ?? null, now, calendar, work);
    });
    return this.db.getRepository(CaseEntity).findOneByOrFail({ id });
  }

  /**
   * The same change on a second case inside the caller's transaction (a review decision also
   * moves the original case): the row is locked first, so the compare-and-set sees it current,
   * and the transition table still decides whether the action is allowed.
   */
  async actWithin(
    m: EntityManager,
    id: number,
    actorId: number | null,
    action: CaseAction,
    work: (ctx: ActContext) => ActOutcome | Promise<ActOutcome>,
    /** When the change happened: now, or a past time for a change the history import replays. */
    at: Date = this.clock.now(),
  ): Promise<void> {
    const current = await m
      .createQueryBuilder(CaseEntity, 'c')
      .setLock('pessimistic_write')
      .where('c.id = :id', { id })
      .getOne();
    if (!current) throw caseNotFound(id);
    const to = nextStatus(current.status, action);
    const calendar = await this.calendar.current();
    await this.apply(m, current, to, actorId, at, calendar, work);
  }

  private async apply(
    m: EntityManager,
    current: CaseEntity,
    to: CaseStatus,
    actorId: number | null,
    now: Date,
    calendar: WorkingCalendar,
    work: (ctx: ActContext) => ActOutcome | Promise<ActOutcome>,
  ): Promise<void> {
    const id = current.id;
    const claimed = await m
      .createQueryBuilder()
      .update(CaseEntity)
      .set({ version: () => 'version + 1', status: to, updatedAt: now })
      .where('id = :id AND version = :expectedVersion AND status = :status', {
        id,
        expectedVersion: current.version,
        status: current.status,
      })
      .execute();
    if (claimed.affected !== 1) throw staleVersion('信访件', id);

    const book = ClockBook.within(m, calendar, now);
    const outcome = await work({ m, c: current, now, book });
    const event = {
      seq: current.eventCount + 1,
      type: outcome.event.type,
      actorId,
      at: now,
      fromStatus: current.status,
      toStatus: to,
      data: outcome.event.data,
    };
    const hash = this.chain.link(current.lastEventHash, event);
    await m.insert(CaseEventEntity, {
      ...event,
      caseId: id,
      prevHash: current.lastEventHash,
      hash,
    });
    const next = outcome.clocksChanged ? await book.nextDue(id) : {};
    await m.update(
      CaseEntity,
      { id },
      { ...outcome.set, ...next, ...this.chain.headOf(id, event.seq, hash) },
    );
    await this.changes.changed(m, { caseIds: [id, ...(outcome.alsoChanged ?? [])] });
  }

  private assertAtUnit(c: CaseEntity, actor: AuthUser): void {
    if (!actsAtUnit(c, actor)) throw notCurrentUnit();
  }
}

const sameRule = (c: ClockEntity, r: { length: number; unit: string; rollOverHoliday: boolean }) =>
  c.length === r.length && c.unit === r.unit && c.rollOverHoliday === r.rollOverHoliday;

const sha256 = (s: string | Buffer) => createHash('sha256').update(s).digest('hex');

export type { ClockKind };
