import { Injectable } from '@nestjs/common';
import type { AuthUser } from '@app/auth';
import { AppConfig, Clock, PersonalDataCipher } from '@app/core';
import { totalUpTo, type ListTotal, type TotalMode } from '@app/database';
import type { ClockEntity } from '@app/deadlines';
import type { CaseEntity } from '../case.entity';
import type { CaseHopEntity } from '../case-hop.entity';
import type { CasePetitionerEntity } from '../case-petitioner.entity';
import type { PetitionerEntity } from '../petitioner.entity';
import type { CaseFilter, Page } from '../case-inputs';
import { CaseListRepository, type CaseListScope } from './case-list.repository';
import { CaseQueriesRepository } from './case-queries.repository';
import {
  deliveryByBureau,
  deliveryContactNotHandling,
  notCurrentUnit,
  petitionerNotInCase,
  piiSearchForbidden,
} from '../cases.errors';
import { CasesService } from '../lifecycle/cases.service';
import type { CaseReviewEntity } from '../case-review.entity';
import { actsAtUnit, allowedCommands, type CaseCommand } from '../lifecycle/case-permissions';
import { TRANSITIONS } from '../lifecycle/case-status';
import type { ReviewKind } from '../case-vocabulary';
import {
  attachmentVisible,
  caseShownTo,
  confidentialAccusation,
  hidesAccuser,
  staffShownTo,
  type StaffView,
  timelineForUnit,
  type TimelineEvent,
  type UnitStake,
} from './case-visibility';
import type { ChainVerdict } from '../chain/event-chain';
import { CaseChainService } from '../chain/case-chain.service';
import { PiiAccessLogsRepository } from './pii-access-logs.repository';
import type { AttachmentEntity } from '../support.entities';
import { idNumberKey, nameKey, phoneKey } from '../petitioners/prepare-petitioner';

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

/** What the handling unit may read to deliver its answer: never the ID number. */
export interface DeliveryContact {
  petitionerId: number;
  name: string;
  phone: string | null;
  address: string | null;
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

/**
 * The name, phone and address the petitioner gave with this case; a link written before details
 * were kept per case has none of its own and shows the person's (frozen before that row changes).
 */
function givenWith(
  link: CasePetitionerEntity,
  p: PetitionerEntity,
): Pick<PetitionerEntity, 'name' | 'phoneEnc' | 'phoneMasked' | 'addressEnc' | 'addressMasked'> {
  if (link.givenAt === null) return p;
  return {
    name: link.name ?? p.name,
    phoneEnc: link.phoneEnc,
    phoneMasked: link.phoneMasked,
    addressEnc: link.addressEnc,
    addressMasked: link.addressMasked,
  };
}

/** Lists, details and the timeline, scoped to what the caller may see. */
@Injectable()
export class CaseQueriesService {
  constructor(
    private readonly caseList: CaseListRepository,
    private readonly reads: CaseQueriesRepository,
    private readonly reveals: PiiAccessLogsRepository,
    private readonly cases: CasesService,
    private readonly cipher: PersonalDataCipher,
    private readonly clock: Clock,
    private readonly chain: CaseChainService,
    private readonly config: AppConfig,
  ) {}

  /**
   * Newest first, keyset-paginated on id so pages stay stable while cases are added; `total`
   * counts the same filter in the same scope (null for `none`, or when counting gave up after
   * CASE_COUNT_TIME_LIMIT_MS), read beside the page.
   */
  async list(
    filter: CaseFilter,
    page: Page,
    actor: AuthUser,
    totalMode: TotalMode = 'none',
  ): Promise<{ rows: CaseListRow[]; next: number | null; total: ListTotal | null }> {
    const scope = await this.scopeOf(filter, actor);
    if (scope === undefined) {
      return { rows: [], next: null, total: totalMode === 'none' ? null : totalUpTo(0, null) };
    }
    const now = this.clock.now();
    const [ids, total] = await Promise.all([
      this.caseList.pageIds(filter, now, scope, page),
      totalMode === 'none'
        ? null
        : this.caseList.total(
            filter,
            now,
            scope,
            totalMode === 'exact' ? null : this.config.lists.exactTotalLimit,
            this.config.cases.countTimeLimitMs,
          ),
    ]);
    const found = await this.reads.casesByIds(ids);
    const rows = found.slice(0, page.limit);
    const names = await this.firstPetitionerNames(rows, actor);
    return {
      rows: rows.map((c) => ({
        case: caseShownTo(c, actor),
        firstPetitionerName: names.get(c.id) ?? null,
      })),
      next: found.length > page.limit ? rows[rows.length - 1].id : null,
      total,
    };
  }

