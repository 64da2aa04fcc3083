import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, LessThanOrEqual, MoreThan } from 'typeorm';
import type { ClockKind } from '@app/calendar';
import { ClockEntity } from './clock.entity';

/** Running clocks read outside a transaction (TypeORM): the sweeps that look for work. */
@Injectable()
export class OpenClocksRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  /**
   * Up to `limit` running clocks of a kind due by `now` with ids above `afterId`, by id (a sweep
   * pages through them once per run).
   */
  dueOfKind(
    kind: ClockKind,
    now: Date,
    afterId: number,
    limit: number,
  ): Promise<Pick<ClockEntity, 'id' | 'caseId'>[]> {
    return this.db.getRepository(ClockEntity).find({
      select: { id: true, caseId: true },
      where: { kind, status: 'running', dueAt: LessThanOrEqual(now), id: MoreThan(afterId) },
      order: { id: 'ASC' },
      take: limit,
    });
  }

  runningOfKind(caseId: number, kind: ClockKind): Promise<ClockEntity | null> {
    return this.db.getRepository(ClockEntity).findOneBy({ caseId, kind, status: 'running' });
  }

  /** A page of running rule clocks (not fixed dates) after id `after`, of one kind or all. */
  runningRuleClocks(after: number, take: number, kind?: ClockKind): Promise<ClockEntity[]> {
    return this.db.getRepository(ClockEntity).find({
      where: { status: 'running', fixedDue: false, id: MoreThan(after), ...(kind ? { kind } : {}) },
      order: { id: 'ASC' },
      take,
    });
  }
}
