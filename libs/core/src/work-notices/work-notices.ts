import type { EntityManager } from 'typeorm';

/** The kinds of work a unit is told of when it arrives (DESIGN §4). */
export const WORK_NOTICE_KINDS = [
  'case_transferred',
  'case_assigned',
  'extension_decided',
  'letter_issued',
  'letter_chased',
  'letter_escalated',
  'letter_returned',
  'letter_accepted',
  'review_requested',
  'review_decided',
] as const;
export type WorkNoticeKind = (typeof WORK_NOTICE_KINDS)[number];

/** The case a notice is about, as its writer holds it. */
export interface NoticeCase {
  id: number;
  caseNo: string;
  title: string;
  /** 检举控告 with the accuser kept secret: the notice names the case by number only. */
  confidentialAccuser: boolean;
}

/** The supervision letter a notice is about. */
export interface NoticeLetter {
  id: number;
  number: string;
  caseIds: number[];
  caseNos: string[];
}

/** Work that arrived at a unit: what it is, and the facts its notice names. */
export interface WorkNotice {
  kind: WorkNoticeKind;
  unitId: number;
  unitName?: string;
  case?: NoticeCase;
  letter?: NoticeLetter;
  /** The date the unit must act by (report, reply, handling), Asia/Shanghai. */
  dueDate?: string | null;
  /** Kind-specific facts: days extended, the escalation, the note, the review's number… */
  details?: Record<string, string | number | null>;
}

/**
 * Tells a unit's handlers that work arrived, inside the writer's transaction and after the
 * change: a change rolled back tells no one. The reminders lib implements it (inbox and the
 * outbound channels); the writers (cases, supervision, reviews) depend on this token only, and
 * each app that writes names the implementation with `WorkNoticesModule.forRoot`.
 */
export abstract class WorkNotices {
  abstract arrived(m: EntityManager, notices: WorkNotice[]): Promise<void>;
}

/** For an app that only replays the past (the history import of the demo): no one is told. */
export class NoWorkNotices extends WorkNotices {
  arrived(): Promise<void> {
    return Promise.resolve();
  }
}
