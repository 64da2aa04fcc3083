import { randomUUID } from 'node:crypto';
import { shanghaiDate, type ClockKind } from '@app/calendar';
import type { CaseEntity } from '../case.entity';
import type { RegisterCaseInput } from '../case-inputs';
import type { CaseStatus } from '../lifecycle/case-status';
import { COLLECTIVE_MIN_PERSONS, type ReviewKind } from '../case-vocabulary';

/** Every column of a `cases` row but the id the insert gives. */
export type CaseRow = Omit<CaseEntity, 'id'>;

/** What a petition is about, as a new case records it (registration's input, or a review's). */
export type NewCaseFacts = Pick<
  RegisterCaseInput,
  | 'channel'
  | 'source'
  | 'sourceLevel'
  | 'title'
  | 'content'
  | 'purpose'
  | 'categoryCode'
  | 'locality'
  | 'personCount'
  | 'externalRef'
  | 'provincialDueDate'
  | 'skipLevel'
  | 'toBeijing'
  | 'toProvince'
  | 'jointSigned'
  | 'lawRelated'
  | 'confidentialAccuser'
  | 'officerId'
> & {
  registeredAt: Date;
  /** 集体访 as the facts already say it (a review keeps its original's); else from the head count. */
  collective?: boolean;
};

/** The columns of what became of a case (disposal, answer, delivery, closing, evaluation), empty. */
export const NO_OUTCOME_YET = {
  notAcceptedRoute: null,
  referredTo: null,
  disposalReason: null,
  answerDecision: null,
  answerFacts: null,
  answerBasis: null,
  answeredAt: null,
  deliveryMethod: null,
  deliveredAt: null,
  closedAt: null,
  evaluation: null,
  evaluatedAt: null,
} as const satisfies Partial<CaseEntity>;

/** How this way in opens the case: its number, who opened it, where it starts. */
export interface NewCaseSettings {
  caseNo: string;
  year: number;
  /** The first case (初件) this one repeats (重件), or null. */
  firstCaseId: number | null;
  actorId: number;
  /**
   * The 承办人 when the facts name none: the default rule's choice (OfficerDefaultsService), null
   * for the unassigned queue; left out, whoever opens the case (a review case's officer).
   */
  officerId?: number | null;
  now: Date;
  /** `registered` unless the case opens further along (a review case opens `under_review`). */
  status?: CaseStatus;
  /** The clock the case's next deadline comes from, as its first clock says. */
  nextDue?: { at: Date; kind: ClockKind; provisional?: boolean } | null;
  /** A 复查/复核 case: which kind, and the original case the chain started from. */
  review?: { kind: ReviewKind; originalCaseId: number };
  /** Registration found the petitioners' final (终结) matter in the same category. */
  finalMatchCaseId?: number | null;
  /** Events the insert already counts (1 when the first event is written with the row). */
  eventCount?: number;
}

/**
 * The `cases` row of a new case, complete, as every way in writes it (the counter, the
 * spreadsheet import, the history import, review cases, the bench's ceiling): the petition's
 * facts, the optional flags defaulted, everything that happens later empty, at version 1. The
 * hash chain's head is sealed once the insert has given the id.
 */
export function newCaseRow(facts: NewCaseFacts, s: NewCaseSettings): CaseRow {
  return {
    caseNo: s.caseNo,
    year: s.year,
    externalRef: facts.externalRef ?? null,
    provincialDueDate: facts.provincialDueDate ?? null,
    channel: facts.channel,
    source: facts.source,
    sourceLevel: facts.sourceLevel,
    registeredAt: facts.registeredAt,
    title: facts.title,
    content: facts.content,
    purpose: facts.purpose,
    categoryCode: facts.categoryCode,
    locality: facts.locality,
    personCount: facts.personCount,
    collective: facts.collective ?? facts.personCount >= COLLECTIVE_MIN_PERSONS,
    skipLevel: facts.skipLevel ?? false,
    toBeijing: facts.toBeijing ?? false,
    toProvince: facts.toProvince ?? false,
    jointSigned: facts.jointSigned ?? false,
    lawRelated: facts.lawRelated ?? false,
    confidentialAccuser: facts.confidentialAccuser ?? false,
    repeat: s.firstCaseId !== null,
    firstCaseId: s.firstCaseId,
    status: s.status ?? 'registered',
    officerId: facts.officerId ?? (s.officerId !== undefined ? s.officerId : s.actorId),
    registeredBy: s.actorId,
    responsibleUnitId: null,
    currentHopId: null,
    nextDueAt: s.nextDue?.at ?? null,
    nextClockKind: s.nextDue?.kind ?? null,
    nextDueProvisional: s.nextDue?.provisional ?? false,
    extensionUsed: false,
    ...NO_OUTCOME_YET,
    reviewKind: s.review?.kind ?? null,
    originalCaseId: s.review?.originalCaseId ?? null,
    reviewStage: null,
    finalMatchCaseId: s.finalMatchCaseId ?? null,
    eventCount: s.eventCount ?? 0,
    lastEventHash: '',
    headMac: '',
    version: 1,
    createdAt: s.now,
    updatedAt: s.now,
  };
}

/** The year a case is numbered in: the year of its registration in Asia/Shanghai. */
export function numberingYear(registeredAt: Date): number {
  return Number(shanghaiDate(registeredAt).slice(0, 4));
}

/**
 * A unique stand-in for the number until the transaction's last statements take it, so the
 * year's sequence row is locked only for those and the commit.
 */
export function numberPlaceholder(): string {
  return `~${randomUUID().replace(/-/g, '').slice(0, 30)}`;
}
