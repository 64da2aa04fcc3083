import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, In } from 'typeorm';
import { CaseHopEntity } from '../case-hop.entity';
import { CaseEntity } from '../case.entity';

/** What a supervision letter (in supervision) reads of the `cases` it cites and their `case_hops` (TypeORM). */
@Injectable()
export class CitedCasesRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  /** The ids among these of accusations (检举控告) and of cases whose accuser is kept confidential. */
  async confidentialAmong(caseIds: number[]): Promise<number[]> {
    const rows = await this.db.getRepository(CaseEntity).find({
      select: { id: true },
      where: [
        { id: In(caseIds), purpose: 'accusation' },
        { id: In(caseIds), confidentialAccuser: true },
      ],
    });
    return rows.map((c) => c.id);
  }

  /** The ids among these of the cases ever handed to the unit. */
  async handedTo(unitId: number, caseIds: number[]): Promise<Set<number>> {
    const hops = await this.db
      .getRepository(CaseHopEntity)
      .find({ select: { caseId: true }, where: { caseId: In(caseIds), unitId } });
    return new Set(hops.map((h) => Number(h.caseId)));
  }

  /** The cases, by id. */
  byIds(caseIds: number[]): Promise<CaseEntity[]> {
    return this.db
      .getRepository(CaseEntity)
      .find({ where: { id: In(caseIds) }, order: { id: 'ASC' } });
  }
}
