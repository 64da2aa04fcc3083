import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';
import { batchedTransaction, SqlBatch } from '@app/database';
import { type PeopleKeys, personCaseStatements } from '../petitioners/petitioners.repository';

/** A petitioner's blind indexes, as registration computed them from what the counter typed. */
export interface PersonKeys {
  idNumberBidx: string | null;
  phoneBidx: string | null;
}

/** A person as they last gave their details: masked, with when. */
export interface PersonNewest {
  id: number;
  kind: string;
  name: string;
  idNumber: string | null;
  phone: string | null;
  address: string | null;
  givenAt: Date;
}

/** What registration reads before it writes (raw SQL), and its batched transaction. */
@Injectable()
export class RegistrationRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  /** The transaction registration writes in: START TRANSACTION and COMMIT ride in its batches. */
  batchedTransaction<T>(
    work: Parameters<typeof batchedTransaction<T>>[1],
  ): ReturnType<typeof batchedTransaction<T>> {
    return batchedTransaction(this.db, work);
  }

  async idempotencyKey(
    userId: number,
    key: string,
  ): Promise<{ caseId: number; requestHash: string } | null> {
    const [row] = await this.db.query<{ caseId: number | string; requestHash: string }[]>(
      `SELECT case_id AS caseId, request_hash AS requestHash FROM idempotency_keys
        WHERE user_id = ? AND idempotency_key = ?`,
      [userId, key],
    );
    return row ? { caseId: Number(row.caseId), requestHash: row.requestHash } : null;
  }

  /**
   * Petitioners with this ID number or this phone (blind index): the phone they gave last, or one
   * they gave with any case.
   */
  async petitionerIds(keys: PersonKeys): Promise<number[]> {
    const parts: string[] = [];
    const params: string[] = [];
    if (keys.idNumberBidx) {
      parts.push('SELECT id FROM petitioners WHERE id_number_bidx = ?');
      params.push(keys.idNumberBidx);
    }
    if (keys.phoneBidx) {
      parts.push(
        'SELECT id FROM petitioners WHERE phone_bidx = ?',
        'SELECT petitioner_id AS id FROM case_petitioners WHERE phone_bidx = ?',
      );
      params.push(keys.phoneBidx, keys.phoneBidx);
    }
    if (parts.length === 0) return [];
    const people = await this.db.query<{ id: number | string }[]>(
      `${parts.join(' UNION ')} ORDER BY id`,
      params,
    );
    return people.map((p) => Number(p.id));
  }

  /** The people's newest details (masked), newest given first. */
  async newestDetails(ids: number[]): Promise<PersonNewest[]> {
    if (ids.length === 0) return [];
    const rows = await this.db.query<(Omit<PersonNewest, 'id'> & { id: number | string })[]>(
      `SELECT id, kind, name, id_number_masked AS idNumber, phone_masked AS phone,
              address_masked AS address, COALESCE(details_given_at, created_at) AS givenAt
         FROM petitioners WHERE id IN (?) ORDER BY givenAt DESC, id DESC`,
      [ids],
    );
    return rows.map((r) => ({ ...r, id: Number(r.id) }));
  }

  /**
   * What registration looks up about its petitioners, in one round trip: existing petitioners by
   * ID number (the same person is one petitioner across cases); 重件 — the same person (by ID
   * number, or any phone or name and address they have given) with an open or recent case (since `since`) on the same
   * matter (same content category), whose first case (初件) the new one links to; and 不再受理
   * (信访工作条例 art. 35) — a matter of the same person made final by a re-review in the same
   * category.
   */
  async lookups(
    categoryCode: string,
    keys: PeopleKeys,
    since: Date,
    m: EntityManager = this.db.manager,
  ): Promise<{
    existing: Map<string, number>;
    firstCaseId: number | null;
    finalMatch: { caseId: number; caseNo: string } | null;
  }> {
    const existing = new Map<string, number>();
    // By blind index, not petitioner id: two rows for one person (a race) still match.
    const first = personCaseStatements.repeatCandidates(keys, [categoryCode], since, 1);
    const final = personCaseStatements.finalMatter(keys, categoryCode);
    if (!first || !final) return { existing, firstCaseId: null, finalMatch: null };
    const batch = new SqlBatch().add(...first).add(...final);
    if (keys.idNumbers.length) {
      batch.add(
        'SELECT id, id_number_bidx AS bidx FROM petitioners WHERE id_number_bidx IN (?) ORDER BY id',
        [keys.idNumbers],
      );
    }
    const [firsts, finals, people = []] = (await batch.run(m)) as Record<
      string,
      string | number | null
    >[][];
    for (const r of people) {
      if (!existing.has(String(r.bidx))) existing.set(String(r.bidx), Number(r.id));
    }
    return {
      existing,
      firstCaseId: firsts.length ? Number(firsts[0].firstCaseId ?? firsts[0].id) : null,
      finalMatch: finals.length
        ? { caseId: Number(finals[0].id), caseNo: String(finals[0].caseNo) }
        : null,
    };
  }
}
