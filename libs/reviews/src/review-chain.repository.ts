import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, In, LessThanOrEqual, MoreThan, type EntityManager } from 'typeorm';
import type { ClockKind } from '@app/calendar';
import { CaseEntity } from '@app/cases';
import { ClockEntity } from '@app/deadlines';

/** A request window (申请期限) that is still running. */
export type RunningWindow = Pick<ClockEntity, 'id' | 'caseId' | 'kind' | 'dueAt'>;

/**
 * What the review chain reads of the cases it links and their clocks (TypeORM). Both tables
 * belong to others (cases; clocks to deadlines): these are reads only, every write goes
 * through `CasesService` and `ClockBook`.
 */
@Injectable()
export class ReviewChainRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  /** A case of the chain, read inside `m` when given. */
  caseById(id: number, m: EntityManager = this.db.manager): Promise<CaseEntity | null> {
    return m.findOneBy(CaseEntity, { id });
  }

  /** The case's latest clock of this kind, running or not. */
  latestClock(m: EntityManager, caseId: number, kind: ClockKind): Promise<ClockEntity | null> {
    return m.findOne(ClockEntity, { where: { caseId, kind }, order: { id: 'DESC' } });
  }

  /** Up to `limit` running request windows due by `now` with ids above `afterId`, by id. */
  dueWindows(now: Date, afterId: number, limit: number): Promise<RunningWindow[]> {
    return this.db.getRepository(ClockEntity).find({
      select: { id: true, caseId: true, kind: true, dueAt: true },
      where: {
        kind: In(['review_request_window', 're_review_request_window']),
        status: 'running',
        dueAt: LessThanOrEqual(now),
        id: MoreThan(afterId),
      },
      order: { id: 'ASC' },
      take: limit,
    });
  }
}
