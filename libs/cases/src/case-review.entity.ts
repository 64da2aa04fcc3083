import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import type { DeliveryMethod, ReviewDecision, ReviewKind } from './case-vocabulary';

/**
 * The review (复查) or re-review (复核) record of a linked case, one row per review case: the
 * request, its window, the decision and its delivery, and the hearing (复核 only). Metrics count
 * "复查复核 handled" from here by year of delivery, deciding unit and decision.
 */
@Entity('case_reviews')
@Index('ix_case_reviews_original', ['originalCaseId', 'caseId'])
@Index('ix_case_reviews_contested', ['contestedCaseId'])
@Index('ix_case_reviews_delivered', ['deliveredAt'])
export class CaseReviewEntity {
  /** The review case itself (a row of `cases`). */
  @PrimaryColumn({ type: 'bigint', unsigned: true })
  caseId: number;

  @Column({ type: 'varchar', length: 10 })
  kind: ReviewKind;

  @Column({ type: 'bigint', unsigned: true })
  originalCaseId: number;

  /** The case whose answer is contested: the original (复查) or the review case (复核). */
  @Column({ type: 'bigint', unsigned: true })
  contestedCaseId: number;

  @Column({ type: 'datetime', precision: 3 })
  receivedAt: Date;

  /** The end of the request window (30 days from delivery of the contested answer). */
  @Column({ type: 'datetime', precision: 3 })
  windowDueAt: Date;

  @Column({ type: 'boolean' })
  late: boolean;

  /** Why a late request was accepted anyway (an officer's record). */
  @Column({ type: 'varchar', length: 1000, nullable: true })
  lateJustification: string | null;

  @Column({ type: 'int', unsigned: true })
  requestedBy: number;

  @Column({ type: 'datetime', precision: 3, nullable: true })
  hearingStartedAt: Date | null;

  @Column({ type: 'datetime', precision: 3, nullable: true })
  hearingEndedAt: Date | null;

  /** Calendar days the hearing took, excluded from the re-review decision clock. */
  @Column({ type: 'smallint', unsigned: true })
  hearingDays: number;

  /** The deciding body: a unit of the system, or its name as text (or both). */
  @Column({ type: 'int', unsigned: true, nullable: true })
  decisionUnitId: number | null;

  @Column({ type: 'varchar', length: 100, nullable: true })
  decisionBody: string | null;

  @Column({ type: 'varchar', length: 10, nullable: true })
  decision: ReviewDecision | null;

  @Column({ type: 'text', nullable: true })
  decisionReasons: string | null;

  @Column({ type: 'datetime', precision: 3, nullable: true })
  decidedAt: Date | null;

  @Column({ type: 'int', unsigned: true, nullable: true })
  decidedBy: number | null;

  @Column({ type: 'varchar', length: 12, nullable: true })
  deliveryMethod: DeliveryMethod | null;

  @Column({ type: 'datetime', precision: 3, nullable: true })
  deliveredAt: Date | null;

  @Column({ type: 'datetime', precision: 3 })
  createdAt: Date;

  @Column({ type: 'datetime', precision: 3 })
  updatedAt: Date;
}
