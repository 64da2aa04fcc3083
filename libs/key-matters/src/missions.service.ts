import { Injectable } from '@nestjs/common';
import type { AuthUser } from '@app/auth';
import { CasesService } from '@app/cases';
import { Clock } from '@app/core';
import { keyMatterInvalid, missionNotFound } from './key-matter.errors';
import type { MissionKind } from './key-matter-vocabulary';
import { MissionsRepository } from './missions.repository';

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
    private readonly missions: MissionsRepository,
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
    const id = await this.missions.insert(
      {
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
      },
      caseIds,
    );
    return this.get(id);
  }

  async get(id: number) {
    const mission = await this.missions.findById(id);
    if (!mission) throw missionNotFound(id);
    return { mission, caseIds: await this.missions.caseIdsOf(id) };
  }

  async list(filter: { year?: number; kind?: MissionKind }) {
    const missions = await this.missions.list(filter);
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
