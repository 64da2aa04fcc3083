import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/** Every export of case data: who, when, why, with which filters, how many rows (DESIGN §7). */
@Entity('export_logs')
@Index('ix_export_logs_user', ['userId', 'id'])
@Index('ix_export_logs_started', ['startedAt'])
export class ExportLogEntity {
  @PrimaryGeneratedColumn({ type: 'bigint', unsigned: true })
  id: number;

  @Column({ type: 'int', unsigned: true })
  userId: number;

  @Column({ type: 'varchar', length: 20 })
  role: string;

  /** What was exported (`cases`). */
  @Column({ type: 'varchar', length: 20 })
  what: string;

  @Column({ type: 'varchar', length: 200 })
  reason: string;

  /** The list filters as JSON; ID number and phone filters are recorded as present, not in clear. */
  @Column({ type: 'text' })
  filters: string;

  @Column({ type: 'boolean' })
  fullPersonalData: boolean;

  /** Set when the file was written to the end. */
  @Column({ type: 'int', unsigned: true, nullable: true })
  rowCount: number | null;

  @Column({ type: 'datetime', precision: 3 })
  startedAt: Date;

  @Column({ type: 'datetime', precision: 3, nullable: true })
  finishedAt: Date | null;
}