  /**
   * How many cases the list with this filter holds for the caller (all pages), counted up to
   * CASE_COUNT_CAP: a broad filter over years of cases reads at most cap + 1 index entries, and
   * `capped` says there are at least that many.
   */
  async count(filter: CaseFilter, actor: AuthUser): Promise<{ total: number; capped: boolean }> {
    const counted = await this.countUpToCap(filter, actor);
    return { total: counted!.value, capped: !counted!.exact };
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
    const counted = await this.countUpToCap(filter, actor, this.config.cases.countTimeLimitMs);
    return counted
      ? { total: counted.value, capped: !counted.exact }
      : { total: null, capped: false };
  }

  private async countUpToCap(
    filter: CaseFilter,
    actor: AuthUser,
    timeLimitMs?: number,
  ): Promise<ListTotal | null> {
    const scope = await this.scopeOf(filter, actor);
    if (scope === undefined) return totalUpTo(0, null);
    const cap = this.config.cases.countCap;
    return this.caseList.total(filter, this.clock.now(), scope, cap, timeLimitMs);
  }

  /**
   * Whose cases the list walks for the caller and the filter: a unit handler's unit, the people an
   * ID number, phone or full name names; undefined when nobody matches them (the list is empty).
   */
  private async scopeOf(filter: CaseFilter, actor: AuthUser): Promise<CaseListScope | undefined> {
    const person = filter.idNumber || filter.phone || filter.name;
    if (person && actor.role === 'unit_handler') {
      // Looking a person up by ID number, phone or name would reveal whom they accused.
      throw piiSearchForbidden();
    }
    if (actor.role === 'unit_handler') return { unitId: actor.unitId ?? -1 };
    if (!person) return null;
    // A person's cases are found through their petitioner rows and the details given with each
    // case (blind index), then paged over the link index, so someone with a thousand cases costs
    // no more than someone with one.
    const personIds = await this.caseList.personIds({
      idNumber: filter.idNumber ? idNumberKey(this.cipher, filter.idNumber) : undefined,
      phone: filter.phone ? phoneKey(this.cipher, filter.phone) : undefined,
      name: filter.name ? nameKey(this.cipher, filter.name) : undefined,
    });
    return personIds.length === 0 ? undefined : { personIds };
  }

