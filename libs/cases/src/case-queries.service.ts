import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { Brackets, DataSource, In, type SelectQueryBuilder } from 'typeorm';
import type { AuthUser } from '@app/auth';
import { AppConfig, Clock, DomainError, PersonalDataCipher } from '@app/core';
import { CaseEntity } from './case.entity';
import { CaseEventEntity } from './case-event.entity';
import { CaseHopEntity } from './case-hop.entity';
import type { CaseFilter, Page } from './case-inputs';
import { CasePetitionerEntity } from './case-petitioner.entity';
import { petitionerNotInCase } from './cases.errors';
import { CasesService } from './cases.service';
import { CaseReviewEntity } from './case-review.entity';
import { allowedCommands, type CaseCommand } from './case-permissions';
import type { ReviewKind } from './case-vocabulary';
import {
  attachmentVisible,
  caseShownTo,
  hidesAccuser,
  staffShownTo,
  type StaffView,
  timelineForUnit,
  type TimelineEvent,
  type UnitStake,
} from './case-visibility';
import { UserEntity } from '@app/auth';
import { queryWithTimeLimit } from '@app/database';
import { ClockEntity } from '@app/deadlines';
import type { ChainVerdict } from './event-chain';
import { CaseChainService } from './case-chain.service';
import { PetitionerEntity } from './petitioner.entity';
import { AttachmentEntity, PiiAccessLogEntity } from './support.entities';
import { idNumberKey, phoneKey } from './prepare-petitioner';

export interface PetitionerView {
  /** Null when the accuser is hidden: an id would let the unit find the person elsewhere. */
  id: number | null;
  kind: string;
  name: string;
  idNumber: string | null;
  /** Why the ID number was registered though it failed its check (null: checked, or none). */
  idUnverifiedReason: string | null;
  phone: string | null;
  address: string | null;
  representative: boolean;
  /** True when the values above are masked (or hidden from the accused unit). */
  masked: boolean;
}

export interface CaseListRow {
  case: CaseEntity;
  firstPetitionerName: string | null;
}

/** Another case a case refers to, by number; `openable`: the caller may open it. */
export interface CaseLink {
  id: number;
  caseNo: string;
  openable: boolean;
}

/** Who and what a case's ids name, as the caller may read them (CaseQueriesService.namesFor). */
export interface CaseNames {
  /** Null only if the user row is gone. */
  officer: StaffView | null;
  /** The 初件 of a repeat; null when none or hidden from the caller (caseShownTo). */
  firstCase: CaseLink | null;
  /** On a 复查 / 复核 case: the original case. */
  originalCase: CaseLink | null;
}

export interface CaseDetail extends CaseNames {
  case: CaseEntity;
  petitioners: PetitionerView[];
  hops: CaseHopEntity[];
  clocks: ClockEntity[];
  attachments: AttachmentEntity[];
  /** The review chain the case belongs to (original, 复查, 复核), or empty. */
  reviewChain?: ChainMember[];
  /** The final matter a new case was matched with at registration (not yet settled). */
  finalMatch?: { caseId: number; caseNo: string } | null;
  /** What the caller may do to the case now (the same rules the action endpoints enforce). */
  allowedActions: CaseCommand[];
}

/** One member of a review chain, for the case detail. */
export interface ChainMember {
  caseId: number;
  caseNo: string;
  status: string;
  kind: 'original' | ReviewKind;
  review: CaseReviewEntity | null;
}

const HIDDEN = '（保密）';
const CANDIDATE_BATCH = 500;

