import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { DeadlineRuleEntity } from './deadline-rule.entity';
import type { ClockKind } from './deadline';

/** The `deadline_rules` table (TypeORM). */
@Injectable()
export class DeadlineRulesRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  all(): Promise<DeadlineRuleEntity[]> {
    return this.db.getRepository(DeadlineRuleEntity).find();
  }

  findByKind(kind: ClockKind): Promise<DeadlineRuleEntity | null> {
    return this.db.getRepository(DeadlineRuleEntity).findOneBy({ kind });
  }

  /** Versions only grow, so this changes on every rule update. */
  async stamp(): Promise<string> {
    const row = await this.db
      .getRepository(DeadlineRuleEntity)
      .createQueryBuilder('r')
      .select('COUNT(*)', 'n')
      .addSelect('COALESCE(SUM(r.version), 0)', 'm')
      .getRawOne<{ n: string | number; m: string | number }>();
    return `${String(row?.n)}:${String(row?.m)}`;
  }

  /**
   * compareAndSet (@app/database) matches rows by `id`; deadline_rules is keyed by kind, so the
   * same guarded write is spelled out here: false means a stale version or no rule.
   */
  async update(
    kind: ClockKind,
    version: number,
    values: Partial<DeadlineRuleEntity>,
  ): Promise<boolean> {
    const result = await this.db
      .createQueryBuilder()
      .update(DeadlineRuleEntity)
      .set({ ...values, version: () => 'version + 1' })
      .where('kind = :kind AND version = :version', { kind, version })
      .execute();
    return (result.affected ?? 0) === 1;
  }
}
