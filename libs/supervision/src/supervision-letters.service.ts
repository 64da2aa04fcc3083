import { Injectable } from '@nestjs/common';
import type { AuthUser } from '@app/auth';
import { CalendarService, computeDue, endOfShanghaiDay, shanghaiDate } from '@app/calendar';
import { totalFor, type TotalMode } from '@app/database';
import { createHash, randomUUID } from 'node:crypto';
import {
  attachmentNotFound,
  CasesService,
  checkUpload,
  CitedCasesRepository,
  FileStorage,
  uploadErrors,
} from '@app/cases';
import {
  AppConfig,
  ChangeFeed,
  Clock,
  staleVersion,
  WorkNotices,
  type NoticeLetter,
  type WorkNoticeKind,
} from '@app/core';
import { ClockBook } from '@app/deadlines';
import { UnitsService } from '@app/units';
import { LetterAttachmentsRepository } from './letter-attachments.repository';
import { letterInvalid, letterNotFound, letterOutOfScope } from './supervision.errors';
import type {
  SupervisionLetterActionEntity,
  SupervisionLetterAttachmentEntity,
  SupervisionLetterEntity,
} from './supervision-letter.entity';
import { SupervisionLettersRepository, type LetterQuery } from './supervision-letters.repository';
import {
  AWAITING_REPLY,
  ESCALATION_LABELS,
  nextLetterStatus,
  type Escalation,
  type LetterAction,
  type LetterReason,
  type LetterStatus,
  type LetterType,
} from './supervision-vocabulary';

export interface IssueLetterInput {
  caseIds: number[];
  unitId: number;
  type: LetterType;
  reason: LetterReason;
  reasonNote?: string;
  requirements: string;
  /** Asia/Shanghai date; default: 15 working days after issue. */
  replyDueDate?: string;
  signer: string;
  contactPerson?: string;
  contactPhone?: string;
}

export interface LetterFilter {
  status?: LetterStatus[];
  unitId?: number;
  type?: LetterType;
  overdue?: boolean;
  year?: number;
  caseId?: number;
}

export interface LetterView {
  letter: SupervisionLetterEntity;
  caseIds: number[];
  overdue: boolean;
}

@Injectable()
export class SupervisionLettersService {
  constructor(
    private readonly letters: SupervisionLettersRepository,
    private readonly letterAttachments: LetterAttachmentsRepository,
    private readonly citedCases: CitedCasesRepository,
    private readonly units: UnitsService,
    private readonly clock: Clock,
    private readonly config: AppConfig,
    private readonly calendar: CalendarService,
    private readonly cases: CasesService,
    private readonly storage: FileStorage,
    private readonly changes: ChangeFeed,
    private readonly notices: WorkNotices,
  ) {}

  /** The letter as a unit's notice names it, with the numbers of the cases it cites. */
  private async noticeLetter(id: number, number: string, caseIds: number[]): Promise<NoticeLetter> {
    const cited = await this.citedCases.byIds(caseIds);
    return { id, number, caseIds, caseNos: cited.map((c) => c.caseNo) };
  }

