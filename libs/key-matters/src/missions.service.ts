import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { AuthUser } from '@app/auth';
import { CasesService } from '@app/cases';
import { Clock } from '@app/core';
import { PersuasionMissionCaseEntity, PersuasionMissionEntity } from './key-matter.entity';
import { keyMatterInvalid, missionNotFound } from './key-matter.errors';
import type { MissionKind } from './key-matter-vocabulary';

export interface MissionInput {
  kind: MissionKind;
  place: string;
  startDate: string;
  endDate: string;
  staff: string[];
  personsPersuaded: number;
  personsReturned: number;
  cost: number;
  note?: string;
  caseIds: number[];
}

@Injectable()
export class MissionsService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly clock: Clock,
    private readonly cases: CasesService,
  ) {}

  async create(input: MissionInput, actor: AuthUser) {
    if (input.endDate < input.startDate)
      throw keyMatterInvalid('MISSION_DATES', '结束日期不能早于开始日期', 'endDate');
    if (input.personsReturned > input.personsPersuaded) {
      throw keyMatterInvalid('MISSION_COUNTS', '劝返人数不能多于劝导人数', 'personsReturned');
    }
    const caseIds = [...new Set(input.caseIds)];
    await this.cases.assertCasesExist(caseIds);
    const id = await this.db.transaction(async (m) => {
      const res = await m.insert(PersuasionMissionEntity, {
        kind: input.kind,
        place: input.place,
        startDate: input.startDate,
        endDate: input.endDate,
        staff: input.staff.join('、'),
        personsPersuaded: input.personsPersuaded,
        personsReturned: input.personsReturned,
        cost: input.cost.toFixed(2),
        note: input.note ?? null,
        createdBy: actor.id,
        createdAt: this.clock.now(),
      });
      const missionId = Number(res.identifiers[0].id);
      if (caseIds.length) {
        await m.insert(
          PersuasionMissionCaseEntity,
          caseIds.map((caseId) => ({ missionId, caseId })),
        );
      }
      return missionId;
    });
    return this.get(id);
  }

  async get(id: number) {
    const mission = await this.db.getRepository(PersuasionMissionEntity).findOneBy({ id });
    if (!mission) throw missionNotFound(id);
    const links = await this.db
      .getRepository(PersuasionMissionCaseEntity)
      .find({ where: { missionId: id } });
    return { mission, caseIds: links.map((l) => Number(l.caseId)) };
  }

  async list(filter: { year?: number; kind?: MissionKind }) {
    const qb = this.db.getRepository(PersuasionMissionEntity).createQueryBuilder('p');
    if (filter.year)
      qb.andWhere('p.start_date BETWEEN :from AND :to', {
        from: `${filter.year}-01-01`,
        to: `${filter.year}-12-31`,
      });
    if (filter.kind) qb.andWhere('p.kind = :kind', { kind: filter.kind });
    const missions = await qb
      .orderBy('p.start_date', 'DESC')
      .addOrderBy('p.id', 'DESC')
      .take(500)
      .getMany();
    return {
      missions,
      totals: {
        missions: missions.length,
        personsPersuaded: missions.reduce((n, m) => n + m.personsPersuaded, 0),
        personsReturned: missions.reduce((n, m) => n + m.personsReturned, 0),
        cost: missions.reduce((n, m) => n + Math.round(Number(m.cost) * 100), 0) / 100,
      },
    };
  }
}
