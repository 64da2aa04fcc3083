import type {
  AnswerDecision,
  Channel,
  DeliveryMethod,
  Evaluation,
  NotAcceptedRoute,
  PetitionerKind,
  Purpose,
  ReferralTarget,
  ReviewKind,
  Source,
  SourceLevel,
} from './case-vocabulary';
import type { CaseStatus } from './lifecycle/case-status';

export interface PetitionerInput {
  kind: PetitionerKind;
  name: string;
  idNumber?: string;
  /** Given when `idNumber` fails its check and the clerk registers it anyway. */
  idUnverifiedReason?: string;
  phone?: string;
  address?: string;
  representative?: boolean;
}

export interface RegisterCaseInput {
  channel: Channel;
  source: Source;
  sourceLevel: SourceLevel;
  externalRef?: string;
  /** 上级办理期限: the deadline the higher office set for a case it handed down (Asia/Shanghai date). */
  provincialDueDate?: string | null;
  registeredAt?: Date;
  title: string;
  content: string;
  purpose: Purpose;
  categoryCode: string;
  locality: string;
  personCount: number;
  petitioners: PetitionerInput[];
  skipLevel?: boolean;
  toBeijing?: boolean;
  toProvince?: boolean;
  jointSigned?: boolean;
  lawRelated?: boolean;
  confidentialAccuser?: boolean;
  officerId?: number;
}

export interface EditCaseInput {
  version: number;
  title?: string;
  content?: string;
  purpose?: Purpose;
  categoryCode?: string;
  locality?: string;
  skipLevel?: boolean;
  toBeijing?: boolean;
  toProvince?: boolean;
  jointSigned?: boolean;
  lawRelated?: boolean;
  confidentialAccuser?: boolean;
  /** Why the accuser's secrecy is lifted on a case a unit already has (supervisors only). */
  unmaskReason?: string;
}

/**
 * 更正: an officer corrects what the upper office sent with a handed-down case (its number, its
 * deadline), with the reason. Left out: unchanged; a null deadline removes it.
 */
export interface UpperOfficeInput {
  version: number;
  externalRef?: string;
  provincialDueDate?: string | null;
  reason: string;
}

export interface RouteInput {
  version: number;
  unitId: number;
  instructions?: string;
  /** 交办 only: the date (Asia/Shanghai) the unit must report back by. */
  reportDueDate?: string;
}

export interface NotAcceptInput {
  version: number;
  reason: string;
  route: NotAcceptedRoute;
}

export interface ReferInput {
  version: number;
  to: ReferralTarget;
  reason: string;
}

export interface ObjectInput {
  version: number;
  reason: string;
}

export interface ExtendInput {
  version: number;
  days: number;
  reason: string;
}

export interface AnswerInput {
  version: number;
  decision: AnswerDecision;
  facts: string;
  basis: string;
  deliveryMethod: DeliveryMethod;
  deliveredAt: Date;
}

export interface ReportInput {
  version: number;
  report: string;
}

export interface EvaluateInput {
  version: number;
  evaluation: Exclude<Evaluation, 'lapsed'>;
}

export interface CaseFilter {
  status?: CaseStatus[];
  channel?: Channel;
  sourceLevel?: SourceLevel;
  source?: Source;
  unitId?: number;
  purpose?: Purpose;
  categoryCode?: string;
  registeredFrom?: Date;
  registeredTo?: Date;
  /** 上级办理期限 on or after / on or before these days (YYYY-MM-DD); cases without one are left out. */
  provincialDueFrom?: string;
  provincialDueTo?: string;
  overdue?: boolean;
  dueWithinDays?: number;
  repeat?: boolean;
  idNumber?: string;
  phone?: string;
  /** A petitioner's full name, matched exactly (normalised) through its blind index. */
  name?: string;
  keyword?: string;
  officerId?: number;
  /** Cases with no 承办人 yet, waiting for an officer to take them (true), or with one (false). */
  unassigned?: boolean;
  /** Original cases whose review chain is at this stage; `none`: ordinary cases never reviewed. */
  reviewStage?: 'review' | 're_review' | 'final' | 'none';
  /** The linked review (复查) or re-review (复核) cases themselves. */
  reviewKind?: ReviewKind;
  /** Cases flagged at registration as a final matter again, awaiting an officer (true). */
  finalMatch?: boolean;
  /** Answered cases whose petitioner has not rated the answer yet (true). */
  awaitingEvaluation?: boolean;
}

export interface Page {
  limit: number;
  /** The id of the last row of the previous page (keyset pagination, newest first). */
  after?: number;
}
