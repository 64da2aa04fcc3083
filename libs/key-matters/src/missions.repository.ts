import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { PersuasionMissionCaseEntity, PersuasionMissionEntity } from './key-matter.entity';
import type { MissionKind } from './key-matter-vocabulary';

/** `persuasion_missions` with their `persuasion_mission_cases` (TypeORM). */
@Injectable()
export class MissionsRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  /** The mission and its case links in one transaction; returns the new id. */
  insert(row: Omit<PersuasionMissionEntity, 'id'>, caseIds: number[]): Promise<number> {
    return this.db.transaction(async (m) => {
      const res = await m.insert(PersuasionMissionEntity, row);
      const missionId = Number(res.identifiers[0].id);
      if (caseIds.length) {
        await m.insert(
          PersuasionMissionCaseEntity,
          caseIds.map((caseId) => ({ missionId, caseId })),
        );
      }
      return missionId;
    });
  }

  findById(id: number): Promise<PersuasionMissionEntity | null> {
    return this.db.getRepository(PersuasionMissionEntity).findOneBy({ id });
  }

  async caseIdsOf(id: number): Promise<number[]> {
    const links = await this.db
      .getRepository(PersuasionMissionCaseEntity)
      .find({ where: { missionId: id } });
    return links.map((l) => Number(l.caseId));
  }

  /** The latest 500 by start date, of the year and kind when given. */
  list(filter: { year?: number; kind?: MissionKind }): Promise<PersuasionMissionEntity[]> {
    const qb = this.db.getRepository(PersuasionMissionEntity).createQueryBuilder('p');
    if (filter.year)
      qb.andWhere('p.start_date BETWEEN :from AND :to', {
        from: `${filter.year}-01-01`,
        to: `${filter.year}-12-31`,
      });
    if (filter.kind) qb.andWhere('p.kind = :kind', { kind: filter.kind });
    return qb.orderBy('p.start_date', 'DESC').addOrderBy('p.id', 'DESC').take(500).getMany();
  }
}
