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
  /** The deciding body, where it is a unit of the system. */
  decisionUnitId: number | null;
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
  'letters',
  'keyMatters',
  'missions',
  'reviewDecisions',
];

/**
 * The sources a case can be in right after its registration (status `registered`, its triage
 * clock running, no hop, evaluation or review yet): the summaries of a new case are read from
 * these only. The check (`LedgerRebuild.rebuild`) reads every source, so a case found elsewhere
 * would show there as a difference.
 */
export const NEW_CASE_SOURCES: readonly SourceName[] = ['registeredCases', 'triageClocks'];