  async detail(id: number, actor: AuthUser): Promise<CaseDetail> {
    const c = await this.cases.get(id, actor);
    const [links, hops, clocks, attachments] = await Promise.all([
      this.reads.petitionerLinks(id),
      this.reads.hops(id),
      this.reads.clocks(id),
      this.reads.attachments(id),
    ]);
    const people = await this.reads.petitioners(links.map((l) => l.petitionerId));
    const byId = new Map(people.map((p) => [p.id, p]));
    const hide = hidesAccuser(c, actor);
    const petitioners = links.map((l) => {
      const p = byId.get(l.petitionerId)!;
      const given = givenWith(l, p);
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
            name: given.name,
            idNumber: p.idNumberMasked,
            idUnverifiedReason: p.idUnverifiedReason,
            phone: given.phoneMasked,
            address: given.addressMasked,
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
      shown.finalMatchCaseId ? this.reads.caseNumber(shown.finalMatchCaseId) : null,
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
      shown.officerId !== null ? this.reads.staffMember(shown.officerId) : null,
      linkedIds.length ? this.reads.caseNumbers(linkedIds) : [],
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
    const link = await this.reads.petitionerLink(caseId, petitionerId);
    const p = link ? await this.reads.petitioner(petitionerId) : null;
    if (!link || !p) throw petitionerNotInCase(petitionerId);
    await this.reveals.recordReveal({
      petitionerId,
      caseId: c.id,
      userId: actor.id,
      reason,
      at: this.clock.now(),
    });
    const open = (v: string | null) => (v ? this.cipher.decrypt(v) : null);
    const given = givenWith(link, p);
    return {
      id: p.id,
      kind: p.kind,
      name: given.name,
      idNumber: open(p.idNumberEnc),
      idUnverifiedReason: p.idUnverifiedReason,
      phone: open(given.phoneEnc),
      address: open(given.addressEnc),
      representative: link.representative,
      masked: false,
    };
  }

  /**
   * The name, phone and address the handling unit needs to deliver its 处理意见书: while the case
   * is at the unit, accepted and not yet answered; never on a confidential accusation, whose
   * answer the bureau delivers. Logged (kind `delivery`) and put on the timeline together.
   */
  async revealDeliveryContact(
    caseId: number,
    petitionerId: number,
    reason: string,
    actor: AuthUser,
  ): Promise<DeliveryContact> {
    const c = await this.cases.get(caseId, actor);
    if (!actsAtUnit(c, actor)) throw notCurrentUnit();
    if (confidentialAccusation(c)) throw deliveryByBureau();
    if (!TRANSITIONS.reveal_delivery_contact.from.includes(c.status))
      throw deliveryContactNotHandling();
    const link = await this.reads.petitionerLink(caseId, petitionerId);
    const p = link ? await this.reads.petitioner(petitionerId) : null;
    if (!link || !p) throw petitionerNotInCase(petitionerId);
    // Compare-and-set on the case: an edit that made it confidential meanwhile wins (409).
    await this.cases.act(c.id, actor, 'reveal_delivery_contact', c.version, async ({ m, now }) => {
      await this.reveals.recordReveal(
        { petitionerId, caseId: c.id, userId: actor.id, reason, at: now, kind: 'delivery' },
        m,
      );
      return { event: { type: 'delivery_contact_revealed', data: { petitionerId, reason } } };
    });
    const open = (v: string | null) => (v ? this.cipher.decrypt(v) : null);
    const given = givenWith(link, p);
    return {
      petitionerId: p.id,
      name: given.name,
      phone: open(given.phoneEnc),
      address: open(given.addressEnc),
    };
  }

  async timeline(
    id: number,
    actor: AuthUser,
  ): Promise<{ events: TimelineEvent[]; chainIntact: boolean; brokenAt: number | null }> {
    const c = await this.cases.get(id, actor);
    const events = await this.chain.events(id);
    const verdict = await this.chain.verifyLoaded(c, events);
    const actorIds = [
      ...new Set(events.map((e) => e.actorId).filter((a): a is number => a !== null)),
    ];
    const people = actorIds.length ? await this.reads.staffUnits(actorIds) : [];
    const byId = new Map(people.map((u) => [u.id, u]));
    let shown: TimelineEvent[] = events.map((e) => ({
      ...e,
      actorRole: e.actorId === null ? null : (byId.get(e.actorId)?.role ?? null),
    }));
    const stake = await this.cases.unitStakeOf(c, actor);
    if (stake) {
      const attachments = await this.reads.attachments(id);
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
    const reviews = await this.reads.reviewsOf(originalId);
    const rows = await this.reads.chainCases([originalId, ...reviews.map((r) => r.caseId)]);
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
    const uploaders = await this.reads.staffUnits([
      ...new Set(attachments.map((a) => a.uploadedBy)),
    ]);
    const ours = new Set(uploaders.filter((u) => u.unitId === stake.unitId).map((u) => u.id));
    return attachments.filter((a) => attachmentVisible(a, stake, ours.has(a.uploadedBy)));
  }

  private async firstPetitionerNames(
    rows: CaseEntity[],
    actor: AuthUser,
  ): Promise<Map<number, string>> {
    if (rows.length === 0) return new Map();
    const found = await this.caseList.firstPetitionerNames(rows.map((r) => r.id));
    const byCase = new Map(rows.map((r) => [r.id, r]));
    return new Map(
      found.map((f) => {
        const c = byCase.get(f.caseId)!;
        return [f.caseId, hidesAccuser(c, actor) ? HIDDEN : f.name];
      }),
    );
  }
}
