import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { CalendarService, computeDue } from '@app/calendar';
import { AppConfig, ChangeFeed, Clock, PersonalDataCipher } from '@app/core';
import { insertClockRows, rederiveStages } from '@app/deadlines';
import type { RegisterCaseInput } from '../case-inputs';
import { CasesRepository } from '../lifecycle/cases.repository';
import { CategoriesService } from '../categories/categories.service';
import { ChainKey, registeredEvent } from '../chain/event-chain';
import { newCaseRow, numberingYear } from '../new-case/new-case-row';
import { NewCaseRepository } from '../new-case/new-case.repository';
import { OfficerDefaultsService } from '../officers/officer-defaults.service';
import { PetitionerContactsRepository } from '../petitioners/petitioner-contacts.repository';
import {
  peopleKeysOf,
  personKeysOf,
  PetitionersRepository,
} from '../petitioners/petitioners.repository';
import {
  givenDetails,
  type GivenDetails,
  newPetitionerRow,
  preparePetitioner,
  type PreparedPetitioner,
} from '../petitioners/prepare-petitioner';
import { registrationProblems, type RegistrationProblem } from '../registration/registration-rules';

/** A case handed down by the provincial system: its provincial number is its identity. */
export interface BatchCaseInput extends RegisterCaseInput {
  externalRef: string;
  registeredAt: Date;
}

export interface BatchOutcome {
  /** Provincial number → new case id. */
  created: Map<string, number>;
  /** Provincial numbers that were already registered (an earlier import, or by hand). */
  existing: string[];
}

/**
 * Registration of many cases at once (spreadsheet imports): the same rows registration writes
 * (number, petitioners encrypted and blind-indexed, triage clock, hash-chained first event, repeat
 * detection) with one multi-row statement per table, all in one transaction per batch.
 */
@Injectable()
export class CaseBatchWriter {
  constructor(
    private readonly repo: CasesRepository,
    private readonly petitioners: PetitionersRepository,
    private readonly clock: Clock,
    private readonly config: AppConfig,
    private readonly cipher: PersonalDataCipher,
    private readonly calendar: CalendarService,
    private readonly categories: CategoriesService,
    private readonly changes: ChangeFeed,
    private readonly chain: ChainKey,
    private readonly officers: OfficerDefaultsService,
  ) {}

  /** Every problem registration would refuse the row for, as a list (nothing thrown). */
  async problems(input: RegisterCaseInput, now = this.clock.now()): Promise<RegistrationProblem[]> {
    const problems = registrationProblems(input, now);
    const leaves = await this.leafCodes();
    if (!leaves.has(input.categoryCode)) {
      problems.push({
        field: 'categoryCode',
        code: 'UNKNOWN_CATEGORY',
        message: `内容分类 ${input.categoryCode} 不存在、已停用或不是第三级分类`,
      });
    }
    return problems;
  }

  /** Active third-level category codes (what a case may be filed under). */
  async leafCodes(): Promise<Set<string>> {
    const all = await this.categories.list();
    return new Set(all.filter((c) => c.level === 3).map((c) => c.code));
  }

