import { Column, Entity, Index, PrimaryColumn, PrimaryGeneratedColumn } from 'typeorm';
import { StoredFileColumns } from '@app/cases';
import type { Escalation, LetterReason, LetterStatus, LetterType } from './supervision-vocabulary';

/** 督办函: numbered per issuing code and year, without gaps; a voided letter keeps its number. */
@Entity('supervision_letters')
@Index('uq_supervision_letters_code_year_seq', ['code', 'year', 'seq'], { unique: true })
@Index('ix_supervision_letters_unit', ['unitId', 'id'])
@Index('ix_supervision_letters_status_due', ['status', 'replyDueAt'])
@Index('ix_supervision_letters_year', ['year', 'id'])
@Index('ix_supervision_letters_issued', ['issuedAt'])
export class SupervisionLetterEntity {
  @PrimaryGeneratedColumn({ type: 'bigint', unsigned: true })
  id: number;

  @Column({ type: 'varchar', length: 20 })
  code: string;

  @Column({ type: 'smallint', unsigned: true })
  year: number;

  @Column({ type: 'int', unsigned: true })
  seq: number;

  /** 荔信督〔2022〕17号 */
  @Column({ type: 'varchar', length: 40 })
  number: string;

  @Column({ type: 'varchar', length: 12 })
  type: LetterType;

  @Column({ type: 'varchar', length: 20 })
  reason: LetterReason;

  @Column({ type: 'varchar', length: 500, nullable: true })
  reasonNote: string | null;

  @Column({ type: 'text' })
  requirements: string;

  @Column({ type: 'int', unsigned: true })
  unitId: number;

  @Column({ type: 'date' })
  replyDueDate: string;

  @Column({ type: 'datetime', precision: 3 })
  replyDueAt: Date;

  @Column({ type: 'varchar', length: 50 })
  signer: string;

  @Column({ type: 'varchar', length: 50, nullable: true })
  contactPerson: string | null;

  @Column({ type: 'varchar', length: 30, nullable: true })
  contactPhone: string | null;

  @Column({ type: 'varchar', length: 12 })
  status: LetterStatus;

  @Column({ type: 'int', unsigned: true })
  issuedBy: number;

  @Column({ type: 'datetime', precision: 3 })
  issuedAt: Date;

  @Column({ type: 'datetime', precision: 3, nullable: true })
  receivedAt: Date | null;

  @Column({ type: 'datetime', precision: 3, nullable: true })
  repliedAt: Date | null;

  @Column({ type: 'text', nullable: true })
  replyText: string | null;

  /** Replied by the due time (the figure "replied on time" counts these). */
  @Column({ type: 'boolean', nullable: true })
  repliedOnTime: boolean | null;

  @Column({ type: 'datetime', precision: 3, nullable: true })
  closedAt: Date | null;

  @Column({ type: 'tinyint', unsigned: true })
  returnCount: number;

  @Column({ type: 'tinyint', unsigned: true })
  chaseCount: number;

  @Column({ type: 'varchar', length: 20, nullable: true })
  lastEscalation: Escalation | null;

  @Column({ type: 'varchar', length: 500, nullable: true })
  voidReason: string | null;

  @Column({ type: 'int', unsigned: true })
  version: number;

  @Column({ type: 'datetime', precision: 3 })
  createdAt: Date;

  @Column({ type: 'datetime', precision: 3 })
  updatedAt: Date;
}

@Entity('supervision_letter_cases')
@Index('ix_supervision_letter_cases_case', ['caseId', 'letterId'])
export class SupervisionLetterCaseEntity {
  @PrimaryColumn({ type: 'bigint', unsigned: true })
  letterId: number;

  @PrimaryColumn({ type: 'bigint', unsigned: true })
  caseId: number;
}

/** Everything done with a letter, in order: issue, receipt, chases, replies, verdicts, escalations. */
@Entity('supervision_letter_actions')
@Index('ix_supervision_letter_actions_letter', ['letterId', 'id'])
export class SupervisionLetterActionEntity {
  @PrimaryGeneratedColumn({ type: 'bigint', unsigned: true })
  id: number;

  @Column({ type: 'bigint', unsigned: true })
  letterId: number;

  @Column({ type: 'varchar', length: 20 })
  type: string;

  @Column({ type: 'varchar', length: 20, nullable: true })
  escalation: Escalation | null;

  @Column({ type: 'text', nullable: true })
  note: string | null;

  @Column({ type: 'int', unsigned: true })
  actorId: number;

  @Column({ type: 'datetime', precision: 3 })
  at: Date;
}

@Entity('supervision_letter_sequences')
export class SupervisionLetterSequenceEntity {
  @PrimaryColumn({ type: 'varchar', length: 20 })
  code: string;

  @PrimaryColumn({ type: 'smallint', unsigned: true })
  year: number;

  @Column({ type: 'int', unsigned: true })
  lastSeq: number;
}

/** Files a unit sends with its written reply. */
@Entity('supervision_letter_attachments')
@Index('ix_supervision_letter_attachments_letter', ['letterId'])
export class SupervisionLetterAttachmentEntity extends StoredFileColumns {
  @PrimaryGeneratedColumn({ type: 'bigint', unsigned: true })
  id: number;

  @Column({ type: 'bigint', unsigned: true })
  letterId: number;
}
