import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import type { CaseStatus } from './lifecycle/case-status';
import type {
  AnswerDecision,
  Channel,
  DeliveryMethod,
  Evaluation,
  NotAcceptedRoute,
  Purpose,
  ReferralTarget,
  ReviewKind,
  ReviewStage,
  Source,
  SourceLevel,
} from './case-vocabulary';

/** 信访件. */
@Entity('cases')
@Index('ix_cases_status_id', ['status', 'id'])
@Index('ix_cases_unit_id', ['responsibleUnitId', 'id'])
@Index('ix_cases_unit_status_id', ['responsibleUnitId', 'status', 'id'])
@Index('ix_cases_channel_registered', ['channel', 'registeredAt'])
@Index('ix_cases_registered', ['registeredAt', 'id'])
@Index('ix_cases_evaluated', ['evaluatedAt'])
@Index('ix_cases_provincial_due', ['provincialDueDate'])
@Index('ix_cases_next_due', ['nextDueAt', 'id'])
@Index('ix_cases_category_id', ['categoryCode', 'id'])
@Index('ix_cases_channel_id', ['channel', 'id'])
@Index('ix_cases_officer_id', ['officerId', 'id'])
@Index('ix_cases_first_case', ['firstCaseId'])
@Index('ix_cases_review_stage_id', ['reviewStage', 'id'])
@Index('ix_cases_review_kind_id', ['reviewKind', 'id'])
@Index('ix_cases_original_case', ['originalCaseId'])
export class CaseEntity {
  @PrimaryGeneratedColumn({ type: 'bigint', unsigned: true })
  id: number;

  @Index('uq_cases_case_no', { unique: true })
  @Column({ type: 'varchar', length: 32 })
  caseNo: string;

  @Column({ type: 'smallint', unsigned: true })
  year: number;

  @Index('uq_cases_external_ref', { unique: true })
  @Column({ type: 'varchar', length: 64, nullable: true })
  externalRef: string | null;

  /** 办理期限 set by the provincial system for a case handed down (Asia/Shanghai date). */
  @Column({ type: 'date', nullable: true })
  provincialDueDate: string | null;

  @Column({ type: 'varchar', length: 10 })
  channel: Channel;

  @Column({ type: 'varchar', length: 12 })
  source: Source;

  @Column({ type: 'varchar', length: 12 })
  sourceLevel: SourceLevel;

  @Column({ type: 'datetime', precision: 3 })
  registeredAt: Date;

  @Column({ type: 'varchar', length: 200 })
  title: string;

  @Column({ type: 'text' })
  content: string;

  @Column({ type: 'varchar', length: 12 })
  purpose: Purpose;

  @Column({ type: 'varchar', length: 12 })
  categoryCode: string;

  @Column({ type: 'varchar', length: 100 })
  locality: string;

  @Column({ type: 'smallint', unsigned: true })
  personCount: number;

  @Column({ type: 'boolean' })
  collective: boolean;

  @Column({ type: 'boolean' })
  skipLevel: boolean;

  @Column({ type: 'boolean' })
  toBeijing: boolean;

  @Column({ type: 'boolean' })
  toProvince: boolean;

  @Column({ type: 'boolean' })
  jointSigned: boolean;

  @Column({ type: 'boolean' })
  lawRelated: boolean;

  @Column({ type: 'boolean' })
  confidentialAccuser: boolean;

  @Column({ type: 'boolean' })
  repeat: boolean;

  @Column({ type: 'bigint', unsigned: true, nullable: true })
  firstCaseId: number | null;

  @Column({ type: 'varchar', length: 16 })
  status: CaseStatus;

  /** The 承办人; null while the case waits in the unassigned queue for an officer to take it. */
  @Column({ type: 'int', unsigned: true, nullable: true })
  officerId: number | null;

  @Column({ type: 'int', unsigned: true })
  registeredBy: number;

  @Column({ type: 'int', unsigned: true, nullable: true })
  responsibleUnitId: number | null;

  @Column({ type: 'bigint', unsigned: true, nullable: true })
  currentHopId: number | null;

  /** The nearest due time among the case's running clocks (kept in the same transaction). */
  @Column({ type: 'datetime', precision: 3, nullable: true })
  nextDueAt: Date | null;

  @Column({ type: 'varchar', length: 40, nullable: true })
  nextClockKind: string | null;

  /** The nearest clock is provisional (暂定): counted over a year with no loaded calendar. */
  @Column({ type: 'boolean', default: false })
  nextDueProvisional: boolean;

  @Column({ type: 'boolean' })
  extensionUsed: boolean;

  @Column({ type: 'varchar', length: 30, nullable: true })
  notAcceptedRoute: NotAcceptedRoute | null;

  @Column({ type: 'varchar', length: 20, nullable: true })
  referredTo: ReferralTarget | null;

  @Column({ type: 'varchar', length: 1000, nullable: true })
  disposalReason: string | null;

  @Column({ type: 'varchar', length: 10, nullable: true })
  answerDecision: AnswerDecision | null;

  @Column({ type: 'text', nullable: true })
  answerFacts: string | null;

  @Column({ type: 'text', nullable: true })
  answerBasis: string | null;

  @Column({ type: 'datetime', precision: 3, nullable: true })
  answeredAt: Date | null;

  @Column({ type: 'varchar', length: 12, nullable: true })
  deliveryMethod: DeliveryMethod | null;

  @Column({ type: 'datetime', precision: 3, nullable: true })
  deliveredAt: Date | null;

  @Column({ type: 'datetime', precision: 3, nullable: true })
  closedAt: Date | null;

  @Column({ type: 'varchar', length: 20, nullable: true })
  evaluation: Evaluation | null;

  @Column({ type: 'datetime', precision: 3, nullable: true })
  evaluatedAt: Date | null;

  /** Set on a review (复查) or re-review (复核) case: its kind; details in case_reviews. */
  @Column({ type: 'varchar', length: 10, nullable: true })
  reviewKind: ReviewKind | null;

  /** On a review or re-review case: the original case whose answer started the chain. */
  @Column({ type: 'bigint', unsigned: true, nullable: true })
  originalCaseId: number | null;

  /** On an original case: how far its review chain has gone (null: none requested). */
  @Column({ type: 'varchar', length: 10, nullable: true })
  reviewStage: ReviewStage | null;

  /**
   * Registration found the same petitioner's final (终结) matter in the same category: the
   * original case of that matter, until an officer confirms (不再受理) or dismisses the match.
   */
  @Column({ type: 'bigint', unsigned: true, nullable: true })
  finalMatchCaseId: number | null;

  @Column({ type: 'int', unsigned: true })
  eventCount: number;

  @Column({ type: 'char', length: 64 })
  lastEventHash: string;

  /** The key's tag over (id, eventCount, lastEventHash): a head set back or forward shows. */
  @Column({ type: 'char', length: 64, default: '' })
  headMac: string;

  @Column({ type: 'int', unsigned: true })
  version: number;

  @Column({ type: 'datetime', precision: 3 })
  createdAt: Date;

  @Column({ type: 'datetime', precision: 3 })
  updatedAt: Date;
}