  /** Issues a numbered letter: the number is taken in the same transaction (gapless, unique). */
  async issue(input: IssueLetterInput, actor: AuthUser): Promise<LetterView> {
    const now = this.clock.now();
    const caseIds = [...new Set(input.caseIds)];
    const unit = await this.units.find(input.unitId);
    if (!unit || !unit.active || unit.kind !== 'district_unit') {
      throw letterInvalid('UNIT_NOT_SUPERVISABLE', '督办对象须为在用的区属单位', 'unitId');
    }
    await this.cases.assertCasesExist(caseIds);
    if (caseIds.length > 1) {
      // 检举控告: a letter the accused unit reads must not set the accusation beside the
      // accuser's other cases (its list, its document and its reminders name every case cited).
      const confidential = await this.citedCases.confidentialAmong(caseIds);
      if (confidential.length) {
        throw letterInvalid(
          'CONFIDENTIAL_CASE_ALONE',
          '检举控告件须单独督办，不能与其他信访件同函',
          'caseIds',
          { ids: confidential },
        );
      }
    }
    const handedIds = await this.citedCases.handedTo(unit.id, caseIds);
    const notHanded = caseIds.filter((id) => !handedIds.has(id));
    if (notHanded.length) {
      throw letterInvalid('CASE_NOT_AT_UNIT', '督办的信访件须曾交由该单位办理', 'caseIds', {
        ids: notHanded,
      });
    }
    const today = shanghaiDate(now);
    let due: { dueDate: string; dueAt: Date };
    if (input.replyDueDate) {
      if (input.replyDueDate <= today)
        throw letterInvalid('REPLY_DUE_PAST', '回复期限须晚于今天', 'replyDueDate');
      due = { dueDate: input.replyDueDate, dueAt: endOfShanghaiDay(input.replyDueDate) };
    } else {
      const [calendar, rule] = await Promise.all([
        this.calendar.current(),
        this.calendar.rule('supervision_reply'),
      ]);
      due = computeDue(now, rule, calendar);
    }
    const code = this.config.bureau.letterCode;
    const year = Number(today.slice(0, 4));
    const cited = await this.noticeLetter(0, '', caseIds);

    const id = await this.letters.transaction(async (m) => {
      const seq = await this.letters.nextSeq(m, code, year);
      const letterId = await this.letters.insert(
        m,
        {
          code,
          year,
          seq,
          number: `${code}〔${year}〕${seq}号`,
          type: input.type,
          reason: input.reason,
          reasonNote: input.reasonNote ?? null,
          requirements: input.requirements,
          unitId: unit.id,
          replyDueDate: due.dueDate,
          replyDueAt: due.dueAt,
          signer: input.signer,
          contactPerson: input.contactPerson ?? null,
          contactPhone: input.contactPhone ?? null,
          status: 'issued',
          issuedBy: actor.id,
          issuedAt: now,
          receivedAt: null,
          repliedAt: null,
          replyText: null,
          repliedOnTime: null,
          closedAt: null,
          returnCount: 0,
          chaseCount: 0,
          lastEscalation: null,
          voidReason: null,
          version: 1,
          createdAt: now,
          updatedAt: now,
        },
        caseIds,
      );
      await this.cases.recordOnTimeline(
        m,
        caseIds,
        'supervision_letter_issued',
        { letterId, number: `${code}〔${year}〕${seq}号`, unitId: unit.id, type: input.type },
        actor.id,
      );
      // The reply deadline is chased like every other clock (DESIGN §4).
      await ClockBook.within(m, await this.calendar.current(), now).startForLetter(
        letterId,
        now,
        due.dueDate,
        due.dueAt,
      );
      await this.letters.addActions(m, {
        letterId,
        type: 'issued',
        escalation: null,
        note: null,
        actorId: actor.id,
        at: now,
      });
      await this.changes.changed(m, { letterIds: [letterId] });
      await this.notices.arrived(m, [
        {
          kind: 'letter_issued',
          unitId: unit.id,
          unitName: unit.name,
          letter: { ...cited, id: letterId, number: `${code}〔${year}〕${seq}号` },
          dueDate: due.dueDate,
          details: { type: input.type, reason: input.reason },
        },
      ]);
      return letterId;
    });
    return this.view(id, actor);
  }

  async receive(id: number, version: number, actor: AuthUser) {
    return this.act(id, 'receive', version, actor, ({ now }) => ({ set: { receivedAt: now } }));
  }

  async chase(id: number, version: number, note: string, actor: AuthUser) {
    return this.act(id, 'chase', version, actor, ({ letter }) => ({
      set: { chaseCount: Math.min(255, letter.chaseCount + 1) },
      note,
    }));
  }

  async reply(id: number, version: number, text: string, actor: AuthUser) {
    return this.act(id, 'reply', version, actor, ({ letter, now }) => ({
      set: {
        replyText: text,
        repliedAt: now,
        receivedAt: letter.receivedAt ?? now,
        // On time is judged at the first reply; a rework does not restore it.
        repliedOnTime: letter.repliedOnTime ?? now.getTime() <= letter.replyDueAt.getTime(),
      },
      note: text,
      replyClock: 'satisfied',
    }));
  }

  async returnForRework(id: number, version: number, note: string, actor: AuthUser) {
    return this.act(id, 'return', version, actor, ({ letter }) => ({
      set: { returnCount: Math.min(255, letter.returnCount + 1) },
      note,
      // 退回重办: a reply is owed again, by the letter's reply date.
      replyClock: 'restart',
    }));
  }

