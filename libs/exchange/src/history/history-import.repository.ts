import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import type { CaseStatus, ReviewKind, ReviewStage } from '@app/cases';

/** A district unit as a history record names it (by code). */
export interface ImportUnit {
  id: number;
  name: string;
  kind: string;
}

export interface ContestedCaseRow {
  status: CaseStatus;
  reviewKind: ReviewKind | null;
  reviewStage: ReviewStage | null;
  deliveredAt: Date | null;
  registeredAt: Date;
}

/** What a contested review row adds to its case: when its decision was delivered, how far the chain went. */
export interface ReviewRowFacts {
  deliveredAt: Date | null;
  originalStage: string | null;
}

/**
 * The history import's SQL: its own `import_keys` (which `ref` of which import became which row),
 * and the lookups pass 1 makes into what earlier imports and live work wrote.
 */
@Injectable()
export class HistoryImportRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  /** One record's writes, all or nothing. */
  transaction<T>(work: (m: EntityManager) => Promise<T>): Promise<T> {
    return this.db.transaction(work);
  }

  /** The row an earlier import (or this one) wrote for `ref`, read inside `m` when given. */
  async importedId(kind: string, ref: string, m: EntityManager = this.db.manager) {
    const [row] = await m.query<{ id: number | string }[]>(
      'SELECT entity_id AS id FROM import_keys WHERE kind = ? AND source_key = ?',
      [kind, ref],
    );
    return row ? Number(row.id) : null;
  }

  async recordKey(m: EntityManager, kind: string, ref: string, entityId: number, importId: number) {
    await m.query(
      'INSERT INTO import_keys (kind, source_key, entity_id, import_id) VALUES (?, ?, ?, ?)',
      [kind, ref, entityId, importId],
    );
  }

  /** The units an imported case was handed to. */
  async unitsOfImportedCase(ref: string): Promise<Set<number>> {
    const rows = await this.db.query<{ unitId: number | string }[]>(
      `SELECT DISTINCT h.unit_id AS unitId FROM import_keys k JOIN case_hops h ON h.case_id = k.entity_id
        WHERE k.kind = 'case' AND k.source_key = ?`,
      [ref],
    );
    return new Set(rows.map((r) => Number(r.unitId)));
  }

  async units(): Promise<Map<string, ImportUnit>> {
    const rows = await this.db.query<
      { id: number | string; code: string; name: string; kind: string }[]
    >('SELECT id, code, name, kind FROM units');
    return new Map(rows.map((u) => [u.code, { id: Number(u.id), name: u.name, kind: u.kind }]));
  }

  async caseColumnTaken(column: 'case_no' | 'external_ref', value: string): Promise<boolean> {
    const rows = await this.db.query<unknown[]>(`SELECT 1 FROM cases WHERE ${column} = ? LIMIT 1`, [
      value,
    ]);
    return rows.length > 0;
  }

  async letterNumberTaken(code: string, year: number, seq: number): Promise<boolean> {
    const rows = await this.db.query<unknown[]>(
      'SELECT 1 FROM supervision_letters WHERE code = ? AND year = ? AND seq = ? LIMIT 1',
      [code, year, seq],
    );
    return rows.length > 0;
  }

  /** What a review record of a later import needs of the case it contests. */
  async contestedCase(id: number): Promise<ContestedCaseRow | null> {
    const [row] = await this.db.query<ContestedCaseRow[]>(
      `SELECT status, review_kind AS reviewKind, review_stage AS reviewStage,
              delivered_at AS deliveredAt, registered_at AS registeredAt
         FROM cases WHERE id = ?`,
      [id],
    );
    return row ?? null;
  }

  /** A case's latest event, not counting the sweeps' own (a lapsed window bounds no request). */
  async lastEventAt(caseId: number): Promise<Date | null> {
    const [last] = await this.db.query<{ at: Date | null }[]>(
      `SELECT MAX(at) AS at FROM case_events
        WHERE case_id = ? AND type NOT IN ('evaluation_lapsed', 'review_window_lapsed')`,
      [caseId],
    );
    return last?.at ?? null;
  }

  async reviewRowFacts(reviewCaseId: number): Promise<ReviewRowFacts | null> {
    const [row] = await this.db.query<{ deliveredAt: Date | null; stage: string | null }[]>(
      `SELECT r.delivered_at AS deliveredAt, o.review_stage AS stage
         FROM case_reviews r JOIN cases o ON o.id = r.original_case_id WHERE r.case_id = ?`,
      [reviewCaseId],
    );
    return row ? { deliveredAt: row.deliveredAt, originalStage: row.stage } : null;
  }
}
