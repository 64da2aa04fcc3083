import type { EntityManager } from 'typeorm';
import {
  advanceYearlySequence,
  insertRows,
  insertRowsSql,
  nextYearlySequence,
  yearlySequenceBump,
} from '@app/database';
import type { ChainedEvent, CaseHead } from '../chain/event-chain';
import { GIVEN_COLUMNS, givenValues } from '../petitioners/petitioner-contacts.repository';
import type { GivenDetails } from '../petitioners/prepare-petitioner';
import { caseNumber, CASE_NUMBER_FROM_LAST_INSERT_ID_SQL } from './case-number';
import type { CaseRow } from './new-case-row';

type Statement = [string, unknown[]];

/** How a new case's petitioners are linked: by id, or by the SQL variable their insert set. */
export interface PetitionerLink {
  petitioner: number | string;
  representative: boolean;
  /** The name, phone and address given with the case (none: the link shows the person's row). */
  given?: GivenDetails;
}

/**
 * The SQL that writes new cases: the only place a `cases` row is inserted and a case number is
 * taken. Two forms of the same statements:
 * - `newCaseStatements` for writers that send a case in statement batches, its ids passed on
 *   through session variables (registration at the counter, the bench's ceiling);
 * - `NewCaseRepository` for writers that run inside an EntityManager's transaction, a round trip
 *   at a time (the spreadsheet batch, the history import, review cases).
 */