  async accept(id: number, version: number, note: string | undefined, actor: AuthUser) {
    return this.act(id, 'accept', version, actor, ({ now }) => ({ set: { closedAt: now }, note }));
  }

  async escalate(
    id: number,
    version: number,
    escalation: Escalation,
    note: string,
    actor: AuthUser,
  ) {
    return this.act(id, 'escalate', version, actor, () => ({
      set: { lastEscalation: escalation },
      note,
      escalation,
    }));
  }

  /** A voided letter keeps its number (the sequence has no gaps) and shows as voided. */
  async void(id: number, version: number, reason: string, actor: AuthUser) {
    return this.act(id, 'void', version, actor, ({ now }) => ({
      set: { voidReason: reason, closedAt: now },
      note: reason,
      replyClock: 'cancelled',
    }));
  }

  /** A file sent with the unit's reply; accepted while the letter still awaits that reply. */
  async addAttachment(id: number, file: { filename: string; data: Buffer }, actor: AuthUser) {
    const checked = await checkUpload(file, this.config.storage.maxBytes, uploadErrors);
    const { letter } = await this.view(id, actor);
    // Files go with a reply: refused (409, naming the status) once the letter no longer awaits one.
    if (!AWAITING_REPLY.includes(letter.status)) nextLetterStatus(letter.status, 'reply');
    const key = `letters/${id}/${randomUUID()}`;
    await this.storage.put(key, file.data);
    try {
      return await this.letterAttachments.insert({
        letterId: id,
        ...checked,
        sha256: createHash('sha256').update(file.data).digest('hex'),
        storageKey: key,
        uploadedBy: actor.id,
        uploadedAt: this.clock.now(),
      });
    } catch (e) {
      await this.storage.remove(key);
      throw e;
    }
  }

  async attachments(id: number, actor: AuthUser): Promise<SupervisionLetterAttachmentEntity[]> {
    await this.view(id, actor);
    return this.letterAttachments.of(id);
  }

  async openAttachment(id: number, attachmentId: number, actor: AuthUser) {
    await this.view(id, actor);
    const a = await this.letterAttachments.find(id, attachmentId);
    if (!a) throw attachmentNotFound(attachmentId);
    return { attachment: a, stream: await this.storage.open(a.storageKey) };
  }

  async view(id: number, actor: AuthUser): Promise<LetterView> {
    const letter = await this.letters.findById(id);
    if (!letter) throw letterNotFound(id);
    this.assertCanSee(letter, actor);
    const caseIds = await this.letters.caseIdsOf(id);
    return { letter, caseIds, overdue: this.isOverdue(letter) };
  }

  async actions(id: number, actor: AuthUser): Promise<SupervisionLetterActionEntity[]> {
    await this.view(id, actor);
    return this.letters.actionsOf(id);
  }

  /** The letters of one case are read only by who may read the case (400 for a non-id). */
  async assertCaseVisible(caseId: number, actor: AuthUser): Promise<void> {
    assertCaseId(caseId);
    await this.cases.get(caseId, actor);
  }

  async list(
    filter: LetterFilter,
    page: { limit: number; after?: number; total?: TotalMode },
    actor: AuthUser,
  ) {
    const q = this.scoped(filter, actor);
    const [rows, total] = await Promise.all([
      this.letters.page(q, page.after, page.limit + 1),
      totalFor(page.total ?? 'none', this.config.lists.exactTotalLimit, (limit) =>
        this.letters.total(q, limit),
      ),
    ]);
    const items = rows.slice(0, page.limit);
    const links = items.length ? await this.letters.linksOf(items.map((l) => l.id)) : [];
    return {
      items: items.map((letter) => ({
        letter,
        caseIds: links.filter((l) => Number(l.letterId) === letter.id).map((l) => Number(l.caseId)),
        overdue: this.isOverdue(letter),
      })),
      next: rows.length > page.limit ? items[items.length - 1].id : null,
      total,
    };
  }

  /** How many letters the list with this filter holds for the caller (all pages). */
  async count(filter: LetterFilter, actor: AuthUser): Promise<number> {
    return this.letters.count(this.scoped(filter, actor));
  }

