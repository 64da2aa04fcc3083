import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';
import { insertRows } from '@app/database';
import { OPEN_STATUSES } from '../lifecycle/case-status';
import type { NewPetitionerRow } from './prepare-petitioner';

/** An open or recent case of a person, as the 重件 check of a batch compares it (by blind index). */
export interface RepeatCandidate {
  id: number | string;
  firstCaseId: number | string | null;
  categoryCode: string;
  idBidx: string | null;
  phoneBidx: string | null;
}

/**
 * `petitioners` (raw SQL), as the imports write and look them up: the same person is one row
 * across cases, found by the blind index of the ID number.
 */
@Injectable()
export class PetitionersRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  /** The first petitioner row of each ID number (blind index → id). */
  async idsByIdNumber(bidxs: string[], m: EntityManager = this.db.manager) {
    const map = new Map<string, number>();
    if (bidxs.length === 0) return map;
    const rows = await m.query<{ id: number | string; bidx: string }[]>(
      'SELECT id, id_number_bidx AS bidx FROM petitioners WHERE id_number_bidx IN (?) ORDER BY id',
      [bidxs],
    );
    for (const r of rows) if (!map.has(r.bidx)) map.set(r.bidx, Number(r.id));
    return map;
  }

  /**
   * New rows in one statement; returns the first id. A multi-row INSERT of known size gets
   * consecutive ids (InnoDB "simple insert"), as TypeORM itself assumes for multi-row inserts.
   */
  insert(m: EntityManager, rows: NewPetitionerRow[]): Promise<number> {
    return insertRows(m, 'petitioners', rows);
  }

  /** Open cases, and cases registered or closed since `since`, of these people. */
  repeatCandidates(ids: string[], phones: string[], since: Date): Promise<RepeatCandidate[]> {
    return this.db.query<RepeatCandidate[]>(
      `SELECT c.id, c.first_case_id AS firstCaseId, c.category_code AS categoryCode,
              p.id_number_bidx AS idBidx, p.phone_bidx AS phoneBidx
         FROM cases c
         JOIN case_petitioners cp ON cp.case_id = c.id
         JOIN petitioners p ON p.id = cp.petitioner_id
        WHERE (p.id_number_bidx IN (?) OR p.phone_bidx IN (?))
          AND (c.status IN (?) OR c.registered_at >= ? OR c.closed_at >= ?)
        ORDER BY c.id`,
      [ids.length ? ids : [''], phones.length ? phones : [''], OPEN_STATUSES, since, since],
    );
  }
}
