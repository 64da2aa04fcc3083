import type { DeadlineRule, WorkingCalendar } from '@app/calendar';
import type { CaseHistoryInput, HistoryEvent, PetitionerKind } from '@app/cases';
import type { Escalation, LetterReason, LetterType } from '@app/supervision';
import type { KeyMatterCategory, MissionKind, Outcome } from '@app/key-matters';
import type { ImportUnit } from './history-import.repository';
import type { CaseRecord, KeyMatterRecord, LetterRecord, MissionRecord } from './history-records';

/** What both passes read once per import: the units by code, the calendar, the review windows. */
export interface ImportContext {
  now: Date;
  units: Map<string, ImportUnit>;
  leafCodes: Set<string>;
  calendar: WorkingCalendar;
  windows: { review: DeadlineRule; re_review: DeadlineRule };
}

/** 督办函文号: code〔year〕seq号. */
export const LETTER_NUMBER = /^(.{1,20})〔(\d{4})〕(\d{1,6})号$/u;

/** A case record as the history writer takes it: codes resolved to units, strings to dates. */
export function caseInput(
  r: CaseRecord,
  ctx: ImportContext,
  repeatOf: number | null,
): CaseHistoryInput {
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

export function letterInput(r: LetterRecord, ctx: ImportContext, caseIds: number[]) {
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

export function keyMatterInput(r: KeyMatterRecord, caseIds: number[]) {
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

export function missionInput(r: MissionRecord, caseIds: number[]) {
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
