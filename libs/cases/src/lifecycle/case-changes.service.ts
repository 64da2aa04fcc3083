import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { AuthUser } from '@app/auth';
import { CalendarService, type WorkingCalendar } from '@app/calendar';
import { ChangeFeed, Clock, staleVersion, WorkNotices, type WorkNotice } from '@app/core';
import { ClockBook } from '@app/deadlines';
import type { CaseEntity } from '../case.entity';
import type { CaseEventType } from '../case-vocabulary';
import { caseNotFound, finalMatchUnsettled } from '../cases.errors';
import { ChainKey } from '../chain/event-chain';
import { CaseAccessService } from '../queries/case-access.service';
import { WAITS_FOR_FINAL_MATCH } from './case-permissions';
import { nextStatus, type CaseAction, type CaseStatus } from './case-status';
import { CasesRepository } from './cases.repository';

export interface ActContext {
  m: EntityManager;
  c: CaseEntity;
  now: Date;
  book: ClockBook;
}

export interface ActOutcome {
  set?: Partial<CaseEntity>;
  event: { type: CaseEventType; data: Record<string, unknown> };
  clocksChanged?: boolean;
  /** Other cases this change created or altered (a review case opened by the action). */
  alsoChanged?: number[];
  /** Work this change hands a unit: its handlers are told in the same transaction. */
  notices?: WorkNotice[];
}

/**
 * The one way a case changes: compare-and-set on its version and status, the change and its
 * clocks, the hash-chained event, the case's next deadline, the change feed and the notices to
 * the unit, in one transaction. The named actions (CasesService, the review chain) all come here.
 */
@Injectable()
export class CaseChangesService {
  constructor(
    private readonly repo: CasesRepository,
    private readonly access: CaseAccessService,
    private readonly clock: Clock,
    private readonly calendar: CalendarService,
    private readonly changes: ChangeFeed,
    private readonly chain: ChainKey,
    private readonly notices: WorkNotices,
  ) {}

  /**
   * Puts something that happened beside the lifecycle (a supervision letter, a key-matter listing)
   * on each case's timeline, inside the caller's transaction: the cases are locked, so the chain
   * stays in order, and their versions move on like any other change.
   */
  async recordOnTimeline(
    m: EntityManager,
    caseIds: number[],
    type: CaseEventType,
    data: Record<string, unknown>,
    actorId: number,
    at?: Date,
  ): Promise<void> {
    if (caseIds.length === 0) return;
    const now = this.clock.now();
    // An imported past record (history import) is dated when it happened.
    const when = at ?? now;
    const cases = await this.repo.lockMany(m, caseIds);
    for (const c of cases) {
      const event = {
        seq: c.eventCount + 1,
        type,
        actorId,
        at: when,
        fromStatus: c.status,
        toStatus: c.status,
        data,
      };
      const hash = this.chain.link(c.lastEventHash, event);
      await this.repo.insertEvent(m, { ...event, caseId: c.id, prevHash: c.lastEventHash, hash });
      await this.repo.updateBumpingVersion(m, c.id, {
        ...this.chain.headOf(c.id, event.seq, hash),
        updatedAt: now,
      });
    }
  }

  /**
   * Every change: compare-and-set on (id, version, status) first, so a stale or racing write
   * fails before doing any work (409); then the change, its clocks, and its hash-chained event,
   * all in one transaction. Public for the lib's other services (the review chain); everything
   * else calls the named actions above.
   */
  async act(
    id: number,
    actor: AuthUser | null,
    action: CaseAction,
    expectedVersion: number,
    work: (ctx: ActContext) => ActOutcome | Promise<ActOutcome>,
  ): Promise<CaseEntity> {
    const current = await this.repo.findById(id);
    if (!current) throw caseNotFound(id);
    if (actor) await this.access.assertCanSee(current, actor);
    if (current.version !== expectedVersion) throw staleVersion('信访件', id);
    const to: CaseStatus = nextStatus(current.status, action);
    if (current.finalMatchCaseId !== null && WAITS_FOR_FINAL_MATCH.includes(action))
      throw finalMatchUnsettled(current.finalMatchCaseId);
    const calendar = await this.calendar.current();
    const now = this.clock.now();

    await this.repo.transaction(async (m) => {
      await this.apply(m, current, to, actor?.id ?? null, now, calendar, work);
    });
    return this.repo.findByIdOrFail(id);
  }

  /**
   * The same change on a second case inside the caller's transaction (a review decision also
   * moves the original case): the row is locked first, so the compare-and-set sees it current,
   * and the transition table still decides whether the action is allowed.
   */
  async actWithin(
    m: EntityManager,
    id: number,
    actorId: number | null,
    action: CaseAction,
    work: (ctx: ActContext) => ActOutcome | Promise<ActOutcome>,
    /** When the change happened: now, or a past time for a change the history import replays. */
    at: Date = this.clock.now(),
  ): Promise<void> {
    const current = await this.repo.lock(m, id);
    if (!current) throw caseNotFound(id);
    const to = nextStatus(current.status, action);
    const calendar = await this.calendar.current();
    await this.apply(m, current, to, actorId, at, calendar, work);
  }

  private async apply(
    m: EntityManager,
    current: CaseEntity,
    to: CaseStatus,
    actorId: number | null,
    now: Date,
    calendar: WorkingCalendar,
    work: (ctx: ActContext) => ActOutcome | Promise<ActOutcome>,
  ): Promise<void> {
    const id = current.id;
    if (!(await this.repo.claim(m, current, to, now))) throw staleVersion('信访件', id);

    const book = ClockBook.within(m, calendar, now);
    const outcome = await work({ m, c: current, now, book });
    const event = {
      seq: current.eventCount + 1,
      type: outcome.event.type,
      actorId,
      at: now,
      fromStatus: current.status,
      toStatus: to,
      data: outcome.event.data,
    };
    const hash = this.chain.link(current.lastEventHash, event);
    await this.repo.insertEvent(m, { ...event, caseId: id, prevHash: current.lastEventHash, hash });
    const next = outcome.clocksChanged ? await book.nextDue(id) : {};
    await this.repo.update(m, id, {
      ...outcome.set,
      ...next,
      ...this.chain.headOf(id, event.seq, hash),
    });
    await this.changes.changed(m, { caseIds: [id, ...(outcome.alsoChanged ?? [])] });
    if (outcome.notices?.length) await this.notices.arrived(m, outcome.notices);
  }
}