/** Lists, details and the timeline, scoped to what the caller may see. */
@Injectable()
export class CaseQueriesService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly cases: CasesService,
    private readonly cipher: PersonalDataCipher,
    private readonly clock: Clock,
    private readonly chain: CaseChainService,
    private readonly config: AppConfig,
  ) {}

  /** Newest first, keyset-paginated on id so pages stay stable while cases are added. */
  async list(
    filter: CaseFilter,
    page: Page,
    actor: AuthUser,
  ): Promise<{ rows: CaseListRow[]; next: number | null }> {
    const filtered = await this.filtered(filter, actor);
    if (!filtered) return { rows: [], next: null };
    const { qb, personIds } = filtered;
    let ids: number[];
    if (actor.role === 'unit_handler') {
      ids = await this.walkCandidates(qb, page, (before) => [
        `SELECT DISTINCT case_id AS caseId FROM case_hops WHERE unit_id = ? AND case_id < ?
          ORDER BY case_id DESC LIMIT ${CANDIDATE_BATCH}`,
        [actor.unitId ?? -1, before],
      ]);
    } else if (personIds) {
      const people = personIds;
      ids = await this.walkCandidates(qb, page, (before) => [
        `SELECT DISTINCT case_id AS caseId FROM case_petitioners WHERE petitioner_id IN (?) AND case_id < ?
          ORDER BY case_id DESC LIMIT ${CANDIDATE_BATCH}`,
        [people, before],
      ]);
    } else {
      if (page.after) qb.andWhere('c.id < :after', { after: page.after });
      ids = await pageIds(qb, page.limit + 1);
    }
    const found = await this.rowsByIds(ids);
    const rows = found.slice(0, page.limit);
    const names = await this.firstPetitionerNames(rows, actor);
    return {
      rows: rows.map((c) => ({
        case: caseShownTo(c, actor),
        firstPetitionerName: names.get(c.id) ?? null,
      })),
      next: found.length > page.limit ? rows[rows.length - 1].id : null,
    };
  }

  /**
   * How many cases the list with this filter holds for the caller (all pages), counted up to
   * CASE_COUNT_CAP: a broad filter over years of cases reads at most cap + 1 index entries, and
   * `capped` says there are at least that many.
   */
  async count(filter: CaseFilter, actor: AuthUser): Promise<{ total: number; capped: boolean }> {
    const query = await this.countQuery(filter, actor);
    if (!query) return { total: 0, capped: false };
    const rows = await this.db.query<{ n: string | number }[]>(query.sql, query.params);
    return this.counted(rows);
  }

  /**
   * The count as the list's own screen asks for it: given up after CASE_COUNT_TIME_LIMIT_MS
   * (`total: null`), so that a filter no index serves (a keyword in years of letters) costs the
   * server a bounded time while the list itself still pages.
   */
  async countWithinLimit(
    filter: CaseFilter,
    actor: AuthUser,
  ): Promise<{ total: number | null; capped: boolean }> {
    const query = await this.countQuery(filter, actor);
    if (!query) return { total: 0, capped: false };
    const rows = await queryWithTimeLimit<{ n: string | number }>(
      this.db,
      query.sql,
      query.params,
      this.config.cases.countTimeLimitMs,
    );
    return rows ? this.counted(rows) : { total: null, capped: false };
  }

  private counted(rows: { n: string | number }[]): { total: number; capped: boolean } {
    const cap = this.config.cases.countCap;
    const n = Number(rows[0]?.n ?? 0);
    return { total: Math.min(n, cap), capped: n > cap };
  }

  /** `SELECT COUNT(*) … LIMIT cap + 1` for the list's filter and the caller's scope. */
  private async countQuery(
    filter: CaseFilter,
    actor: AuthUser,
  ): Promise<{ sql: string; params: unknown[] } | null> {
    const filtered = await this.filtered(filter, actor);
    if (!filtered) return null;
    const { qb, personIds } = filtered;
    const limit = this.config.cases.countCap + 1;
    if (actor.role === 'unit_handler') {
      const scope = { scopeUnit: actor.unitId ?? -1 };
      if (qb.expressionMap.wheres.length === 0) {
        // Everything handed to the unit: its hand-overs alone, from their index (every hop's case
        // exists), without reading the case rows (91,548 cases of one unit in 1M: 0.3 s, not 8–18 s).
        return {
          sql: `SELECT COUNT(*) AS n FROM (SELECT DISTINCT case_id FROM case_hops
                 WHERE unit_id = ? LIMIT ${limit}) AS counted`,
          params: [scope.scopeUnit],
        };
      }
      qb.andWhere(
        'c.id IN (SELECT h.case_id FROM case_hops h WHERE h.unit_id = :scopeUnit)',
        scope,
      );
    } else if (personIds) {
      qb.andWhere(
        `EXISTS (SELECT 1 FROM case_petitioners cp
                  WHERE cp.case_id = c.id AND cp.petitioner_id IN (:...people))`,
        { people: personIds },
      );
    }
    const [sql, params] = qb.select('c.id').limit(limit).getQueryAndParameters();
    return { sql: `SELECT COUNT(*) AS n FROM (${sql}) AS counted`, params };
  }

  /**
   * The list's filters as a query on cases, and the people an ID number or phone names; null when
   * nobody matches them (the list is empty). Shared by the list and its count.
   */
  private async filtered(
    filter: CaseFilter,
    actor: AuthUser,
  ): Promise<{ qb: SelectQueryBuilder<CaseEntity>; personIds: number[] | null } | null> {
    const now = this.clock.now();
    const qb = this.db.getRepository(CaseEntity).createQueryBuilder('c');
    if (filter.status?.length) qb.andWhere('c.status IN (:...status)', { status: filter.status });
    if (filter.channel) qb.andWhere('c.channel = :channel', { channel: filter.channel });
    if (filter.source) qb.andWhere('c.source = :source', { source: filter.source });
    if (filter.sourceLevel)
      qb.andWhere('c.source_level = :sourceLevel', { sourceLevel: filter.sourceLevel });
    if (filter.unitId) qb.andWhere('c.responsible_unit_id = :unitId', { unitId: filter.unitId });
    if (filter.purpose) qb.andWhere('c.purpose = :purpose', { purpose: filter.purpose });
    if (filter.officerId) qb.andWhere('c.officer_id = :officerId', { officerId: filter.officerId });
    if (filter.categoryCode) {
      // A first- or second-level code finds everything under it.
      qb.andWhere('c.category_code LIKE :category', { category: `${filter.categoryCode}%` });
    }
    if (filter.registeredFrom)
      qb.andWhere('c.registered_at >= :from', { from: filter.registeredFrom });
    if (filter.registeredTo) qb.andWhere('c.registered_at < :to', { to: filter.registeredTo });
    if (filter.overdue === true) qb.andWhere('c.next_due_at < :now', { now });
    if (filter.overdue === false)
      qb.andWhere('(c.next_due_at IS NULL OR c.next_due_at >= :now)', { now });
    if (filter.dueWithinDays !== undefined) {
      qb.andWhere('c.next_due_at >= :now AND c.next_due_at < :horizon', {
        now,
        horizon: new Date(now.getTime() + filter.dueWithinDays * 86_400_000),
      });
    }
    if (filter.repeat !== undefined) qb.andWhere('c.repeat = :repeat', { repeat: filter.repeat });
    if (filter.reviewStage === 'none') {
      qb.andWhere('c.review_stage IS NULL AND c.review_kind IS NULL');
    } else if (filter.reviewStage) {
      qb.andWhere('c.review_stage = :reviewStage', { reviewStage: filter.reviewStage });
    }
    if (filter.reviewKind)
      qb.andWhere('c.review_kind = :reviewKind', { reviewKind: filter.reviewKind });
    if (filter.awaitingEvaluation === true) {
      // Answered and delivered, not yet rated, and the window not lapsed (the sweep marks those).
      qb.andWhere("c.status IN ('answered', 'closed') AND c.evaluation IS NULL");
    }
    if (filter.finalMatch === true) qb.andWhere('c.final_match_case_id IS NOT NULL');
    if (filter.finalMatch === false) qb.andWhere('c.final_match_case_id IS NULL');
    if ((filter.idNumber || filter.phone) && actor.role === 'unit_handler') {
      // Looking a person up by ID number would reveal whom they accused.
      throw new DomainError(
        'forbidden',
        'PII_SEARCH_FORBIDDEN',
        '责任单位不能按身份证号或电话检索信访件',
      );
    }
    // A person's cases are found through their petitioner rows (blind index), then paged over the
    // link index, so someone with a thousand cases costs no more than someone with one.
    let personIds: number[] | null = null;
    if (filter.idNumber || filter.phone) {
      const where: string[] = [];
      const params: string[] = [];
      if (filter.idNumber) {
        where.push('id_number_bidx = ?');
        params.push(idNumberKey(this.cipher, filter.idNumber));
      }
      if (filter.phone) {
        where.push('phone_bidx = ?');
        params.push(phoneKey(this.cipher, filter.phone));
      }
      const people = await this.db.query<{ id: number | string }[]>(
        `SELECT id FROM petitioners WHERE ${where.join(' AND ')}`,
        params,
      );
      personIds = people.map((p) => Number(p.id));
      if (personIds.length === 0) return null;
    }
    if (filter.keyword) {
      const like = `%${filter.keyword.replace(/[\\%_]/g, (ch) => `\\${ch}`)}%`;
      qb.andWhere(
        new Brackets((w) => {
          w.where('c.title LIKE :like', { like })
            .orWhere('c.content LIKE :like', { like })
            // Part of a number finds the case too (the console's case picker types digits).
            .orWhere('c.case_no LIKE :like', { like })
            .orWhere('c.external_ref = :exact', { exact: filter.keyword });
        }),
      );
    }
    if (filter.registeredFrom || filter.registeredTo) {
      // A date range over years of data: MariaDB otherwise walks the primary key backwards.
      qb.useIndex(filter.channel ? 'ix_cases_channel_registered' : 'ix_cases_registered');
    }
    return { qb, personIds };
  }

  async detail(id: number, actor: AuthUser): Promise<CaseDetail> {
    const c = await this.cases.get(id, actor);
    const [links, hops, clocks, attachments] = await Promise.all([
      this.db
        .getRepository(CasePetitionerEntity)
        .find({ where: { caseId: id }, order: { position: 'ASC' } }),
      this.db.getRepository(CaseHopEntity).find({ where: { caseId: id }, order: { id: 'ASC' } }),
      this.db.getRepository(ClockEntity).find({ where: { caseId: id }, order: { id: 'ASC' } }),
      this.db.getRepository(AttachmentEntity).find({ where: { caseId: id }, order: { id: 'ASC' } }),
    ]);
    const people = await this.db
      .getRepository(PetitionerEntity)
      .findBy({ id: In(links.map((l) => l.petitionerId)) });
    const byId = new Map(people.map((p) => [p.id, p]));
    const hide = hidesAccuser(c, actor);
    const petitioners = links.map((l) => {
      const p = byId.get(l.petitionerId)!;
      return hide
        ? {
            id: null,
            kind: p.kind,
            name: HIDDEN,
            idNumber: null,
            idUnverifiedReason: null,
            phone: null,
            address: null,
            representative: l.representative,
            masked: true,
          }
        : {
            id: p.id,
            kind: p.kind,
            name: p.name,
            idNumber: p.idNumberMasked,
            idUnverifiedReason: p.idUnverifiedReason,
            phone: p.phoneMasked,
            address: p.addressMasked,
            representative: l.representative,
            masked: true,
          };
    });
    const shown = caseShownTo(c, actor);
    const stake = await this.cases.unitStakeOf(c, actor);
    const former = stake !== null && stake.leftSeq !== null;
    const visible = stake ? await this.attachmentsFor(attachments, stake) : attachments;
    const [reviewChain, finalMatch] = await Promise.all([
      former ? [] : this.chainOf(c),
      shown.finalMatchCaseId
        ? this.db
            .getRepository(CaseEntity)
            .findOne({ select: { id: true, caseNo: true }, where: { id: shown.finalMatchCaseId } })
        : null,
    ]);
    const review = reviewChain.find((m) => m.caseId === c.id)?.review ?? null;
    return {
      ...(await this.namesFor(c, actor)),
      case: shown,
      petitioners,
      // A former unit keeps its own hand-overs and their clocks (and the bureau's), not its
      // successor's.
      hops: former ? hops.filter((h) => stake.hopIds.has(h.id)) : hops,
      clocks: former ? clocks.filter((k) => k.hopId === null || stake.hopIds.has(k.hopId)) : clocks,
      attachments: visible,
      reviewChain,
      finalMatch: finalMatch ? { caseId: finalMatch.id, caseNo: finalMatch.caseNo } : null,
      allowedActions: allowedCommands({ case: c, hops, clocks, review }, actor, this.clock.now()),
    };
  }

  /**
   * The 承办人 by name and the linked cases by number, read from the case as the caller may see it
   * (caseShownTo: a hidden accuser's other cases are not there to name).
   */
  async namesFor(c: CaseEntity, actor: AuthUser): Promise<CaseNames> {
    const shown = caseShownTo(c, actor);
    const linkedIds = [shown.firstCaseId, shown.originalCaseId].filter(
      (id): id is number => id !== null,
    );
    const [officer, linked] = await Promise.all([
      this.db.getRepository(UserEntity).findOne({
        select: { id: true, displayName: true, role: true, unitId: true },
        where: { id: shown.officerId },
      }),
      linkedIds.length
        ? this.db.getRepository(CaseEntity).find({
            select: { id: true, caseNo: true },
            where: { id: In(linkedIds) },
          })
        : [],
    ]);
    const link = async (id: number | null): Promise<CaseLink | null> => {
      const row = linked.find((r) => r.id === id);
      return row
        ? { id: row.id, caseNo: row.caseNo, openable: await this.cases.canSee(row.id, actor) }
        : null;
    };
    const [firstCase, originalCase] = await Promise.all([
      link(shown.firstCaseId),
      link(shown.originalCaseId),
    ]);
    return { officer: officer ? staffShownTo(officer, actor) : null, firstCase, originalCase };
  }

  /** Personal data in full, for permitted roles only; every such view is logged. */
  async revealPetitioner(
    caseId: number,
    petitionerId: number,
    reason: string,
    actor: AuthUser,
  ): Promise<PetitionerView> {
    const c = await this.cases.get(caseId, actor);
    const link = await this.db
      .getRepository(CasePetitionerEntity)
      .findOneBy({ caseId, petitionerId });
    const p = link
      ? await this.db.getRepository(PetitionerEntity).findOneBy({ id: petitionerId })
      : null;
    if (!link || !p) throw petitionerNotInCase(petitionerId);
    await this.db.getRepository(PiiAccessLogEntity).insert({
      petitionerId,
      caseId: c.id,
      userId: actor.id,
      reason,
      at: this.clock.now(),
    });
    const open = (v: string | null) => (v ? this.cipher.decrypt(v) : null);
    return {
      id: p.id,
      kind: p.kind,
      name: p.name,
      idNumber: open(p.idNumberEnc),
      idUnverifiedReason: p.idUnverifiedReason,
      phone: open(p.phoneEnc),
      address: open(p.addressEnc),
      representative: link.representative,
      masked: false,
    };
  }

  async timeline(
    id: number,
    actor: AuthUser,
  ): Promise<{ events: TimelineEvent[]; chainIntact: boolean; brokenAt: number | null }> {
    const c = await this.cases.get(id, actor);
    const events = await this.db
      .getRepository(CaseEventEntity)
      .find({ where: { caseId: id }, order: { seq: 'ASC' } });
    const verdict = await this.chain.verifyLoaded(c, events);
    const actorIds = [
      ...new Set(events.map((e) => e.actorId).filter((a): a is number => a !== null)),
    ];
    const people = actorIds.length
      ? await this.db.getRepository(UserEntity).find({
          select: { id: true, role: true, unitId: true },
          where: { id: In(actorIds) },
        })
      : [];
    const byId = new Map(people.map((u) => [u.id, u]));
    let shown: TimelineEvent[] = events.map((e) => ({
      ...e,
      actorRole: e.actorId === null ? null : (byId.get(e.actorId)?.role ?? null),
    }));
    const stake = await this.cases.unitStakeOf(c, actor);
    if (stake) {
      const attachments = await this.db
        .getRepository(AttachmentEntity)
        .find({ where: { caseId: id } });
      const visible = new Set((await this.attachmentsFor(attachments, stake)).map((a) => a.id));
      const withheld = new Set(attachments.filter((a) => !visible.has(a.id)).map((a) => a.id));
      shown = timelineForUnit(shown, stake, (userId) => byId.get(userId)?.unitId ?? null, withheld);
    }
    return { events: shown, chainIntact: verdict.intact, brokenAt: verdict.brokenAt };
  }

  /** Whether the case's events are the ones the app sealed: the first broken link and its kind. */
  async verifyTimeline(id: number, actor: AuthUser): Promise<ChainVerdict> {
    await this.cases.get(id, actor);
    return this.chain.verify(id);
  }

  /** The chain a case belongs to (original first, then review and re-review), or []. */
  async chainOf(c: CaseEntity): Promise<ChainMember[]> {
    const originalId = c.originalCaseId ?? (c.reviewStage ? c.id : null);
    if (originalId === null) return [];
    const reviews = await this.db
      .getRepository(CaseReviewEntity)
      .find({ where: { originalCaseId: originalId }, order: { caseId: 'ASC' } });
    const rows = await this.db.getRepository(CaseEntity).find({
      select: { id: true, caseNo: true, status: true },
      where: { id: In([originalId, ...reviews.map((r) => r.caseId)]) },
    });
    const byId = new Map(rows.map((r) => [r.id, r]));
    const original = byId.get(originalId);
    if (!original) return [];
    return [
      {
        caseId: original.id,
        caseNo: original.caseNo,
        status: original.status,
        kind: 'original' as const,
        review: null,
      },
      ...reviews.map((r) => ({
        caseId: r.caseId,
        caseNo: byId.get(r.caseId)?.caseNo ?? '',
        status: byId.get(r.caseId)?.status ?? '',
        kind: r.kind,
        review: r,
      })),
    ];
  }

  /**
   * Pages over a narrow index of candidate case ids (a unit's hand-overs, a person's cases),
   * newest first, in batches, applying the other filters to each batch: a page costs a few index
   * reads however many cases the unit or person has ever had.
   */
  private async walkCandidates(
    qb: SelectQueryBuilder<CaseEntity>,
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
      const rows = await pageIds(
        qb.clone().andWhere('c.id IN (:...scopeIds)', { scopeIds: ids }),
        wanted - out.length,
      );
      out.push(...rows);
      if (batch.length < CANDIDATE_BATCH) break;
    }
    return out;
  }

  /** Whole rows for a page of ids, newest first. */
  private async rowsByIds(ids: number[]): Promise<CaseEntity[]> {
    if (ids.length === 0) return [];
    const rows = await this.db.getRepository(CaseEntity).findBy({ id: In(ids) });
    return rows.sort((a, b) => b.id - a.id);
  }

  /**
   * The files a unit handler sees: for a hidden accuser only its own people's uploads (the
   * accusation itself may name the accuser); for a former unit what it uploaded and what the case
   * held when it left.
   */
  private async attachmentsFor(
    attachments: AttachmentEntity[],
    stake: UnitStake,
  ): Promise<AttachmentEntity[]> {
    if (attachments.length === 0 || (!stake.hidesAccuser && stake.leftSeq === null))
      return attachments;
    const uploaders = await this.db.getRepository(UserEntity).find({
      select: { id: true, unitId: true },
      where: { id: In([...new Set(attachments.map((a) => a.uploadedBy))]) },
    });
    const ours = new Set(uploaders.filter((u) => u.unitId === stake.unitId).map((u) => u.id));
    return attachments.filter((a) => attachmentVisible(a, stake, ours.has(a.uploadedBy)));
  }

  private async firstPetitionerNames(
    rows: CaseEntity[],
    actor: AuthUser,
  ): Promise<Map<number, string>> {
    if (rows.length === 0) return new Map();
    const found = await this.db
      .createQueryBuilder()
      .select(['cp.case_id AS caseId', 'p.name AS name'])
      .from(CasePetitionerEntity, 'cp')
      .innerJoin(PetitionerEntity, 'p', 'p.id = cp.petitioner_id')
      .where('cp.case_id IN (:...ids) AND cp.position = 1', { ids: rows.map((r) => r.id) })
      .getRawMany<{ caseId: number; name: string }>();
    const byCase = new Map(rows.map((r) => [r.id, r]));
    return new Map(
      found.map((f) => {
        const c = byCase.get(Number(f.caseId))!;
        return [Number(f.caseId), hidesAccuser(c, actor) ? HIDDEN : f.name];
      }),
    );
  }
}

/**
 * The ids of a page, newest first: filtering and sorting touch only ids (index-only where the
 * indexes allow), and the wide rows are read afterwards for the page alone.
 */
async function pageIds(qb: SelectQueryBuilder<CaseEntity>, limit: number): Promise<number[]> {
  const rows = await qb
    .select('c.id', 'id')
    .orderBy('c.id', 'DESC')
    .limit(limit)
    .getRawMany<{ id: number | string }>();
  return rows.map((r) => Number(r.id));
}
