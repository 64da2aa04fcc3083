import { Column, Entity, Index, PrimaryColumn, PrimaryGeneratedColumn } from 'typeorm';
import type { ExpenditureNature, FundingSource } from './budget';
import type { IndicatorNature } from './indicators';

/** One year's self-evaluation: the department profile and narrative, edited with compare-and-set. */
@Entity('self_evaluations')
export class SelfEvaluationEntity {
  @PrimaryColumn({ type: 'smallint', unsigned: true })
  year: number;

  @Column({ type: 'varchar', length: 100 })
  departmentName: string;

  /** The text sections (JSON object by section key), with `{{…}}` placeholders. */
  @Column({ type: 'longtext' })
  sections: string;

  /** 全年预算数 and 执行数 as declared in the final accounts (决算), checked against the lines. */
  @Column({ type: 'decimal', precision: 14, scale: 2, nullable: true })
  declaredBudget: string | null;

  @Column({ type: 'decimal', precision: 14, scale: 2, nullable: true })
  declaredExecuted: string | null;

  @Column({ type: 'smallint', unsigned: true, nullable: true })
  copiedFromYear: number | null;

  @Column({ type: 'int', unsigned: true })
  version: number;

  @Column({ type: 'datetime', precision: 3 })
  createdAt: Date;

  @Column({ type: 'datetime', precision: 3 })
  updatedAt: Date;

  @Column({ type: 'int', unsigned: true })
  updatedBy: number;
}

/** A budget line (万元, two decimals) entered by finance staff. */
@Entity('self_evaluation_budget_lines')
@Index('ix_self_evaluation_budget_lines_year', ['year', 'position'])
export class BudgetLineEntity {
  @PrimaryGeneratedColumn({ type: 'bigint', unsigned: true })
  id: number;

  @Column({ type: 'smallint', unsigned: true })
  year: number;

  @Column({ type: 'smallint', unsigned: true })
  position: number;

  @Column({ type: 'varchar', length: 100 })
  name: string;

  @Column({ type: 'varchar', length: 20 })
  fundingSource: FundingSource;

  @Column({ type: 'varchar', length: 10 })
  nature: ExpenditureNature;

  @Column({ type: 'decimal', precision: 14, scale: 2 })
  budget: string;

  @Column({ type: 'decimal', precision: 14, scale: 2 })
  executed: string;

  @Column({ type: 'decimal', precision: 14, scale: 2 })
  carryOver: string;
}

/** A row of the indicator table. */
@Entity('self_evaluation_indicators')
@Index('ix_self_evaluation_indicators_year', ['year', 'position'])
export class IndicatorEntity {
  @PrimaryGeneratedColumn({ type: 'bigint', unsigned: true })
  id: number;

  @Column({ type: 'smallint', unsigned: true })
  year: number;

  @Column({ type: 'smallint', unsigned: true })
  position: number;

  @Column({ type: 'varchar', length: 50 })
  level1: string;

  @Column({ type: 'varchar', length: 50 })
  level2: string;

  @Column({ type: 'varchar', length: 100 })
  level3: string;

  @Column({ type: 'varchar', length: 2 })
  nature: IndicatorNature;

  @Column({ type: 'decimal', precision: 14, scale: 2 })
  target: string;

  @Column({ type: 'varchar', length: 10 })
  unit: string;

  @Column({ type: 'decimal', precision: 5, scale: 2 })
  weight: string;

  @Column({ type: 'varchar', length: 60, nullable: true })
  metricKey: string | null;

  @Column({ type: 'decimal', precision: 14, scale: 2, nullable: true })
  enteredActual: string | null;

  @Column({ type: 'varchar', length: 1000, nullable: true })
  reason: string | null;
}