  private scoped(filter: LetterFilter, actor: AuthUser): LetterQuery {
    if (filter.caseId !== undefined) assertCaseId(filter.caseId);
    return {
      ...filter,
      ownUnitId: actor.role === 'unit_handler' ? (actor.unitId ?? -1) : undefined,
      now: this.clock.now(),
    };
  }

  /** The data a rendered letter needs: the cases it cites, and the unit it goes to. */
  async documentData(id: number, actor: AuthUser) {
    const v = await this.view(id, actor);
    const [cases, unit] = await Promise.all([
      this.citedCases.byIds(v.caseIds),
      this.units.get(v.letter.unitId),
    ]);
    return { ...v, cases, unit, issuingOrgan: this.config.bureau.name };
  }

  isOverdue(letter: SupervisionLetterEntity): boolean {
    return (
      AWAITING_REPLY.includes(letter.status) &&
      letter.replyDueAt.getTime() < this.clock.now().getTime()
    );
  }

  private assertCanSee(letter: SupervisionLetterEntity, actor: AuthUser): void {
    if (actor.role === 'unit_handler' && letter.unitId !== actor.unitId) throw letterOutOfScope();
  }

  /** Compare-and-set on (id, version, status), then the change and its action row, in one transaction. */
  private async act(
    id: number,
    action: LetterAction,
    version: number,
    actor: AuthUser,
    work: (ctx: { letter: SupervisionLetterEntity; now: Date }) => {
      set?: Partial<SupervisionLetterEntity>;
      note?: string;
      escalation?: Escalation;
      /** What happens to the letter's reply clock. */
      replyClock?: 'satisfied' | 'cancelled' | 'restart';
    },
  ): Promise<LetterView> {
    const letter = await this.letters.findById(id);
    if (!letter) throw letterNotFound(id);
    this.assertCanSee(letter, actor);
    if (letter.version !== version) throw staleVersion('督办函', id);
    const to = nextLetterStatus(letter.status, action);
    const now = this.clock.now();
    const outcome = work({ letter, now });
    const noticeKind = LETTER_NOTICES[action];
    const cited = noticeKind
      ? await this.noticeLetter(id, letter.number, await this.letters.caseIdsOf(id))
      : null;
    await this.letters.transaction(async (m) => {
      const moved = await this.letters.transition(
        m,
        id,
        { version, status: letter.status },
        { ...outcome.set, status: to, updatedAt: now },
      );
      if (!moved) throw staleVersion('督办函', id);
      if (outcome.replyClock) {
        const book = ClockBook.within(m, await this.calendar.current(), now);
        if (outcome.replyClock === 'restart') {
          await book.stopForLetter(id, 'cancelled');
          await book.startForLetter(id, now, letter.replyDueDate, letter.replyDueAt);
        } else {
          await book.stopForLetter(id, outcome.replyClock);
        }
      }
      await this.letters.addActions(m, {
        letterId: id,
        type: action,
        escalation: outcome.escalation ?? null,
        note: outcome.note ?? null,
        actorId: actor.id,
        at: now,
      });
      await this.changes.changed(m, { letterIds: [id] });
      if (noticeKind && cited) {
        await this.notices.arrived(m, [
          {
            kind: noticeKind,
            unitId: letter.unitId,
            letter: cited,
            // what the unit must meet: the reply, while one is owed
            dueDate: AWAITING_REPLY.includes(to) ? letter.replyDueDate : null,
            details: {
              note: outcome.note ?? null,
              escalation: outcome.escalation ? ESCALATION_LABELS[outcome.escalation] : null,
            },
          },
        ]);
      }
    });
    return this.view(id, actor);
  }
}

/** The letter actions the unit is told of (DESIGN §4: chased, returned, escalated, accepted). */
const LETTER_NOTICES: Partial<Record<LetterAction, WorkNoticeKind>> = {
  chase: 'letter_chased',
  return: 'letter_returned',
  escalate: 'letter_escalated',
  accept: 'letter_accepted',
};

/** An id that is not a case id is refused, never read as "no filter" (every letter). */
function assertCaseId(caseId: number): void {
  if (!Number.isSafeInteger(caseId) || caseId < 1)
    throw letterInvalid('CASE_ID_INVALID', '信访件编号须为正整数', 'caseId');
}
