import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { CalendarService, computeDue, endOfShanghaiDay } from '@app/calendar';
import { CasesService } from '@app/cases';
import { ChangeFeed, Clock } from '@app/core';
import { SupervisionLettersRepository } from './supervision-letters.repository';
import type { Escalation, LetterReason, LetterStatus, LetterType } from './supervision-vocabulary';

export interface LetterHistoryInput {
  code: string;
  year: number;
  seq: number;
  type: LetterType;
  reason: LetterReason;
  reasonNote?: string | null;
  requirements: string;
  unitId: number;
  caseIds: number[];
  issuedAt: Date;
  replyDueDate?: string;
  signer: string;
  contactPerson?: string | null;
  contactPhone?: string | null;
  receivedAt?: Date | null;
  chases: { at: Date; note: string }[];
  reply?: { at: Date; text: string } | null;
  verdict?: { at: Date; accepted: boolean; note?: string | null } | null;
  escalations: { at: Date; escalation: Escalation; note: string }[];
  voided?: { at: Date; reason: string } | null;
}

/**
 * Writes past supervision letters (with their replies) inside the caller's transaction, dated
 * when they happened, with the rows the live services would have left.
 */
@Injectable()
export class SupervisionHistoryWriter {
  constructor(
    private readonly clock: Clock,
    private readonly calendar: CalendarService,
    private readonly cases: CasesService,
    private readonly changes: ChangeFeed,
    private readonly letters: SupervisionLettersRepository,
  ) {}

  /** The letter keeps its number; the year's sequence moves past it (no gaps, no duplicates). */
  async writeLetter(m: EntityManager, input: LetterHistoryInput, actorId: number): Promise<number> {
    const now = this.clock.now();
    let due: { dueDate: string; dueAt: Date };
    if (input.replyDueDate) {
      due = { dueDate: input.replyDueDate, dueAt: endOfShanghaiDay(input.replyDueDate) };
    } else {
      const [calendar, rule] = await Promise.all([
        this.calendar.current(),
        this.calendar.rule('supervision_reply'),
      ]);
      due = computeDue(input.issuedAt, rule, calendar);
    }
    await this.letters.advanceSeq(m, input.code, input.year, input.seq);
    const actions: { type: string; at: Date; note?: string | null; escalation?: Escalation }[] = [
      { type: 'issued', at: input.issuedAt },
    ];
    let status: LetterStatus = 'issued';
    let receivedAt = input.receivedAt ?? null;
    if (receivedAt) {
      actions.push({ type: 'receive', at: receivedAt });
      status = 'received';
    }
    for (const c of input.chases) actions.push({ type: 'chase', at: c.at, note: c.note });
    let closedAt: Date | null = null;
    if (input.reply) {
      actions.push({ type: 'reply', at: input.reply.at, note: input.reply.text });
      receivedAt ??= input.reply.at;
      status = 'replied';
    }
    if (input.verdict) {
      actions.push({
        type: input.verdict.accepted ? 'accept' : 'return',
        at: input.verdict.at,
        note: input.verdict.note ?? null,
      });
      status = input.verdict.accepted ? 'accepted' : 'returned';
      if (input.verdict.accepted) closedAt = input.verdict.at;
    }
    for (const e of input.escalations)
      actions.push({ type: 'escalate', at: e.at, note: e.note, escalation: e.escalation });
    if (input.voided) {
      actions.push({ type: 'void', at: input.voided.at, note: input.voided.reason });
      status = 'voided';
      closedAt = input.voided.at;
    }
    actions.sort((a, b) => a.at.getTime() - b.at.getTime());
    const number = `${input.code}〔${input.year}〕${input.seq}号`;
    const letterId = await this.letters.insert(
      m,
      {
        code: input.code,
        year: input.year,
        seq: input.seq,
        number,
        type: input.type,
        reason: input.reason,
        reasonNote: input.reasonNote ?? null,
        requirements: input.requirements,
        unitId: input.unitId,
        replyDueDate: due.dueDate,
        replyDueAt: due.dueAt,
        signer: input.signer,
        contactPerson: input.contactPerson ?? null,
        contactPhone: input.contactPhone ?? null,
        status,
        issuedBy: actorId,
        issuedAt: input.issuedAt,
        receivedAt,
        repliedAt: input.reply?.at ?? null,
        replyText: input.reply?.text ?? null,
        repliedOnTime: input.reply ? input.reply.at.getTime() <= due.dueAt.getTime() : null,
        closedAt,
        returnCount: input.verdict && !input.verdict.accepted ? 1 : 0,
        chaseCount: Math.min(255, input.chases.length),
        lastEscalation: input.escalations.at(-1)?.escalation ?? null,
        voidReason: input.voided?.reason ?? null,
        version: 1,
        createdAt: now,
        updatedAt: now,
      },
      input.caseIds,
    );
    await this.letters.addActions(
      m,
      actions.map((a) => ({
        letterId,
        type: a.type,
        escalation: a.escalation ?? null,
        note: a.note ?? null,
        actorId,
        at: a.at,
      })),
    );
    await this.cases.recordOnTimeline(
      m,
      input.caseIds,
      'supervision_letter_issued',
      { letterId, number, unitId: input.unitId, type: input.type, imported: true },
      actorId,
      input.issuedAt,
    );
    await this.changes.changed(m, { letterIds: [letterId] });
    return letterId;
  }
}
