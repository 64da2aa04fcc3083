import { Column, Entity, Index, PrimaryColumn, PrimaryGeneratedColumn } from 'typeorm';

/** Per-prefix, per-year case number counter; bumped in the registering transaction (no gaps). */
@Entity('case_number_sequences')
export class CaseNumberSequenceEntity {
  @PrimaryColumn({ type: 'varchar', length: 8 })
  prefix: string;

  @PrimaryColumn({ type: 'smallint', unsigned: true })
  year: number;

  @Column({ type: 'int', unsigned: true })
  lastSeq: number;
}

/** A retried registration with the same Idempotency-Key returns the first case. */
@Entity('idempotency_keys')
export class IdempotencyKeyEntity {
  @PrimaryColumn({ type: 'int', unsigned: true })
  userId: number;

  @PrimaryColumn({ type: 'varchar', length: 100 })
  idempotencyKey: string;

  @Column({ type: 'char', length: 64 })
  requestHash: string;

  @Column({ type: 'bigint', unsigned: true })
  caseId: number;

  @Column({ type: 'datetime', precision: 3 })
  createdAt: Date;
}

/**
 * What a log entry records: a full view of a petitioner's data (`reveal`), a supervisor lifting
 * a 检举控告 accuser's secrecy on a case a unit already has (`unmask`), or the handling unit
 * reading the name, phone and address it needs to deliver its answer (`delivery`).
 */
export const PII_ACCESS_KINDS = ['reveal', 'unmask', 'delivery'] as const;
export type PiiAccessKind = (typeof PII_ACCESS_KINDS)[number];

/** Every full view of personal data is itself logged (DESIGN §7). */
@Entity('pii_access_logs')
@Index('ix_pii_access_petitioner', ['petitionerId', 'at'])
@Index('ix_pii_access_user', ['userId', 'id'])
@Index('ix_pii_access_at', ['at'])
export class PiiAccessLogEntity {
  @PrimaryGeneratedColumn({ type: 'bigint', unsigned: true })
  id: number;

  @Column({ type: 'bigint', unsigned: true })
  petitionerId: number;

  @Column({ type: 'bigint', unsigned: true, nullable: true })
  caseId: number | null;

  @Column({ type: 'int', unsigned: true })
  userId: number;

  @Column({ type: 'varchar', length: 200 })
  reason: string;

  @Column({ type: 'varchar', length: 16, default: 'reveal' })
  kind: PiiAccessKind;

  @Column({ type: 'datetime', precision: 3 })
  at: Date;
}

/** What every stored file records: its name and type as checked, its digest, where its bytes are. */
export abstract class StoredFileColumns {
  @Column({ type: 'varchar', length: 255 })
  filename: string;

  @Column({ type: 'varchar', length: 100 })
  contentType: string;

  @Column({ type: 'int', unsigned: true })
  sizeBytes: number;

  @Column({ type: 'char', length: 64 })
  sha256: string;

  @Column({ type: 'varchar', length: 200 })
  storageKey: string;

  @Column({ type: 'int', unsigned: true })
  uploadedBy: number;

  @Column({ type: 'datetime', precision: 3 })
  uploadedAt: Date;
}

/** A file attached to a case; the bytes live in the file storage under `storageKey`. */
@Entity('attachments')
@Index('ix_attachments_case', ['caseId'])
export class AttachmentEntity extends StoredFileColumns {
  @PrimaryGeneratedColumn({ type: 'bigint', unsigned: true })
  id: number;

  @Column({ type: 'bigint', unsigned: true })
  caseId: number;
}
