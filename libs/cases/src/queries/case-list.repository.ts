import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { countUpTo, countUpToWithin, SqlBatch, type ListTotal } from '@app/database';
import type { CaseFilter, Page } from '../case-inputs';

/**
 * Whose cases a list is narrowed to before its filters: a unit's hand-overs, the cases of the
 * people an ID number, phone or full name names, or (null) every case.
 */
export type CaseListScope = { unitId: number } | { personIds: number[] } | null;

/** The list's filters as conditions on `cases c`, with the index a date range needs. */
interface CasesWhere {
  clauses: [string, unknown[]][];
  index: string | null;
}

const CANDIDATE_BATCH = 500;

/**
 * The case list and its count (raw SQL): the filters become conditions on `cases`, the scope a
 * walk over a narrow index (case_hops, case_petitioners), and only ids are sorted and paged; the
 * wide rows are read afterwards for the page alone.
 */
@Injectable()
export class CaseListRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  /**
   * The people whose blind indexes match every key given: the ID number; a phone or full name
   * they gave last (petitioners) or with any case (case_petitioners). One query per key, each on
   * its index, in one round trip; the people are those every key found.
   */
  async personIds(keys: { idNumber?: string; phone?: string; name?: string }): Promise<number[]> {
    const batch = new SqlBatch();
    if (keys.idNumber !== undefined) {
      batch.add('SELECT id FROM petitioners WHERE id_number_bidx = ?', [keys.idNumber]);
    }
    for (const [column, key] of [
      ['phone_bidx', keys.phone],
      ['name_bidx', keys.name],
    ] as const) {
      if (key === undefined) continue;
      batch.add(
        `SELECT id FROM petitioners WHERE ${column} = ?
         UNION SELECT petitioner_id AS id FROM case_petitioners WHERE ${column} = ?`,
        [key, key],
      );
    }
    const found = (await batch.run(this.db.manager)) as { id: number | string }[][];
    const [first = [], ...rest] = found.map((rows) => new Set(rows.map((r) => Number(r.id))));
    return [...first].filter((id) => rest.every((other) => other.has(id))).sort((a, b) => a - b);
  }

  /** One page of ids (`page.limit + 1`, to tell whether another follows), newest first. */
  async pageIds(
    filter: CaseFilter,
    now: Date,
    scope: CaseListScope,
    page: Page,
  ): Promise<number[]> {
    const where = casesWhere(filter, now);
    if (scope && 'unitId' in scope) {
      return this.walkCandidates(where, page, (before) => [
        `SELECT DISTINCT case_id AS caseId FROM case_hops WHERE unit_id = ? AND case_id < ?
          ORDER BY case_id DESC LIMIT ${CANDIDATE_BATCH}`,
        [scope.unitId, before],
      ]);
    }
    if (scope) {
      return this.walkCandidates(where, page, (before) => [
        `SELECT DISTINCT case_id AS caseId FROM case_petitioners WHERE petitioner_id IN (?) AND case_id < ?
          ORDER BY case_id DESC LIMIT ${CANDIDATE_BATCH}`,
        [scope.personIds, before],
      ]);
    }
    const after: [string, unknown[]][] = page.after ? [['c.id < ?', [page.after]]] : [];
    return this.ids(where, after, page.limit + 1);
  }

  /**
   * How many cases match for the scope, counted up to `limit` (null: all) so that a broad filter
   * reads at most `limit + 1` index entries; null when the server gave up after `timeLimitMs`.
   */
  total(
    filter: CaseFilter,
    now: Date,
    scope: CaseListScope,
    limit: number | null,
    timeLimitMs?: number,
  ): Promise<ListTotal | null> {
    const [sql, params] = countedSelect(filter, now, scope);
    return timeLimitMs === undefined
      ? countUpTo(this.db, sql, params, limit)
      : countUpToWithin(this.db, sql, params, limit, timeLimitMs);
  }

  /** The name each case's first petitioner (position 1) gave with it, for the cases that have one. */
  async firstPetitionerNames(caseIds: number[]): Promise<{ caseId: number; name: string }[]> {
    if (caseIds.length === 0) return [];
    const rows = await this.db.query<{ caseId: number | string; name: string }[]>(
      `SELECT cp.case_id AS caseId, IF(cp.given_at IS NULL, p.name, COALESCE(cp.name, p.name)) AS name
         FROM case_petitioners cp INNER JOIN petitioners p ON p.id = cp.petitioner_id
        WHERE cp.case_id IN (?) AND cp.position = 1`,
      [caseIds],
    );
    return rows.map((r) => ({ caseId: Number(r.caseId), name: r.name }));
  }

  /**
   * Pages over a narrow index of candidate case ids (a unit's hand-overs, a person's cases),
   * newest first, in batches, applying the other filters to each batch: a page costs a few index
   * reads however many cases the unit or person has ever had.
   */
  private async walkCandidates(
    where: CasesWhere,
    page: Page,
    candidates: (before: number) => [string, unknown[]],
  ): Promise<number[]> {
    const wanted = page.limit + 1;
    const out: number[] = [];
    let before = page.after ?? Number.MAX_SAFE_INTEGER;
    for (let round = 0; round < 50 && out.length < wanted; round++) {
      const [sql, params] = candidates(before);
      const batch = await this.db.query<{ caseId: number | string }[]>(sql, params);
      if (batch.length === 0) break;
      const ids = batch.map((b) => Number(b.caseId));
      before = ids[ids.length - 1];
      out.push(...(await this.ids(where, [['c.id IN (?)', [ids]]], wanted - out.length)));
      if (batch.length < CANDIDATE_BATCH) break;
    }
    return out;
  }

  /**
   * The ids of a page, newest first: filtering and sorting touch only ids (index-only where the
   * indexes allow).
   */
  private async ids(
    where: CasesWhere,
    extra: [string, unknown[]][],
    limit: number,
  ): Promise<number[]> {
    const [sql, params] = selectIds(where, extra, `ORDER BY c.id DESC LIMIT ${limit}`);
    const rows = await this.db.query<{ id: number | string }[]>(sql, params);
    return rows.map((r) => Number(r.id));
  }
}