  /**
   * Registers the rows whose provincial number is not yet in the system; the others are reported
   * as existing. Rows must have passed `problems()`. One transaction: all rows or none.
   */
  async register(
    rows: BatchCaseInput[],
    actorId: number,
    eventData: Record<string, unknown> = {},
  ): Promise<BatchOutcome> {
    const existing = await this.existingRefs(rows.map((r) => r.externalRef));
    const fresh = rows.filter((r) => !existing.has(r.externalRef));
    if (fresh.length === 0) return { created: new Map(), existing: [...existing] };
    const now = this.clock.now();
    const prepared = fresh.map((r) => r.petitioners.map((p) => preparePetitioner(this.cipher, p)));
    const known = await this.petitionersByIdNumber(prepared.flat());
    const firsts = await this.firstCases(fresh, prepared, now);
    const sameMatterEarlier = earlierInBatch(fresh, prepared, firsts);
    // An imported case goes to the default officer (or the unassigned queue), not the importer.
    const [calendar, triageRule, officers] = await Promise.all([
      this.calendar.current(),
      this.calendar.rule('triage'),
      this.officers.defaultsFor(fresh),
    ]);
    const prefix = this.config.cases.numberPrefix;

    const created = await this.repo.transaction(async (m) => {
      const petitionerIds = await this.insertPetitioners(m, fresh, prepared, known, now);

      // Numbers are taken per year of registration, as late as the rows allow: the year's
      // sequence row stays locked only for the inserts below and the commit.
      const years = fresh.map((r) => numberingYear(r.registeredAt));
      const numbers: string[] = new Array<string>(fresh.length);
      for (const year of [...new Set(years)].sort()) {
        const idx = years.flatMap((y, i) => (y === year ? [i] : []));
        const taken = await NewCaseRepository.takeNumbers(m, prefix, year, idx.length);
        idx.forEach((i, k) => (numbers[i] = taken[k]));
      }

      const triage = fresh.map((r) => computeDue(r.registeredAt, triageRule, calendar));
      const firstEvent = (i: number, repeatOf: number | null) =>
        registeredEvent(fresh[i], {
          caseNo: numbers[i],
          actorId,
          at: now,
          repeatOf,
          extra: eventData,
        });
      const events = fresh.map((_, i) => firstEvent(i, firsts[i]));
      await NewCaseRepository.insert(
        m,
        fresh.map((r, i) =>
          newCaseRow(r, {
            caseNo: numbers[i],
            year: years[i],
            firstCaseId: firsts[i],
            actorId,
            officerId: officers[i],
            now,
            nextDue: { at: triage[i].dueAt, kind: 'triage', provisional: triage[i].provisional },
            // The chain is bound to the case's id: sealed below, once the ids are known.
            eventCount: 1,
          }),
        ),
      );
      const ids = await NewCaseRepository.idsByExternalRef(
        m,
        fresh.map((r) => r.externalRef),
      );
      const caseId = (i: number) => ids.get(fresh[i].externalRef)!;
      // Two rows of this batch on one matter by one person: the later is a repeat of the earlier.
      for (const [i, earlier] of sameMatterEarlier.entries()) {
        const first = firsts[earlier] ?? caseId(earlier);
        events[i] = firstEvent(i, first);
        await NewCaseRepository.markRepeat(m, caseId(i), first);
      }
      const sealed = events.map((e, i) => this.chain.chainFrom(caseId(i), [e]));
      await NewCaseRepository.sealHeads(
        m,
        sealed.map((s, i) => ({ caseId: caseId(i), head: s.head })),
      );
      await NewCaseRepository.linkPetitioners(
        m,
        fresh.flatMap((r, i) =>
          r.petitioners.map((p, k) => ({
            caseId: caseId(i),
            petitionerId: petitionerIds[i][k],
            representative: p.representative ?? false,
            position: k + 1,
            given: givenDetails(prepared[i][k], r.registeredAt),
          })),
        ),
      );
      // 信访工作条例 art. 22: the bureau decides where a petition goes within 15 days.
      await insertClockRows(
        m,
        fresh.map((r, i) => ({
          caseId: caseId(i),
          hopId: null,
          kind: 'triage',
          status: 'running',
          startedAt: r.registeredAt,
          length: triageRule.length,
          unit: triageRule.unit,
          rollOverHoliday: triageRule.rollOverHoliday,
          extendedDays: 0,
          pausedDays: 0,
          fixedDue: false,
          provisional: triage[i].provisional,
          dueDate: triage[i].dueDate,
          dueAt: triage[i].dueAt,
          endedAt: null,
          version: 1,
          updatedAt: now,
          // The reminder sweep derives the clock's first stage on its next run.
          ...rederiveStages(now),
        })),
      );
      await NewCaseRepository.writeEvents(
        m,
        sealed.map((s, i) => ({ caseId: caseId(i), event: s.events[0] })),
      );
      await this.changes.changed(m, { caseIds: fresh.map((_, i) => caseId(i)) });
      return new Map(fresh.map((r, i) => [r.externalRef, caseId(i)]));
    });
    return { created, existing: [...existing] };
  }

