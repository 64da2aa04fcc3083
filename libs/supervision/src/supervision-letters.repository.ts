import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, In, type EntityManager } from 'typeorm';
import {
  advanceYearlySequence,
  countUpTo,
  nextYearlySequence,
  type ListTotal,
} from '@app/database';
import {
  SupervisionLetterActionEntity,
  SupervisionLetterCaseEntity,
  SupervisionLetterEntity,
} from './supervision-letter.entity';
import { AWAITING_REPLY, type LetterStatus, type LetterType } from './supervision-vocabulary';

/** The letters a list or count reads: the caller's filter, already checked, and its scope. */
export interface LetterQuery {
  /** A unit handler sees only the letters to their own unit. */
  ownUnitId?: number;
  status?: LetterStatus[];
  unitId?: number;
  type?: LetterType;
  year?: number;
  /** Past the reply date at `now` while still awaiting the reply (or, when false, not). */
  overdue?: boolean;
  caseId?: number;
  now: Date;
}

export type LetterActionRow = Omit<SupervisionLetterActionEntity, 'id'>;

/**
 * `supervision_letters` with their `supervision_letter_cases`, `supervision_letter_actions` and
 * the yearly `supervision_letter_sequences` (TypeORM). Writes take the caller's transaction, which
 * also carries the case timeline and the reply clock.
 */
@Injectable()
export class SupervisionLettersRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  transaction<T>(work: (m: EntityManager) => Promise<T>): Promise<T> {
    return this.db.transaction(work);
  }

  /** The next number of the code's year (gapless: a rolled-back transaction gives it back). */
  nextSeq(m: EntityManager, code: string, year: number): Promise<number> {
    return nextYearlySequence(m, 'supervision_letter_sequences', code, year);
  }

  /** A letter of the past keeps its number; the year's sequence moves past it. */
  advanceSeq(m: EntityManager, code: string, year: number, seq: number): Promise<void> {
    return advanceYearlySequence(m, 'supervision_letter_sequences', code, year, seq);
  }

  /** The letter and the cases it cites; returns the new id. */
  async insert(
    m: EntityManager,
    row: Omit<SupervisionLetterEntity, 'id'>,
    caseIds: number[],
  ): Promise<number> {
    const res = await m.insert(SupervisionLetterEntity, row);
    const letterId = Number(res.identifiers[0].id);
    await m.insert(
      SupervisionLetterCaseEntity,
      caseIds.map((caseId) => ({ letterId, caseId })),
    );
    return letterId;
  }

  async addActions(m: EntityManager, rows: LetterActionRow | LetterActionRow[]): Promise<void> {
    await m.insert(SupervisionLetterActionEntity, rows);
  }

  /** Compare-and-set on (id, version, status): false when the letter moved meanwhile. */
  async transition(
    m: EntityManager,
    id: number,
    expected: { version: number; status: LetterStatus },
    set: Partial<SupervisionLetterEntity>,
  ): Promise<boolean> {
    const res = await m
      .createQueryBuilder()
      .update(SupervisionLetterEntity)
      .set({ ...set, version: () => 'version + 1' })
      .where('id = :id AND version = :version AND status = :status', {
        id,
        version: expected.version,
        status: expected.status,
      })
      .execute();
    return res.affected === 1;
  }

  findById(id: number): Promise<SupervisionLetterEntity | null> {
    return this.db.getRepository(SupervisionLetterEntity).findOneBy({ id });
  }

  async caseIdsOf(id: number): Promise<number[]> {
    const links = await this.db
      .getRepository(SupervisionLetterCaseEntity)
      .find({ where: { letterId: id }, order: { caseId: 'ASC' } });
    return links.map((l) => Number(l.caseId));
  }

  /** The case links of these letters. */
  linksOf(letterIds: number[]): Promise<SupervisionLetterCaseEntity[]> {
    return this.db
      .getRepository(SupervisionLetterCaseEntity)
      .find({ where: { letterId: In(letterIds) } });
  }

  actionsOf(id: number): Promise<SupervisionLetterActionEntity[]> {
    return this.db
      .getRepository(SupervisionLetterActionEntity)
      .find({ where: { letterId: id }, order: { id: 'ASC' } });
  }

  /** Newest first, ids below `after` when given; `limit` rows at most. */
  page(
    q: LetterQuery,
    after: number | undefined,
    limit: number,
  ): Promise<SupervisionLetterEntity[]> {
    const qb = this.filtered(q);
    if (after) qb.andWhere('l.id < :after', { after });
    return qb.orderBy('l.id', 'DESC').take(limit).getMany();
  }

  count(q: LetterQuery): Promise<number> {
    return this.filtered(q).getCount();
  }

  /** The list's total: the same filter, counted up to `limit` rows (null: all). */
  total(q: LetterQuery, limit: number | null): Promise<ListTotal> {
    const [sql, params] = this.filtered(q).select('l.id').getQueryAndParameters();
    return countUpTo(this.db, sql, params, limit);
  }

  private filtered(q: LetterQuery) {
    const qb = this.db.getRepository(SupervisionLetterEntity).createQueryBuilder('l');
    const now = q.now;
    if (q.ownUnitId !== undefined) qb.andWhere('l.unit_id = :own', { own: q.ownUnitId });
    if (q.status?.length) qb.andWhere('l.status IN (:...status)', { status: q.status });
    if (q.unitId !== undefined) qb.andWhere('l.unit_id = :unitId', { unitId: q.unitId });
    if (q.type) qb.andWhere('l.type = :type', { type: q.type });
    if (q.year !== undefined) qb.andWhere('l.year = :year', { year: q.year });
    if (q.overdue === true) {
      qb.andWhere('l.status IN (:...waiting) AND l.reply_due_at < :now', {
        waiting: AWAITING_REPLY,
        now,
      });
    }
    if (q.overdue === false) {
      qb.andWhere('(l.status NOT IN (:...waiting) OR l.reply_due_at >= :now)', {
        waiting: AWAITING_REPLY,
        now,
      });
    }
    if (q.caseId !== undefined) {
      qb.andWhere(
        'l.id IN (SELECT lc.letter_id FROM supervision_letter_cases lc WHERE lc.case_id = :caseId)',
        {
          caseId: q.caseId,
        },
      );
    }
    return qb;
  }
}
