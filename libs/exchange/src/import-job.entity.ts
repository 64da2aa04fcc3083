import { Column, Entity, Index, PrimaryColumn, PrimaryGeneratedColumn } from 'typeorm';

export const IMPORT_KINDS = ['cases', 'history'] as const;
export type ImportKind = (typeof IMPORT_KINDS)[number];

export const IMPORT_FORMATS = ['xlsx', 'csv', 'jsonl'] as const;
export type ImportFormat = (typeof IMPORT_FORMATS)[number];

export const IMPORT_STATUSES = ['queued', 'running', 'done', 'failed'] as const;
export type ImportStatus = (typeof IMPORT_STATUSES)[number];

/** validating: every row is checked first; importing: the valid rows are written in batches. */
export type ImportPhase = 'validating' | 'importing';

/** One uploaded file and how far its import got (what the user polls). */
@Entity('import_jobs')
@Index('ix_import_jobs_created_by', ['createdBy', 'id'])
export class ImportJobEntity {
  @PrimaryGeneratedColumn({ type: 'bigint', unsigned: true })
  id: number;

  @Column({ type: 'varchar', length: 20 })
  kind: ImportKind;

  @Column({ type: 'varchar', length: 8 })
  format: ImportFormat;

  @Column({ type: 'varchar', length: 255 })
  filename: string;

  @Column({ type: 'bigint', unsigned: true })
  sizeBytes: number;

  @Column({ type: 'char', length: 64 })
  sha256: string;

  @Column({ type: 'varchar', length: 200 })
  storageKey: string;

  @Column({ type: 'varchar', length: 12 })
  status: ImportStatus;

  @Column({ type: 'varchar', length: 12, nullable: true })
  phase: ImportPhase | null;

  @Column({ type: 'int', unsigned: true, default: 0 })
  totalRows: number;

  @Column({ type: 'int', unsigned: true, default: 0 })
  validRows: number;

  @Column({ type: 'int', unsigned: true, default: 0 })
  errorRows: number;

  /** Rows looked at in the current phase. */
  @Column({ type: 'int', unsigned: true, default: 0 })
  processedRows: number;

  @Column({ type: 'int', unsigned: true, default: 0 })
  createdRows: number;

  /** Valid rows already in the system (a repeated import): nothing new is created for them. */
  @Column({ type: 'int', unsigned: true, default: 0 })
  existingRows: number;

  @Column({ type: 'varchar', length: 500, nullable: true })
  failure: string | null;

  @Column({ type: 'smallint', unsigned: true, default: 0 })
  attempts: number;

  @Column({ type: 'int', unsigned: true })
  createdBy: number;

  @Column({ type: 'datetime', precision: 3 })
  createdAt: Date;

  @Column({ type: 'datetime', precision: 3, nullable: true })
  startedAt: Date | null;

  @Column({ type: 'datetime', precision: 3, nullable: true })
  finishedAt: Date | null;

  @Column({ type: 'datetime', precision: 3 })
  updatedAt: Date;
}

/** One problem of one row; the downloadable error report is these rows in order. */
@Entity('import_row_errors')
@Index('ix_import_row_errors_import', ['importId', 'rowNo'])
export class ImportRowErrorEntity {
  @PrimaryGeneratedColumn({ type: 'bigint', unsigned: true })
  id: number;

  @Column({ type: 'bigint', unsigned: true })
  importId: number;

  /** The spreadsheet row (header is row 1) or the JSON Lines line number. */
  @Column({ type: 'int', unsigned: true })
  rowNo: number;

  /** The row's provincial case number or record ref, when it has one. */
  @Column({ type: 'varchar', length: 100, nullable: true })
  sourceKey: string | null;

  /** The column header (spreadsheets) or JSON field path (history). */
  @Column({ type: 'varchar', length: 40 })
  field: string;

  @Column({ type: 'varchar', length: 40 })
  code: string;

  @Column({ type: 'varchar', length: 500 })
  message: string;
}

/**
 * Which record of an imported file became which row here (history records by their `ref`), so a
 * second import of the same file creates nothing new and later lines can cite earlier records.
 */
@Entity('import_keys')
export class ImportKeyEntity {
  @PrimaryColumn({ type: 'varchar', length: 20 })
  kind: string;

  @PrimaryColumn({ type: 'varchar', length: 100 })
  sourceKey: string;

  @Column({ type: 'bigint', unsigned: true })
  entityId: number;

  @Column({ type: 'bigint', unsigned: true })
  importId: number;
}
