import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, In } from 'typeorm';
import { UserEntity } from '@app/auth';
import { ClockEntity } from '@app/deadlines';
import { CaseEntity } from '../case.entity';
import { CaseHopEntity } from '../case-hop.entity';
import { CasePetitionerEntity } from '../case-petitioner.entity';
import { CaseReviewEntity } from '../case-review.entity';
import { PetitionerEntity } from '../petitioner.entity';
import { AttachmentEntity } from '../support.entities';

/**
 * What a case's detail and timeline read (TypeORM): the case rows, its petitioners, hand-overs,
 * clocks, files and review chain, and the names and units of the staff it mentions.
 */
@Injectable()
export class CaseQueriesRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  /** Whole case rows, newest first. */
  async casesByIds(ids: number[]): Promise<CaseEntity[]> {
    if (ids.length === 0) return [];
    const rows = await this.db.getRepository(CaseEntity).findBy({ id: In(ids) });
    return rows.sort((a, b) => b.id - a.id);
  }

  /** The numbers of the cases that exist among `ids`. */
  caseNumbers(ids: number[]): Promise<Pick<CaseEntity, 'id' | 'caseNo'>[]> {
    return this.db.getRepository(CaseEntity).find({
      select: { id: true, caseNo: true },
      where: { id: In(ids) },
    });
  }

  caseNumber(id: number): Promise<Pick<CaseEntity, 'id' | 'caseNo'> | null> {
    return this.db
      .getRepository(CaseEntity)
      .findOne({ select: { id: true, caseNo: true }, where: { id } });
  }

  /** The members of a review chain: number and status. */
  chainCases(ids: number[]): Promise<Pick<CaseEntity, 'id' | 'caseNo' | 'status'>[]> {
    return this.db.getRepository(CaseEntity).find({
      select: { id: true, caseNo: true, status: true },
      where: { id: In(ids) },
    });
  }

  /** The reviews of an original case, in the order their cases were made. */
  reviewsOf(originalCaseId: number): Promise<CaseReviewEntity[]> {
    return this.db
      .getRepository(CaseReviewEntity)
      .find({ where: { originalCaseId }, order: { caseId: 'ASC' } });
  }

  /** The case's petitioner links, in their order on the case. */
  petitionerLinks(caseId: number): Promise<CasePetitionerEntity[]> {
    return this.db
      .getRepository(CasePetitionerEntity)
      .find({ where: { caseId }, order: { position: 'ASC' } });
  }

  petitionerLink(caseId: number, petitionerId: number): Promise<CasePetitionerEntity | null> {
    return this.db.getRepository(CasePetitionerEntity).findOneBy({ caseId, petitionerId });
  }

  petitioners(ids: number[]): Promise<PetitionerEntity[]> {
    return this.db.getRepository(PetitionerEntity).findBy({ id: In(ids) });
  }

  petitioner(id: number): Promise<PetitionerEntity | null> {
    return this.db.getRepository(PetitionerEntity).findOneBy({ id });
  }

  hops(caseId: number): Promise<CaseHopEntity[]> {
    return this.db.getRepository(CaseHopEntity).find({ where: { caseId }, order: { id: 'ASC' } });
  }

  clocks(caseId: number): Promise<ClockEntity[]> {
    return this.db.getRepository(ClockEntity).find({ where: { caseId }, order: { id: 'ASC' } });
  }

  attachments(caseId: number): Promise<AttachmentEntity[]> {
    return this.db
      .getRepository(AttachmentEntity)
      .find({ where: { caseId }, order: { id: 'ASC' } });
  }

  /** A staff member as a case names them (the 承办人). */
  staffMember(
    id: number,
  ): Promise<Pick<UserEntity, 'id' | 'displayName' | 'role' | 'unitId'> | null> {
    return this.db.getRepository(UserEntity).findOne({
      select: { id: true, displayName: true, role: true, unitId: true },
      where: { id },
    });
  }

  /** The role and unit of each user among `ids` (the timeline's actors, the files' uploaders). */
  staffUnits(ids: number[]): Promise<Pick<UserEntity, 'id' | 'role' | 'unitId'>[]> {
    return this.db.getRepository(UserEntity).find({
      select: { id: true, role: true, unitId: true },
      where: { id: In(ids) },
    });
  }
}
