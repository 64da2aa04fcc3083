import { Column, Entity, Index, PrimaryColumn, PrimaryGeneratedColumn } from 'typeorm';
import type { SourceLevel } from '@app/cases';
import type { KeyMatterCategory } from './key-matter-vocabulary';

/** 重点信访事项: driven by the 五个一 slots to 化解, with the 三到位一处理 outcome. */
@Entity('key_matters')
@Index('ix_key_matters_status', ['status', 'id'])
@Index('ix_key_matters_leader', ['leaderInCharge', 'status'])
export class KeyMatterEntity {
  @PrimaryGeneratedColumn({ type: 'bigint', unsigned: true })
  id: number;

  @Column({ type: 'varchar', length: 200 })
  title: string;

  @Column({ type: 'varchar', length: 10 })
  category: KeyMatterCategory;

  @Column({ type: 'text' })
  description: string;

  /** Assigned from above (交办) carries the upper office's level, number and report-back date. */
  @Column({ type: 'varchar', length: 12 })
  sourceLevel: SourceLevel;

  @Column({ type: 'varchar', length: 64, nullable: true })
  externalRef: string | null;

  @Column({ type: 'date', nullable: true })
  reportDueDate: string | null;

  @Column({ type: 'datetime', precision: 3, nullable: true })
  reportedAt: Date | null;

  @Column({ type: 'varchar', length: 50, nullable: true })
  leaderInCharge: string | null;

  @Column({ type: 'varchar', length: 1000, nullable: true })
  taskForce: string | null;

  @Column({ type: 'text', nullable: true })
  plan: string | null;

  @Column({ type: 'text', nullable: true })
  measures: string | null;

  @Column({ type: 'date', nullable: true })
  deadline: string | null;

  @Column({ type: 'varchar', length: 12 })
  status: 'open' | 'resolved' | 'unresolved';

  @Column({ type: 'date', nullable: true })
  resolvedDate: string | null;

  @Column({ type: 'boolean' })
  outcomeSolved: boolean;

  @Column({ type: 'boolean' })
  outcomeEducated: boolean;

  @Column({ type: 'boolean' })
  outcomeAssisted: boolean;

  @Column({ type: 'boolean' })
  outcomeDealtByLaw: boolean;

  @Column({ type: 'text', nullable: true })
  evidence: string | null;

  @Column({ type: 'int', unsigned: true })
  createdBy: number;

  @Column({ type: 'int', unsigned: true })
  version: number;

  @Column({ type: 'datetime', precision: 3 })
  createdAt: Date;

  @Column({ type: 'datetime', precision: 3 })
  updatedAt: Date;
}

@Entity('key_matter_cases')
@Index('ix_key_matter_cases_case', ['caseId', 'keyMatterId'])
export class KeyMatterCaseEntity {
  @PrimaryColumn({ type: 'bigint', unsigned: true })
  keyMatterId: number;

  @PrimaryColumn({ type: 'bigint', unsigned: true })
  caseId: number;
}

/** The dated progress log of a key matter. */
@Entity('key_matter_progress')
@Index('ix_key_matter_progress_matter', ['keyMatterId', 'id'])
export class KeyMatterProgressEntity {
  @PrimaryGeneratedColumn({ type: 'bigint', unsigned: true })
  id: number;

  @Column({ type: 'bigint', unsigned: true })
  keyMatterId: number;

  @Column({ type: 'date' })
  date: string;

  @Column({ type: 'text' })
  note: string;

  @Column({ type: 'int', unsigned: true })
  actorId: number;

  @Column({ type: 'datetime', precision: 3 })
  createdAt: Date;
}

/** 驻点 / 赴外劝返. */
@Entity('persuasion_missions')
@Index('ix_persuasion_missions_start', ['startDate', 'id'])
export class PersuasionMissionEntity {
  @PrimaryGeneratedColumn({ type: 'bigint', unsigned: true })
  id: number;

  @Column({ type: 'varchar', length: 10 })
  kind: 'on_site' | 'away';

  @Column({ type: 'varchar', length: 100 })
  place: string;

  @Column({ type: 'date' })
  startDate: string;

  @Column({ type: 'date' })
  endDate: string;

  @Column({ type: 'varchar', length: 500 })
  staff: string;

  @Column({ type: 'smallint', unsigned: true })
  personsPersuaded: number;

  @Column({ type: 'smallint', unsigned: true })
  personsReturned: number;

  /** 元, two decimals. */
  @Column({ type: 'decimal', precision: 12, scale: 2 })
  cost: string;

  @Column({ type: 'varchar', length: 1000, nullable: true })
  note: string | null;

  @Column({ type: 'int', unsigned: true })
  createdBy: number;

  @Column({ type: 'datetime', precision: 3 })
  createdAt: Date;
}

@Entity('persuasion_mission_cases')
export class PersuasionMissionCaseEntity {
  @PrimaryColumn({ type: 'bigint', unsigned: true })
  missionId: number;

  @PrimaryColumn({ type: 'bigint', unsigned: true })
  caseId: number;
}
