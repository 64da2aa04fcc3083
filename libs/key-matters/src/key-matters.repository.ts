import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { Between, DataSource, IsNull, LessThan } from 'typeorm';
import { compareAndSet } from '@app/database';
import { KeyMatterCaseEntity, KeyMatterEntity, KeyMatterProgressEntity } from './key-matter.entity';
import type { KeyMatterCategory } from './key-matter-vocabulary';

/** Open matters of one leader in charge, as the database counts them. */
export interface OpenByLeaderRow {
  leader: string | null;
  open: string;
  overdue: string | null;
}

/** `key_matters` with their `key_matter_cases` and `key_matter_progress` (TypeORM). */
@Injectable()
export class KeyMattersRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  /** The matter and its case links in one transaction; returns the new id. */
  insert(row: Omit<KeyMatterEntity, 'id'>, caseIds: number[]): Promise<number> {
    return this.db.transaction(async (m) => {
      const res = await m.insert(KeyMatterEntity, row);
      const keyMatterId = Number(res.identifiers[0].id);
      if (caseIds.length) {
        await m.insert(
          KeyMatterCaseEntity,
          caseIds.map((caseId) => ({ keyMatterId, caseId })),
        );
      }
      return keyMatterId;
    });
  }

  /** False when the version is stale or the matter is gone. */
  update(id: number, version: number, changes: Partial<KeyMatterEntity>): Promise<boolean> {
    return compareAndSet(this.db.manager, KeyMatterEntity, id, version, changes);
  }

  async addProgress(row: Omit<KeyMatterProgressEntity, 'id'>): Promise<void> {
    await this.db.getRepository(KeyMatterProgressEntity).insert(row);
  }

  findById(id: number): Promise<KeyMatterEntity | null> {
    return this.db.getRepository(KeyMatterEntity).findOneBy({ id });
  }

  async caseIdsOf(id: number): Promise<number[]> {
    const links = await this.db
      .getRepository(KeyMatterCaseEntity)
      .find({ where: { keyMatterId: id }, order: { caseId: 'ASC' } });
    return links.map((l) => Number(l.caseId));
  }

  progressOf(id: number): Promise<KeyMatterProgressEntity[]> {
    return this.db
      .getRepository(KeyMatterProgressEntity)
      .find({ where: { keyMatterId: id }, order: { date: 'ASC', id: 'ASC' } });
  }

  /** The newest 500 matching; `planOverdue` compares the deadline with `today`. */
  list(
    filter: {
      status?: string;
      category?: KeyMatterCategory;
      leader?: string;
      planOverdue?: boolean;
    },
    today: string,
  ): Promise<KeyMatterEntity[]> {
    const qb = this.db.getRepository(KeyMatterEntity).createQueryBuilder('k');
    if (filter.status) qb.andWhere('k.status = :status', { status: filter.status });
    if (filter.category) qb.andWhere('k.category = :category', { category: filter.category });
    if (filter.leader) qb.andWhere('k.leader_in_charge = :leader', { leader: filter.leader });
    if (filter.planOverdue) qb.andWhere("k.status = 'open' AND k.deadline < :today", { today });
    return qb.orderBy('k.id', 'DESC').take(500).getMany();
  }

  /** Open matters by leader in charge, most first, with those whose plan deadline is past. */
  openByLeader(today: string): Promise<OpenByLeaderRow[]> {
    return this.db
      .getRepository(KeyMatterEntity)
      .createQueryBuilder('k')
      .select('k.leader_in_charge', 'leader')
      .addSelect('COUNT(*)', 'open')
      .addSelect('SUM(k.deadline < :today)', 'overdue')
      .where("k.status = 'open'")
      .groupBy('k.leader_in_charge')
      .orderBy('open', 'DESC')
      .setParameters({ today })
      .getRawMany<OpenByLeaderRow>();
  }

  countResolvedBetween(from: string, to: string): Promise<number> {
    return this.db
      .getRepository(KeyMatterEntity)
      .countBy({ status: 'resolved', resolvedDate: Between(from, to) });
  }

  /** Open matters assigned from above whose report is due before `today` and not sent. */
  countReportOverdue(today: string): Promise<number> {
    return this.db
      .getRepository(KeyMatterEntity)
      .countBy({ reportDueDate: LessThan(today), reportedAt: IsNull(), status: 'open' });
  }
}