export const newCaseStatements = {
  /** The row (its number a placeholder until `numberAndFirstEvent`). */
  insertRow(row: CaseRow): Statement {
    return insertRowsSql('cases', [{ ...row }]);
  },

  /** The row, and `@case_id` set to its id for the statements after it. */
  insert(row: CaseRow): Statement[] {
    return [newCaseStatements.insertRow(row), ['SET @case_id = LAST_INSERT_ID()', []]];
  },

  /**
   * The case's petitioners in order, linked to the case (its id, or `@case_id`), with the details
   * each gave with it.
   */
  linkPetitioners(links: PetitionerLink[], caseId: number | '@case_id' = '@case_id'): Statement {
    const values = `?, ?, ${givenValues(null)
      .map(() => '?')
      .join(', ')}`;
    return [
      `INSERT INTO case_petitioners (case_id, petitioner_id, representative, position, ${GIVEN_COLUMNS})
       VALUES ${links.map((l) => `(${refSql(caseId)}, ${refSql(l.petitioner)}, ${values})`).join(', ')}`,
      links.flatMap((l, i) => [l.representative, i + 1, ...givenValues(l.given)]),
    ];
  },

  /** Takes the year's next sequence; the statement's insert id is it (`caseNumber` makes the number). */
  takeNumber(prefix: string, year: number): Statement {
    return yearlySequenceBump('case_number_sequences', prefix, year);
  },

  /** The number and the sealed head on a case that was inserted with a placeholder. */
  setNumber(caseId: number, caseNo: string, head: CaseHead): Statement {
    return [
      'UPDATE cases SET case_no = ?, last_event_hash = ?, head_mac = ? WHERE id = ?',
      [caseNo, head.lastEventHash, head.headMac, caseId],
    ];
  },

  /** A case's sealed first event. */
  firstEvent(caseId: number, event: SealedEvent): Statement {
    return [
      `INSERT INTO case_events (case_id, seq, type, actor_id, at, from_status, to_status,
                                data, prev_hash, hash)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      [...eventValues(caseId, event), JSON.stringify(event.data), event.prevHash, event.hash],
    ];
  },

  /**
   * In the transaction's last round trip: takes the year's next number into `@case_no`, writes
   * it and the sealed head on the case, and the first event with the number spliced into its
   * data (`firstEventDataParts`); the last statement selects the number.
   */
  numberAndFirstEvent(p: {
    caseId: number;
    prefix: string;
    year: number;
    head: CaseHead;
    event: SealedEvent;
    dataAround: [string, string];
  }): Statement[] {
    return [
      newCaseStatements.takeNumber(p.prefix, p.year),
      [`SET @case_no = ${CASE_NUMBER_FROM_LAST_INSERT_ID_SQL}`, [p.prefix, p.year]],
      [
        'UPDATE cases SET case_no = @case_no, last_event_hash = ?, head_mac = ? WHERE id = ?',
        [p.head.lastEventHash, p.head.headMac, p.caseId],
      ],
      [
        `INSERT INTO case_events (case_id, seq, type, actor_id, at, from_status, to_status,
                                  data, prev_hash, hash)
         VALUES (?, ?, ?, ?, ?, ?, ?, CONCAT(?, @case_no, ?), ?, ?)`,
        [...eventValues(p.caseId, p.event), ...p.dataAround, p.event.prevHash, p.event.hash],
      ],
      ['SELECT @case_no AS caseNo', []],
    ];
  },
};

type SealedEvent = ChainedEvent & { prevHash: string; hash: string };

function eventValues(caseId: number, e: SealedEvent): unknown[] {
  return [caseId, e.seq, e.type, e.actorId, e.at, e.fromStatus, e.toStatus];
}

function refSql(ref: number | string): string {
  if (typeof ref === 'number') return String(Number(ref));
  if (!/^@[a-z_0-9]+$/.test(ref)) throw new Error(`not a session variable: ${ref}`);
  return ref;
}

/** New cases written inside the caller's transaction, a round trip at a time. */
export const NewCaseRepository = {
  /** The next `count` numbers of the year, in order (the sequence row stays locked until commit). */
  async takeNumbers(m: EntityManager, prefix: string, year: number, count = 1): Promise<string[]> {
    const last = await nextYearlySequence(m, 'case_number_sequences', prefix, year, count);
    return Array.from({ length: count }, (_, k) => caseNumber(prefix, year, last - count + 1 + k));
  },

  /** An own number brought in from before (an import): the sequence moves past it. */
  async keepSequencePast(m: EntityManager, prefix: string, year: number, seq: number) {
    await advanceYearlySequence(m, 'case_number_sequences', prefix, year, seq);
  },

  /** The rows, in one statement; returns the first id (a multi-row insert's ids are consecutive). */
  async insert(m: EntityManager, rows: CaseRow[]): Promise<number> {
    return insertRows(m, 'cases', rows);
  },

  /** Ids of cases by the upper office's number. */
  async idsByExternalRef(m: EntityManager, refs: string[]): Promise<Map<string, number>> {
    if (refs.length === 0) return new Map();
    const rows = await m.query<{ id: number | string; ref: string }[]>(
      'SELECT id, external_ref AS ref FROM cases WHERE external_ref IN (?)',
      [refs],
    );
    return new Map(rows.map((r) => [r.ref, Number(r.id)]));
  },

  /** A case found to repeat an earlier one after its insert (two rows of one batch). */
  async markRepeat(m: EntityManager, caseId: number, firstCaseId: number) {
    await m.query('UPDATE cases SET `repeat` = 1, first_case_id = ? WHERE id = ?', [
      firstCaseId,
      caseId,
    ]);
  },

  /** The links with the details each petitioner gave with the case. */
  async linkPetitioners(
    m: EntityManager,
    rows: {
      caseId: number;
      petitionerId: number;
      representative: boolean;
      position: number;
      given: GivenDetails;
    }[],
  ) {
    await insertRows(
      m,
      'case_petitioners',
      rows.map(({ given, ...link }) => ({ ...link, ...given })),
    );
  },

  /**
   * A review case is brought by the petitioners of the case it contests, with the details given
   * there.
   */
  async copyPetitioners(m: EntityManager, fromCaseId: number, toCaseId: number) {
    await m.query(
      `INSERT INTO case_petitioners (case_id, petitioner_id, representative, position, ${GIVEN_COLUMNS})
       SELECT ?, petitioner_id, representative, position, ${GIVEN_COLUMNS}
         FROM case_petitioners WHERE case_id = ?`,
      [toCaseId, fromCaseId],
    );
  },

  /** The sealed first events of new cases (each case's chain from its first event). */
  async writeEvents(m: EntityManager, events: { caseId: number; event: SealedEvent }[]) {
    await insertRows(
      m,
      'case_events',
      events.map(({ caseId, event }) => ({
        caseId,
        ...event,
        data: JSON.stringify(event.data),
      })),
    );
  },

  /** The chain heads of new cases, once their events are written. */
  async sealHeads(m: EntityManager, heads: { caseId: number; head: CaseHead }[]) {
    if (heads.length === 1) {
      const [{ caseId, head }] = heads;
      await m.query(
        'UPDATE cases SET event_count = ?, last_event_hash = ?, head_mac = ? WHERE id = ?',
        [head.eventCount, head.lastEventHash, head.headMac, caseId],
      );
      return;
    }
    const when = heads.map(() => 'WHEN ? THEN ?').join(' ');
    await m.query(
      `UPDATE cases SET event_count = CASE id ${when} END, last_event_hash = CASE id ${when} END,
                        head_mac = CASE id ${when} END
        WHERE id IN (?)`,
      [
        ...heads.flatMap((h) => [h.caseId, h.head.eventCount]),
        ...heads.flatMap((h) => [h.caseId, h.head.lastEventHash]),
        ...heads.flatMap((h) => [h.caseId, h.head.headMac]),
        heads.map((h) => h.caseId),
      ],
    );
  },
};
