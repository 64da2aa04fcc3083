import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { SqlBatch } from '@app/database';

/** A name still without its blind index: a petitioner's, or one given with a case. */
export interface UnindexedName {
  caseId: number | null;
  petitionerId: number;
  name: string;
}

/**
 * The names the reindex reads and indexes (raw SQL): petitioners and case_petitioners rows with
 * a name but no `name_bidx` (written before names were indexed), walked in key order.
 */
@Injectable()
export class NameIndexRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  /** The next petitioners after `afterId` whose name has no index. */
  async petitionersWithout(afterId: number, limit: number): Promise<UnindexedName[]> {
    const rows = await this.db.query<{ id: number | string; name: string }[]>(
      `SELECT id, name FROM petitioners WHERE name_bidx IS NULL AND id > ? ORDER BY id LIMIT ?`,
      [afterId, limit],
    );
    return rows.map((r) => ({ caseId: null, petitionerId: Number(r.id), name: r.name }));
  }

  /** The next case links after (caseId, petitionerId) whose given name has no index. */
  async linksWithout(after: [number, number], limit: number): Promise<UnindexedName[]> {
    const rows = await this.db.query<
      { caseId: number | string; petitionerId: number | string; name: string }[]
    >(
      `SELECT case_id AS caseId, petitioner_id AS petitionerId, name FROM case_petitioners
        WHERE name IS NOT NULL AND name_bidx IS NULL AND (case_id, petitioner_id) > (?, ?)
        ORDER BY case_id, petitioner_id LIMIT ?`,
      [...after, limit],
    );
    return rows.map((r) => ({
      caseId: Number(r.caseId),
      petitionerId: Number(r.petitionerId),
      name: r.name,
    }));
  }

  /** Writes the indexes, in one round trip. */
  async setIndexes(rows: (UnindexedName & { nameBidx: string })[]): Promise<void> {
    const batch = new SqlBatch();
    for (const r of rows) {
      if (r.caseId === null) {
        batch.add('UPDATE petitioners SET name_bidx = ? WHERE id = ?', [
          r.nameBidx,
          r.petitionerId,
        ]);
      } else {
        batch.add(
          'UPDATE case_petitioners SET name_bidx = ? WHERE case_id = ? AND petitioner_id = ?',
          [r.nameBidx, r.caseId, r.petitionerId],
        );
      }
    }
    await batch.run(this.db.manager);
  }
}
