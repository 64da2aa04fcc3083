import { Column, Entity, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import { CalendarVersionEntity } from './calendar-version.entity';
import type { LocalDate } from './local-date';
import type { DayKind } from './working-calendar';

/** A day that differs from the weekday rule: an official holiday or a 调休 working day. */
@Entity('calendar_days')
export class CalendarDayEntity {
  // `utc`: the driver reads DATE as UTC midnight; format it in UTC whatever the process zone.
  @PrimaryColumn({ type: 'date', utc: true })
  day: LocalDate;

  @Column({ type: 'varchar', length: 10 })
  kind: DayKind;

  @Column({ type: 'varchar', length: 50 })
  name: string;

  @Column({ type: 'int', unsigned: true })
  versionId: number;

  @ManyToOne(() => CalendarVersionEntity, { onDelete: 'RESTRICT', onUpdate: 'RESTRICT' })
  @JoinColumn({ name: 'version_id', foreignKeyConstraintName: 'fk_calendar_days_version' })
  version?: CalendarVersionEntity;
}
