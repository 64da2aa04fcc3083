import { addDays, shanghaiDate, type LocalDate } from '@app/calendar';
import type { CaseFigureFields } from '@app/core';

/**
 * The raw rows each figure is computed from, one shape per source. The repository fills them from
 * the tables the rest of the system writes; the formulas read nothing else.
 */
export interface CaseRow extends CaseFigureFields {
  closedAt: Date | null;
  evaluation: string | null;
  evaluatedAt: Date | null;
}

/** A case with one of its clocks (the first triage clock, or the latest handling clock). */
export interface CaseClockRow {
  case: CaseRow;
  clock: {
    id: number;
    /** The unit that held the case on this clock's hop (lateness is charged to it). */
    hopUnitId: number | null;
    status: 'running' | 'satisfied' | 'cancelled';
    dueDate: string;
    dueAt: Date;
    endedAt: Date | null;
  };
}

/**
 * A case handed down from above (转送、交办 by a national, provincial or municipal office) with its
 * latest handling clock not cancelled, if it has one (a case never triaged, or transferred and
 * never accepted, has none).
 */
export interface HandedDownRow {
  case: CaseRow;
  handling: { dueDate: string; hopUnitId: number | null } | null;
}

/**
 * The statutory time of a handed-down case that has neither the upper office's 办理期限 nor a
 * handling clock (never triaged, or transferred and never accepted): 15 days to triage, 15 for
 * the unit to accept, 60 to handle (信访工作条例), counted from the day of registration.
 */
export const HANDED_DOWN_STATUTORY_DAYS = 15 + 15 + 60;

/**
 * The day a handed-down case is due to be closed: the upper office's 办理期限 when recorded,
 * else the due date of its latest handling clock (with any extension), else registration day +
 * `HANDED_DOWN_STATUTORY_DAYS`.
 */
export function handedDownDeadline(r: HandedDownRow): LocalDate {
  return (
    r.case.provincialDueDate ??
    r.handling?.dueDate ??
    addDays(shanghaiDate(r.case.registeredAt), HANDED_DOWN_STATUTORY_DAYS)
  );
}

/**
 * The Shanghai day an evaluation belongs to: a rating's own day; a lapse (超期未评价) is recorded
 * at the end of its window, 24:00 of the window's last day, and belongs to that last day.
 */
export function evaluationDay(c: CaseRow): LocalDate | null {
  if (!c.evaluation || !c.evaluatedAt) return null;
  const at = c.evaluation === 'lapsed' ? c.evaluatedAt.getTime() - 1 : c.evaluatedAt.getTime();
  return shanghaiDate(new Date(at));
}

export interface LetterRow {
  id: number;
  unitId: number;
  status: string;
  issuedAt: Date;
  replyDueAt: Date;
  repliedAt: Date | null;
  repliedOnTime: boolean | null;
}

export interface KeyMatterRow {
  id: number;
  sourceLevel: string;
  status: 'open' | 'resolved' | 'unresolved';
  resolvedDate: string | null;
  createdAt: Date;
}

export interface MissionRow {
  id: number;
  kind: string;
  startDate: string;
}

/** A review (复查) or re-review (复核) whose decision was delivered: the review case's id. */
export interface ReviewRow {
  id: number;
  kind: 'review' | 're_review';
  /** The unit whose handling it reviews: the responsible unit of the original case. */
  reviewedUnitId: number | null;
  /** How the request arrived. */
  channel: string;
  /** The source level of the original case. */
  sourceLevel: string;
  deliveredAt: Date;
}

export interface SourceRows {
  /** Cases registered in the period. */
  registeredCases: CaseRow;
  /** Cases whose evaluation (or its lapse) was recorded in the period. */
  evaluatedCases: CaseRow;
  /** Each case's first triage clock, due in the period. */
  triageClocks: CaseClockRow;
  /** Each case's latest handling clock that was not cancelled, due in the period. */
  handlingClocks: CaseClockRow;
  /** Handed-down cases whose deadline (see `handedDownDeadline`) falls in the period. */
  handedDownCases: HandedDownRow;
  /** Supervision letters issued in the period. */
  letters: LetterRow;
  /** Key matters in the ledger at some time in the period. */
  keyMatters: KeyMatterRow;
  /** Persuasion missions that started in the period. */
  missions: MissionRow;
  /** Reviews and re-reviews whose decision was delivered in the period. */
  reviewDecisions: ReviewRow;
}
export type SourceName = keyof SourceRows;
export const SOURCE_NAMES: readonly SourceName[] = [
  'registeredCases',
  'evaluatedCases',
  'triageClocks',
  'handlingClocks',
  'handedDownCases',
  'letters',
  'keyMatters',
  'missions',
  'reviewDecisions',
];

/**
 * The sources a case can be in right after its registration (status `registered`, its triage
 * clock running, no hop, evaluation or review yet; a handed-down case is due to close from the
 * start): the summaries of a new case are read from
 * these only. The check (`LedgerRebuild.rebuild`) reads every source, so a case found elsewhere
 * would show there as a difference.
 */
export const NEW_CASE_SOURCES: readonly SourceName[] = [
  'registeredCases',
  'triageClocks',
  'handedDownCases',
];
