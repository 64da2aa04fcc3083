import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';
import { insertRows } from '@app/database';
import { OPEN_STATUSES } from '../lifecycle/case-status';
import type { NewPetitionerRow } from './prepare-petitioner';

/**
 * The blind indexes that name a person at the counter: of ID numbers, of phones, and of full names
 * with addresses (a pair names a person only together, and only for someone who gave no ID number).
 */
export interface PeopleKeys {
  idNumbers: string[];
  phones: string[];
  namesAtAddresses: { nameBidx: string; addressBidx: string }[];
}

type KeyedPetitioner = {
  idNumberBidx: string | null;
  phoneBidx: string | null;
  row: { nameBidx: string; addressBidx: string | null };
};

/**
 * A name with an address names a person only when no ID number was given: two people with their
 * own ID numbers are two people, whatever name and address they share.
 */
const nameAtAddress = (p: KeyedPetitioner) =>
  !p.idNumberBidx && p.row.addressBidx
    ? { nameBidx: p.row.nameBidx, addressBidx: p.row.addressBidx }
    : null;

/** The keys a prepared petitioner names a person by, as `RepeatCandidate.bidx` reports them. */
export function personKeysOf(p: KeyedPetitioner): string[] {
  const pair = nameAtAddress(p);
  return [p.idNumberBidx, p.phoneBidx, pair && pair.nameBidx + pair.addressBidx].filter(
    (k): k is string => !!k,
  );
}

/** The keys of these petitioners, each once. */
export function peopleKeysOf(people: KeyedPetitioner[]): PeopleKeys {
  const once = (values: (string | null)[]) => [
    ...new Set(values.filter((v): v is string => v !== null)),
  ];
  const pairs = new Map<string, { nameBidx: string; addressBidx: string }>();
  for (const pair of people.map(nameAtAddress)) {
    if (pair) pairs.set(pair.nameBidx + pair.addressBidx, pair);
  }
  return {
    idNumbers: once(people.map((p) => p.idNumberBidx)),
    phones: once(people.map((p) => p.phoneBidx)),
    namesAtAddresses: [...pairs.values()],
  };
}

/** An open or recent case of a person, with the key that found the person (`personKeysOf`). */
export interface RepeatCandidate {
  id: number | string;
  firstCaseId: number | string | null;
  categoryCode: string;
  bidx: string;
}

type Statement = [string, unknown[]];

/**
 * The people these blind indexes name, as a derived table `people (id, bidx)`: by ID number; by a
 * phone, or a full name with an address, they gave last (petitioners) or with any case
 * (case_petitioners), so details since replaced by newer ones still name them. Each branch reads
 * its own index; null: no keys.
 */
function peopleNamed(keys: PeopleKeys): Statement | null {
  const parts: string[] = [];
  const params: unknown[] = [];
  if (keys.idNumbers.length) {
    parts.push('SELECT id, id_number_bidx AS bidx FROM petitioners WHERE id_number_bidx IN (?)');
    params.push(keys.idNumbers);
  }
  if (keys.phones.length) {
    parts.push(
      'SELECT id, phone_bidx AS bidx FROM petitioners WHERE phone_bidx IN (?)',
      'SELECT petitioner_id AS id, phone_bidx AS bidx FROM case_petitioners WHERE phone_bidx IN (?)',
    );
    params.push(keys.phones, keys.phones);
  }
  if (keys.namesAtAddresses.length) {
    const pairs = keys.namesAtAddresses.map(() => '(name_bidx = ? AND address_bidx = ?)');
    const pairParams = keys.namesAtAddresses.flatMap((k) => [k.nameBidx, k.addressBidx]);
    parts.push(
      `SELECT id, CONCAT(name_bidx, address_bidx) AS bidx FROM petitioners
        WHERE ${pairs.join(' OR ')}`,
      `SELECT petitioner_id AS id, CONCAT(name_bidx, address_bidx) AS bidx FROM case_petitioners
        WHERE ${pairs.join(' OR ')}`,
    );
    params.push(...pairParams, ...pairParams);
  }
  return parts.length ? [`(${parts.join(' UNION ')}) people`, params] : null;
}

/**
 * What the counter and the imports look up about the people of a new case (raw SQL on
 * petitioners, case_petitioners and cases), one statement each, for the callers' batches: the
 * person is everyone an ID number, any phone, or any name and address they ever gave names, then
 * all their cases.
 */
export const personCaseStatements = {
  /**
   * 重件 candidates: the people's open cases, and those registered or closed since `since`, on
   * these matters (content categories), in id order (the 初件 first). A review case is the same
   * matter as its original, which is found itself. Null when there are no keys.
   */
  repeatCandidates(
    keys: PeopleKeys,
    categoryCodes: string[],
    since: Date,
    limit?: number,
  ): Statement | null {
    const people = peopleNamed(keys);
    if (!people || categoryCodes.length === 0) return null;
    return [
      `SELECT c.id AS id, c.first_case_id AS firstCaseId, c.category_code AS categoryCode,
              people.bidx AS bidx
         FROM ${people[0]}
         JOIN case_petitioners cp ON cp.petitioner_id = people.id
         JOIN cases c ON c.id = cp.case_id
        WHERE c.category_code IN (?) AND c.review_kind IS NULL
          AND (c.status IN (?) OR c.registered_at >= ? OR c.closed_at >= ?)
        ORDER BY c.id${limit ? ` LIMIT ${Number(limit)}` : ''}`,
      [...people[1], categoryCodes, OPEN_STATUSES, since, since],
    ];
  },

  /**
   * 不再受理 (信访工作条例 art. 35): the people's newest matter in the category made final by a
   * re-review. Null when there are no keys.
   */
  finalMatter(keys: PeopleKeys, categoryCode: string): Statement | null {
    const people = peopleNamed(keys);
    if (!people) return null;
    return [
      `SELECT c.id AS id, c.case_no AS caseNo
         FROM ${people[0]}
         JOIN case_petitioners cp ON cp.petitioner_id = people.id
         JOIN cases c ON c.id = cp.case_id
        WHERE c.review_stage = 'final' AND c.category_code = ?
        ORDER BY c.id DESC LIMIT 1`,
      [...people[1], categoryCode],
    ];
  },
};

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

  /** 重件 candidates of these people on these matters (`personCaseStatements.repeatCandidates`). */
  async repeatCandidates(
    keys: PeopleKeys,
    categoryCodes: string[],
    since: Date,
  ): Promise<RepeatCandidate[]> {
    const statement = personCaseStatements.repeatCandidates(keys, categoryCodes, since);
    return statement ? this.db.query<RepeatCandidate[]>(...statement) : [];
  }
}
