import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { CaseReviewEntity, type ReviewDecision, type ReviewKind } from '@app/cases';

/** A count of reviews handled, by level, deciding unit or body, and decision. */
export interface HandledReviews {
  kind: ReviewKind;
  decisionUnitId: number | null;
  decisionBody: string | null;
  decision: ReviewDecision;
  count: number;
}

/** What a request records when it is accepted. */
export type ReviewRequestRow = Pick<
  CaseReviewEntity,
  | 'caseId'
  | 'kind'
  | 'originalCaseId'
  | 'contestedCaseId'
  | 'receivedAt'
  | 'windowDueAt'
  | 'late'
  | 'lateJustification'
  | 'requestedBy'
  | 'createdAt'
>;

/**
 * The `case_reviews` table (TypeORM): one row per review case, written by the request, the
 * hearing and the decision inside the case change's transaction `m`.
 */
@Injectable()
export class CaseReviewsRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  ofCase(m: EntityManager, caseId: number): Promise<CaseReviewEntity | null> {
    return m.findOneBy(CaseReviewEntity, { caseId });
  }

  ofCaseOrFail(m: EntityManager, caseId: number): Promise<CaseReviewEntity> {
    return m.findOneByOrFail(CaseReviewEntity, { caseId });
  }

  /** The re-review (复核) of the chain that began with `originalCaseId`, if one was requested. */
  reReviewOf(m: EntityManager, originalCaseId: number): Promise<CaseReviewEntity | null> {
    return m.findOne(CaseReviewEntity, { where: { originalCaseId, kind: 're_review' } });
  }

  /** The row of a request just accepted: no hearing, no decision yet. */
  async insertRequest(m: EntityManager, row: ReviewRequestRow): Promise<void> {
    await m.insert(CaseReviewEntity, {
      ...row,
      hearingStartedAt: null,
      hearingEndedAt: null,
      hearingDays: 0,
      decisionUnitId: null,
      decisionBody: null,
      decision: null,
      decisionReasons: null,
      decidedAt: null,
      decidedBy: null,
      deliveryMethod: null,
      deliveredAt: null,
      updatedAt: row.createdAt,
    });
  }

  async update(
    m: EntityManager,
    caseId: number,
    values: Partial<Omit<CaseReviewEntity, 'caseId'>>,
  ): Promise<void> {
    await m.update(CaseReviewEntity, { caseId }, values);
  }

  /** Reviews whose decision was delivered in [from, to). */
  async handledBetween(from: Date, to: Date): Promise<HandledReviews[]> {
    const rows = await this.db
      .getRepository(CaseReviewEntity)
      .createQueryBuilder('r')
      .select('r.kind', 'kind')
      .addSelect('r.decisionUnitId', 'decisionUnitId')
      .addSelect('r.decisionBody', 'decisionBody')
      .addSelect('r.decision', 'decision')
      .addSelect('COUNT(*)', 'count')
      .where('r.deliveredAt >= :from AND r.deliveredAt < :to', { from, to })
      .groupBy('r.kind')
      .addGroupBy('r.decisionUnitId')
      .addGroupBy('r.decisionBody')
      .addGroupBy('r.decision')
      .orderBy('r.kind')
      .addOrderBy('r.decisionUnitId')
      .addOrderBy('r.decisionBody')
      .addOrderBy('r.decision')
      .getRawMany<Omit<HandledReviews, 'count'> & { count: number | string }>();
    return rows.map((r) => ({
      ...r,
      decisionUnitId: r.decisionUnitId === null ? null : Number(r.decisionUnitId),
      count: Number(r.count),
    }));
  }
}
