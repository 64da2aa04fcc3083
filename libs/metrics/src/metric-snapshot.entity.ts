import { Column, Entity, PrimaryColumn } from 'typeorm';

/** A closed period (a calendar year): its figures frozen as they stood when it was closed. */
@Entity('metric_snapshots')
export class MetricSnapshotEntity {
  @PrimaryColumn({ type: 'smallint', unsigned: true })
  year: number;

  @Column({ type: 'date' })
  periodFrom: string;

  @Column({ type: 'date' })
  periodTo: string;

  @Column({ type: 'datetime', precision: 3 })
  closedAt: Date;

  @Column({ type: 'int', unsigned: true })
  closedBy: number;

  /** The figures (JSON array), with definitions as they read at closing. */
  @Column({ type: 'longtext' })
  figures: string;
}

/** The case (letter, key matter, mission) ids behind each frozen figure, with their groups. */
@Entity('metric_snapshot_items')
export class MetricSnapshotItemEntity {
  @PrimaryColumn({ type: 'smallint', unsigned: true })
  year: number;

  @PrimaryColumn({ type: 'varchar', length: 60 })
  metricKey: string;

  @PrimaryColumn({ type: 'bigint', unsigned: true })
  itemId: number;

  @Column({ type: 'boolean' })
  inNumerator: boolean;

  @Column({ type: 'boolean' })
  inDenominator: boolean;

  @Column({ type: 'int', unsigned: true, nullable: true })
  unitId: number | null;

  @Column({ type: 'varchar', length: 10, nullable: true })
  channel: string | null;

  @Column({ type: 'varchar', length: 12, nullable: true })
  sourceLevel: string | null;

  @Column({ type: 'char', length: 7 })
  month: string;
}