/** The ids of every case the filter and the scope find, unordered, for counting. */
function countedSelect(filter: CaseFilter, now: Date, scope: CaseListScope): [string, unknown[]] {
  const where = casesWhere(filter, now);
  if (scope && 'unitId' in scope && where.clauses.length === 0) {
    // Everything handed to the unit: its hand-overs alone, from their index (every hop's case
    // exists), without reading the case rows (91,548 cases of one unit in 1M: 0.3 s, not 8–18 s).
    return ['SELECT DISTINCT case_id FROM case_hops WHERE unit_id = ?', [scope.unitId]];
  }
  const narrowed: [string, unknown[]][] = !scope
    ? []
    : 'unitId' in scope
      ? [['c.id IN (SELECT h.case_id FROM case_hops h WHERE h.unit_id = ?)', [scope.unitId]]]
      : [
          [
            `EXISTS (SELECT 1 FROM case_petitioners cp
                      WHERE cp.case_id = c.id AND cp.petitioner_id IN (?))`,
            [scope.personIds],
          ],
        ];
  return selectIds(where, narrowed, '');
}

/** `SELECT c.id … WHERE` the filters and the `extra` conditions, then `tail`. */
function selectIds(
  where: CasesWhere,
  extra: [string, unknown[]][],
  tail: string,
): [string, unknown[]] {
  const clauses = [...where.clauses, ...extra];
  const index = where.index ? ` USE INDEX (${where.index})` : '';
  const conditions = clauses.length ? ` WHERE ${clauses.map(([sql]) => sql).join(' AND ')}` : '';
  return [
    `SELECT c.id AS id FROM cases c${index}${conditions} ${tail}`,
    clauses.flatMap(([, params]) => params),
  ];
}

/** The list's filters on `cases c`; the person search (ID number, phone, name) is the scope's. */
function casesWhere(filter: CaseFilter, now: Date): CasesWhere {
  const clauses: [string, unknown[]][] = [];
  const and = (sql: string, ...params: unknown[]) => clauses.push([sql, params]);
  if (filter.status?.length) and('c.status IN (?)', filter.status);
  if (filter.channel) and('c.channel = ?', filter.channel);
  if (filter.source) and('c.source = ?', filter.source);
  if (filter.sourceLevel) and('c.source_level = ?', filter.sourceLevel);
  if (filter.unitId) and('c.responsible_unit_id = ?', filter.unitId);
  if (filter.purpose) and('c.purpose = ?', filter.purpose);
  if (filter.officerId) and('c.officer_id = ?', filter.officerId);
  // A first- or second-level code finds everything under it.
  if (filter.categoryCode) and('c.category_code LIKE ?', `${filter.categoryCode}%`);
  if (filter.registeredFrom) and('c.registered_at >= ?', filter.registeredFrom);
  if (filter.registeredTo) and('c.registered_at < ?', filter.registeredTo);
  if (filter.provincialDueFrom) and('c.provincial_due_date >= ?', filter.provincialDueFrom);
  if (filter.provincialDueTo) and('c.provincial_due_date <= ?', filter.provincialDueTo);
  if (filter.overdue === true) and('c.next_due_at < ?', now);
  if (filter.overdue === false) and('(c.next_due_at IS NULL OR c.next_due_at >= ?)', now);
  if (filter.dueWithinDays !== undefined) {
    and(
      'c.next_due_at >= ? AND c.next_due_at < ?',
      now,
      new Date(now.getTime() + filter.dueWithinDays * 86_400_000),
    );
  }
  if (filter.repeat !== undefined) and('c.`repeat` = ?', filter.repeat);
  if (filter.reviewStage === 'none') {
    and('c.review_stage IS NULL AND c.review_kind IS NULL');
  } else if (filter.reviewStage) {
    and('c.review_stage = ?', filter.reviewStage);
  }
  if (filter.reviewKind) and('c.review_kind = ?', filter.reviewKind);
  if (filter.awaitingEvaluation === true) {
    // Answered and delivered, not yet rated, and the window not lapsed (the sweep marks those).
    and("c.status IN ('answered', 'closed') AND c.evaluation IS NULL");
  }
  if (filter.unassigned === true) and('c.officer_id IS NULL');
  if (filter.unassigned === false) and('c.officer_id IS NOT NULL');
  if (filter.finalMatch === true) and('c.final_match_case_id IS NOT NULL');
  if (filter.finalMatch === false) and('c.final_match_case_id IS NULL');
  if (filter.keyword) {
    const like = `%${filter.keyword.replace(/[\\%_]/g, (ch) => `\\${ch}`)}%`;
    // Part of a number finds the case too (the console's case picker types digits).
    and(
      '(c.title LIKE ? OR c.content LIKE ? OR c.case_no LIKE ? OR c.external_ref = ?)',
      like,
      like,
      like,
      filter.keyword,
    );
  }
  // A date range over years of data: MariaDB otherwise walks the primary key backwards.
  // The upper deadline is set on handed-down cases only: its range is the narrow one.
  const index =
    filter.registeredFrom || filter.registeredTo
      ? filter.channel
        ? 'ix_cases_channel_registered'
        : 'ix_cases_registered'
      : filter.provincialDueFrom || filter.provincialDueTo
        ? 'ix_cases_provincial_due'
        : null;
  return { clauses, index };
}
