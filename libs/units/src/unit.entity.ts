import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

export const UNIT_KINDS = ['bureau', 'district_unit', 'upper_office'] as const;
export type UnitKind = (typeof UNIT_KINDS)[number];

export const UNIT_LEVELS = ['national', 'provincial', 'municipal', 'district'] as const;
export type UnitLevel = (typeof UNIT_LEVELS)[number];

/** 单位: the bureau itself, a district unit (区属单位), or an upper-level petition office. */
@Entity('units')
export class UnitEntity {
  @PrimaryGeneratedColumn({ type: 'int', unsigned: true })
  id: number;

  @Index('uq_units_code', { unique: true })
  @Column({ type: 'varchar', length: 32 })
  code: string;

  @Index('uq_units_name', { unique: true })
  @Column({ type: 'varchar', length: 100 })
  name: string;

  @Column({ type: 'varchar', length: 20 })
  kind: UnitKind;

  @Column({ type: 'varchar', length: 20 })
  level: UnitLevel;

  @Column({ type: 'varchar', length: 50, nullable: true })
  contactPerson: string | null;

  @Column({ type: 'varchar', length: 30, nullable: true })
  contactPhone: string | null;

  @Column({ type: 'boolean' })
  active: boolean;

  @Column({ type: 'int', unsigned: true })
  version: number;

  @Column({ type: 'datetime', precision: 3 })
  createdAt: Date;

  @Column({ type: 'datetime', precision: 3 })
  updatedAt: Date;
}