  async existingRefs(refs: string[]): Promise<Set<string>> {
    if (refs.length === 0) return new Set();
    return this.repo.withExternalRefs(refs);
  }

  /**
   * New petitioner rows for people not yet known by ID number (one row per person even when
   * several rows of the batch name them). A multi-row INSERT of known size gets consecutive ids
   * (InnoDB "simple insert"), as TypeORM itself assumes for multi-row inserts.
   */
  private async insertPetitioners(
    m: EntityManager,
    rows: BatchCaseInput[],
    prepared: PreparedPetitioner[][],
    known: Map<string, number>,
    now: Date,
  ): Promise<number[][]> {
    const newRows: ReturnType<typeof newPetitionerRow>[] = [];
    const slot = new Map<string, number>();
    // A known person's row takes the newest details of the batch (or none if it holds newer).
    const returning = new Map<number, GivenDetails>();
    const refs = prepared.map((people, i) =>
      people.map((p) => {
        const at = rows[i].registeredAt;
        const found = p.idNumberBidx ? known.get(p.idNumberBidx) : undefined;
        if (found) {
          const given = givenDetails(p, at);
          const before = returning.get(found);
          if (!before || before.givenAt <= at) returning.set(found, given);
          return { id: found };
        }
        const taken = p.idNumberBidx ? slot.get(p.idNumberBidx) : undefined;
        if (taken !== undefined) {
          // The same new person twice in the batch: their row shows the later details.
          const r = newRows[taken];
          if ((r.detailsGivenAt ?? at) <= at)
            newRows[taken] = { ...newPetitionerRow(p, at, now), createdAt: r.createdAt };
          return { slot: taken };
        }
        newRows.push(newPetitionerRow(p, at, now));
        if (p.idNumberBidx) slot.set(p.idNumberBidx, newRows.length - 1);
        return { slot: newRows.length - 1 };
      }),
    );
    for (const [id, given] of returning) {
      await PetitionerContactsRepository.returning(m, id, given, now);
    }
    const first = newRows.length ? await this.petitioners.insert(m, newRows) : 0;
    return refs.map((people) => people.map((r) => r.id ?? first + r.slot));
  }

  private async petitionersByIdNumber(people: PreparedPetitioner[]): Promise<Map<string, number>> {
    const bidxs = [...new Set(people.map((p) => p.idNumberBidx).filter((b): b is string => !!b))];
    return this.petitioners.idsByIdNumber(bidxs);
  }

  /**
   * 重件, as registration decides it (the same person by ID number, or any phone or name and
   * address they have given; same category; an open or recent case), for the whole batch in one
   * query.
   */
  private async firstCases(
    rows: BatchCaseInput[],
    prepared: PreparedPetitioner[][],
    now: Date,
  ): Promise<(number | null)[]> {
    const keys = peopleKeysOf(prepared.flat());
    const since = new Date(now.getTime() - this.config.cases.repeatWindowDays * 86_400_000);
    const categories = [...new Set(rows.map((r) => r.categoryCode))];
    const candidates = await this.petitioners.repeatCandidates(keys, categories, since);
    return rows.map((r, i) => {
      const mine = new Set(prepared[i].flatMap(personKeysOf));
      const hit = candidates.find((c) => c.categoryCode === r.categoryCode && mine.has(c.bidx));
      return hit ? Number(hit.firstCaseId ?? hit.id) : null;
    });
  }
}

/** For each row with no earlier case of its own, the index of an earlier row on the same matter. */
function earlierInBatch(
  rows: BatchCaseInput[],
  prepared: PreparedPetitioner[][],
  firsts: (number | null)[],
): Map<number, number> {
  const out = new Map<number, number>();
  const seen = new Map<string, number>();
  rows.forEach((r, i) => {
    // Blind indexes of different kinds never collide (each kind is keyed apart).
    const keys = prepared[i].flatMap((p) => personKeysOf(p).map((k) => `${r.categoryCode}|${k}`));
    const earlier = keys.map((k) => seen.get(k)).find((v) => v !== undefined);
    if (firsts[i] === null && earlier !== undefined) out.set(i, earlier);
    for (const k of keys) if (!seen.has(k)) seen.set(k, i);
  });
  return out;
}
