import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import type { HopKind } from './case-vocabulary';

export const HOP_STATUSES = ['sent', 'accepted', 'objected'] as const;
export type HopStatus = (typeof HOP_STATUSES)[number];

/** One hand-over (转送/交办) of a case to a unit, so lateness is charged to whoever held it. */
@Entity('case_hops')
@Index('ix_case_hops_case', ['caseId', 'id'])
@Index('ix_case_hops_unit_case', ['unitId', 'caseId'])
export class CaseHopEntity {
  @PrimaryGeneratedColumn({ type: 'bigint', unsigned: true })
  id: number;

  @Column({ type: 'bigint', unsigned: true })
  caseId: number;

  @Column({ type: 'varchar', length: 12 })
  kind: HopKind;

  @Column({ type: 'int', unsigned: true })
  unitId: number;

  @Column({ type: 'varchar', length: 12 })
  status: HopStatus;

  @Column({ type: 'int', unsigned: true })
  sentBy: number;

  @Column({ type: 'datetime', precision: 3 })
  sentAt: Date;

  /** Delivery through the system is receipt: the unit's clocks start here. */
  @Column({ type: 'datetime', precision: 3 })
  receivedAt: Date;

  @Column({ type: 'datetime', precision: 3, nullable: true })
  acceptedAt: Date | null;

  @Column({ type: 'datetime', precision: 3, nullable: true })
  objectedAt: Date | null;

  @Column({ type: 'varchar', length: 1000, nullable: true })
  objectionReason: string | null;

  @Column({ type: 'int', unsigned: true, nullable: true })
  actedBy: number | null;

  /** 交办 only: the date the unit must report back by, and its completion report. */
  @Column({ type: 'date', nullable: true })
  reportDueDate: string | null;

  @Column({ type: 'text', nullable: true })
  completionReport: string | null;

  @Column({ type: 'datetime', precision: 3, nullable: true })
  reportedAt: Date | null;

  @Column({ type: 'varchar', length: 1000, nullable: true })
  instructions: string | null;
}
