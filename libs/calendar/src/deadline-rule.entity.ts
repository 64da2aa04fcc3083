import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { ClockKind, DeadlineUnit } from './deadline';

/** The rule in force for one kind of clock; administrators change it (DESIGN §3). */
@Entity('deadline_rules')
export class DeadlineRuleEntity {
  @PrimaryColumn({ type: 'varchar', length: 40 })
  kind: ClockKind;

  @Column({ type: 'smallint', unsigned: true })
  length: number;

  @Column({ type: 'varchar', length: 20 })
  unit: DeadlineUnit;

  @Column({ type: 'boolean' })
  rollOverHoliday: boolean;

  @Column({ type: 'int', unsigned: true })
  version: number;

  @Column({ type: 'datetime', precision: 3 })
  updatedAt: Date;

  @Column({ type: 'int', unsigned: true, nullable: true })
  updatedBy: number | null;
}
