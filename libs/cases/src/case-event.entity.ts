import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import type { CaseEventType } from './case-vocabulary';

/**
 * The timeline and the audit trail in one: append-only (the database refuses UPDATE and DELETE),
 * each event hash-chained to the one before it so tampering shows.
 */
@Entity('case_events')
@Index('uq_case_events_case_seq', ['caseId', 'seq'], { unique: true })
export class CaseEventEntity {
  @PrimaryGeneratedColumn({ type: 'bigint', unsigned: true })
  id: number;

  @Column({ type: 'bigint', unsigned: true })
  caseId: number;

  @Column({ type: 'int', unsigned: true })
  seq: number;

  @Column({ type: 'varchar', length: 40 })
  type: CaseEventType;

  @Column({ type: 'int', unsigned: true, nullable: true })
  actorId: number | null;

  @Column({ type: 'datetime', precision: 3 })
  at: Date;

  @Column({ type: 'varchar', length: 16, nullable: true })
  fromStatus: string | null;

  @Column({ type: 'varchar', length: 16, nullable: true })
  toStatus: string | null;

  @Column({
    type: 'mediumtext',
    transformer: {
      to: (v: object) => JSON.stringify(v),
      from: (v: string) => JSON.parse(v) as object,
    },
  })
  data: object;

  @Column({ type: 'char', length: 64 })
  prevHash: string;

  @Column({ type: 'char', length: 64 })
  hash: string;
}
