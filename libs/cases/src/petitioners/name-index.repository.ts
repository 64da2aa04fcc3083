import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { SqlBatch } from '@app/database';

/** A name or address still without its blind index: a petitioner's, or one given with a case. */
export interface UnindexedName {
  caseId: number | null;
  petitionerId: number;
  name: string;
  /** The address (encrypted) when it has no index yet, else null. */
  addressEnc: string | null;
}

/** The indexes the reindex writes: the name's, and the address's when it had none. */
export type NameIndexes = UnindexedName & { nameBidx: string; addressBidx: string | null };

/**
 * The names and addresses the reindex reads and indexes (raw SQL): petitioners and
 * case_petitioners rows with a name but no `name_bidx` (written before names were indexed) or an
 * address but no `address_bidx` (before addresses were), walked in key order.
 */
@Injectable()
export class NameIndexRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  /** The next petitioners after `afterId` whose name or address has no index. */
  async petitionersWithout(afterId: number, limit: number): Promise<UnindexedName[]> {
    const rows = await this.db.query<
      { id: number | string; name: string; addressEnc: string | null }[]
    >(
      `SELECT id, name, IF(address_bidx IS NULL, address_enc, NULL) AS addressEnc FROM petitioners
        WHERE (name_bidx IS NULL OR (address_enc IS NOT NULL AND address_bidx IS NULL)) AND id > ?
        ORDER BY id LIMIT ?`,
      [afterId, limit],
    );
    return rows.map((r) => ({
      caseId: null,
      petitionerId: Number(r.id),
      name: r.name,
      addressEnc: r.addressEnc,
    }));
  }

  /** The next case links after (caseId, petitionerId) whose given name or address has no index. */
  async linksWithout(after: [number, number], limit: number): Promise<UnindexedName[]> {
    const rows = await this.db.query<
      {
        caseId: number | string;
        petitionerId: number | string;
        name: string;
        addressEnc: string | null;
      }[]
    >(
      `SELECT case_id AS caseId, petitioner_id AS petitionerId, name,
              IF(address_bidx IS NULL, address_enc, NULL) AS addressEnc FROM case_petitioners
        WHERE name IS NOT NULL
          AND (name_bidx IS NULL OR (address_enc IS NOT NULL AND address_bidx IS NULL))
          AND (case_id, petitioner_id) > (?, ?)
        ORDER BY case_id, petitioner_id LIMIT ?`,
      [...after, limit],
    );
    return rows.map((r) => ({
      caseId: Number(r.caseId),
      petitionerId: Number(r.petitionerId),
      name: r.name,
      addressEnc: r.addressEnc,
    }));
  }

  /** Writes the indexes, in one round trip (an address already indexed keeps its own). */
  async setIndexes(rows: NameIndexes[]): Promise<void> {
    const batch = new SqlBatch();
    for (const r of rows) {
      const set = 'SET name_bidx = ?, address_bidx = COALESCE(address_bidx, ?)';
      if (r.caseId === null) {
        batch.add(`UPDATE petitioners ${set} WHERE id = ?`, [
          r.nameBidx,
          r.addressBidx,
          r.petitionerId,
        ]);
      } else {
        batch.add(`UPDATE case_petitioners ${set} WHERE case_id = ? AND petitioner_id = ?`, [
          r.nameBidx,
          r.addressBidx,
          r.caseId,
          r.petitionerId,
        ]);
      }
    }
    await batch.run(this.db.manager);
  }
}
