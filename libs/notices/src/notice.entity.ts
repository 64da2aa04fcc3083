import { Column, Entity, Index, PrimaryColumn, PrimaryGeneratedColumn } from 'typeorm';
import type { DeliveryMethod } from '@app/cases';
import type { NoticeDoc } from '@app/documents';
import type { NoticeKind } from './notice-kinds';

/**
 * A notice issued to a petitioner: its number (where the bureau numbers the kind), its text as
 * issued (the filled template, so it prints the same later), and its delivery.
 */
@Entity('petitioner_notices')
@Index('ix_petitioner_notices_case', ['caseId', 'id'])
@Index('uq_petitioner_notices_code_year_seq', ['code', 'year', 'seq'], { unique: true })
export class PetitionerNoticeEntity {
  @PrimaryGeneratedColumn({ type: 'bigint', unsigned: true })
  id: number;

  @Column({ type: 'bigint', unsigned: true })
  caseId: number;

  @Column({ type: 'varchar', length: 24 })
  kind: NoticeKind;

  /** 荔信受: the bureau's code and the kind's mark; null on an unnumbered kind. */
  @Column({ type: 'varchar', length: 20, nullable: true })
  code: string | null;

  @Column({ type: 'smallint', unsigned: true, nullable: true })
  year: number | null;

  @Column({ type: 'int', unsigned: true, nullable: true })
  seq: number | null;

  /** 荔信受〔2026〕3号 */
  @Column({ type: 'varchar', length: 40, nullable: true })
  number: string | null;

  @Column({
    type: 'mediumtext',
    transformer: {
      to: (v: NoticeDoc) => JSON.stringify(v),
      from: (v: string) => JSON.parse(v) as NoticeDoc,
    },
  })
  content: NoticeDoc;

  @Column({ type: 'int', unsigned: true })
  templateVersion: number;

  /** The last day the notice is owed by (the triage clock's, for 受理/不予受理), if one runs. */
  @Column({ type: 'date', nullable: true })
  dueDate: string | null;

  /** Whom it is addressed to (the petitioners' names), or who received it. */
  @Column({ type: 'varchar', length: 200 })
  recipient: string;

  @Column({ type: 'int', unsigned: true })
  generatedBy: number;

  @Column({ type: 'datetime', precision: 3 })
  generatedAt: Date;

  @Column({ type: 'varchar', length: 12, nullable: true })
  deliveryMethod: DeliveryMethod | null;

  @Column({ type: 'datetime', precision: 3, nullable: true })
  deliveredAt: Date | null;

  @Column({ type: 'int', unsigned: true, nullable: true })
  deliveredBy: number | null;

  @Column({ type: 'int', unsigned: true })
  version: number;

  @Column({ type: 'datetime', precision: 3 })
  updatedAt: Date;
}

/** The administrator's text of each kind, `{{placeholders}}` filled from the case. */
@Entity('notice_templates')
export class NoticeTemplateEntity {
  @PrimaryColumn({ type: 'varchar', length: 24 })
  kind: NoticeKind;

  @Column({ type: 'varchar', length: 40 })
  title: string;

  @Column({ type: 'text' })
  body: string;

  @Column({ type: 'int', unsigned: true })
  version: number;

  /** Null on the text shipped with the system. */
  @Column({ type: 'int', unsigned: true, nullable: true })
  updatedBy: number | null;

  @Column({ type: 'datetime', precision: 3 })
  updatedAt: Date;
}

@Entity('notice_sequences')
export class NoticeSequenceEntity {
  @PrimaryColumn({ type: 'varchar', length: 20 })
  code: string;

  @PrimaryColumn({ type: 'smallint', unsigned: true })
  year: number;

  @Column({ type: 'int', unsigned: true })
  lastSeq: number;
}
