import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, LessThan, type EntityManager } from 'typeorm';
import { BudgetLineEntity, IndicatorEntity, SelfEvaluationEntity } from './self-evaluation.entity';

export type BudgetLineRow = Omit<BudgetLineEntity, 'id'>;
export type IndicatorRow = Omit<IndicatorEntity, 'id'>;

/**
 * The self-evaluation tables (TypeORM): `self_evaluations`, one row a year, and the year's
 * budget lines and indicators in their order. Writes inside a transaction take its manager.
 */
@Injectable()
export class SelfEvaluationsRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  transaction<T>(work: (m: EntityManager) => Promise<T>): Promise<T> {
    return this.db.transaction(work);
  }

  find(year: number): Promise<SelfEvaluationEntity | null> {
    return this.db.getRepository(SelfEvaluationEntity).findOneBy({ year });
  }

  exists(year: number): Promise<boolean> {
    return this.db.getRepository(SelfEvaluationEntity).existsBy({ year });
  }

  /** The latest year before `year` that has a self-evaluation. */
  latestBefore(m: EntityManager, year: number): Promise<SelfEvaluationEntity | null> {
    return m.findOne(SelfEvaluationEntity, {
      where: { year: LessThan(year) },
      order: { year: 'DESC' },
    });
  }

  async insert(m: EntityManager, row: SelfEvaluationEntity): Promise<void> {
    await m.insert(SelfEvaluationEntity, row);
  }

  /** Compare-and-set on the year's version: false when the version is stale or the year gone. */
  async bump(
    m: EntityManager,
    year: number,
    version: number,
    set: Partial<SelfEvaluationEntity>,
  ): Promise<boolean> {
    const result = await m
      .createQueryBuilder()
      .update(SelfEvaluationEntity)
      .set({ ...set, version: () => 'version + 1' })
      .where('year = :year AND version = :version', { year, version })
      .execute();
    return (result.affected ?? 0) === 1;
  }

  budgetLines(year: number): Promise<BudgetLineEntity[]> {
    return this.db
      .getRepository(BudgetLineEntity)
      .find({ where: { year }, order: { position: 'ASC' } });
  }

  /** The year's budget lines become `lines`. */
  async replaceBudgetLines(m: EntityManager, year: number, lines: BudgetLineRow[]): Promise<void> {
    await m.delete(BudgetLineEntity, { year });
    if (lines.length) await m.insert(BudgetLineEntity, lines);
  }

  indicators(year: number, m: EntityManager = this.db.manager): Promise<IndicatorEntity[]> {
    return m.find(IndicatorEntity, { where: { year }, order: { position: 'ASC' } });
  }

  async deleteIndicators(m: EntityManager, year: number): Promise<void> {
    await m.delete(IndicatorEntity, { year });
  }

  async insertIndicators(m: EntityManager, rows: IndicatorRow[]): Promise<void> {
    if (rows.length) await m.insert(IndicatorEntity, rows);
  }
}
