import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { ReminderRuleEntity } from './reminder.entities';

/** The `reminder_rules` table (TypeORM), keyed by clock kind and stage. */
@Injectable()
export class ReminderRulesRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  all(): Promise<ReminderRuleEntity[]> {
    return this.db.getRepository(ReminderRuleEntity).find();
  }

  /** False when the version is stale or there is no such rule. */
  async update(
    kind: string,
    stage: string,
    version: number,
    values: Partial<ReminderRuleEntity>,
  ): Promise<boolean> {
    const res = await this.db
      .createQueryBuilder()
      .update(ReminderRuleEntity)
      .set({ ...values, version: () => 'version + 1' })
      .where('clock_kind = :kind AND stage = :stage AND version = :version', {
        kind,
        stage,
        version,
      })
      .execute();
    return res.affected === 1;
  }

  exists(kind: string, stage: string): Promise<boolean> {
    return this.db.getRepository(ReminderRuleEntity).existsBy({ clockKind: kind, stage });
  }

  findOrFail(kind: string, stage: string): Promise<ReminderRuleEntity> {
    return this.db.getRepository(ReminderRuleEntity).findOneByOrFail({ clockKind: kind, stage });
  }
}
