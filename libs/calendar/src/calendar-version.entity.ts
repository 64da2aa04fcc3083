import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/** One load of a year's official calendar: who loaded which notice, when, and what it held. */
@Entity('calendar_versions')
export class CalendarVersionEntity {
  @PrimaryGeneratedColumn({ type: 'int', unsigned: true })
  id: number;

  @Index('ix_calendar_versions_year')
  @Column({ type: 'smallint', unsigned: true })
  year: number;

  @Column({ type: 'varchar', length: 200 })
  source: string;

  @Column({ type: 'int', unsigned: true })
  daysCount: number;

  /** SHA-256 of the sorted day list (calendarChecksum). */
  @Column({ type: 'char', length: 64 })
  checksum: string;

  @Column({ type: 'varchar', length: 500, nullable: true })
  note: string | null;

  @Column({ type: 'int', unsigned: true, nullable: true })
  loadedBy: number | null;

  @Column({ type: 'datetime', precision: 3 })
  loadedAt: Date;
}
