import { createHash } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import type { AuthUser } from '@app/auth';
import { UsersRepository } from '@app/auth';
import { CalendarService } from '@app/calendar';
import { AppConfig, ChangeFeed, Clock, PersonalDataCipher } from '@app/core';
import { insertRowsSql, isUniqueViolation, SqlBatch } from '@app/database';
import { ClockBook, clockRowsSql, type ClockEntity } from '@app/deadlines';
import type { CaseEntity } from '../case.entity';
import type { PetitionerInput, RegisterCaseInput } from '../case-inputs';
import { assertCaseOfficer } from '../officers/case-officers';
import type { PetitionerView } from '../queries/case-queries.service';
import { CasesRepository } from '../lifecycle/cases.repository';
import { CategoriesService } from '../categories/categories.service';
import { externalRefTaken, idempotencyKeyReused, invalidCase } from '../cases.errors';
import { ChainKey, firstEventDataParts, registeredEvent } from '../chain/event-chain';
import { newCaseRow, numberingYear, numberPlaceholder } from '../new-case/new-case-row';
import { newCaseStatements } from '../new-case/new-case.repository';
import { petitionerContactStatements } from '../petitioners/petitioner-contacts.repository';
import { type PeopleKeys, peopleKeysOf } from '../petitioners/petitioners.repository';
import {
  givenDetails,
  idNumberKey,
  newPetitionerRow,
  phoneKey,
  preparePetitioner,
} from '../petitioners/prepare-petitioner';
import { registrationProblems } from './registration-rules';
import { OfficerDefaultsService } from '../officers/officer-defaults.service';
import { type PersonNewest, RegistrationRepository } from './registration.repository';

/** A case as registration wrote it, for the response (no hops or attachments yet). */
export interface CreatedCase {
  case: CaseEntity;
  petitioners: PetitionerView[];
  clocks: ClockEntity[];
  /** The final (终结) matter the petitioners' new case matched, if any. */
  finalMatch: { caseId: number; caseNo: string } | null;
}

/**
 * Registration at the counter (登记): the checks, the lookups (the same person, 重件, a final
 * matter) and the one transaction that writes a new case through the new-case plan.
 */
@Injectable()
export class CaseRegistrationService {
  constructor(
    private readonly repo: RegistrationRepository,
    private readonly cases: CasesRepository,
    private readonly users: UsersRepository,
    private readonly clock: Clock,
    private readonly config: AppConfig,
    private readonly cipher: PersonalDataCipher,
    private readonly calendar: CalendarService,
    private readonly categories: CategoriesService,
    private readonly changes: ChangeFeed,
    private readonly chain: ChainKey,
    private readonly officers: OfficerDefaultsService,
  ) {}

  /**
   * Registers a case in one transaction: number, petitioners, case, first event, triage clock.
   * With an Idempotency-Key, a retry (or a thousand parallel retries) returns the first case.
   */
  async register(
    input: RegisterCaseInput,
    actor: AuthUser,
    idempotencyKey?: string,
  ): Promise<{ caseId: number; replayed: boolean; created?: CreatedCase }> {
    const now = this.clock.now();
    const requestHash = idempotencyKey ? sha256(JSON.stringify(input)) : '';
    if (idempotencyKey) {
      const earlier = await this.findIdempotent(actor.id, idempotencyKey, requestHash);
      if (earlier) return { caseId: earlier, replayed: true };
    }
    await this.validateRegistration(input, now);
    const registeredAt = input.registeredAt ?? now;
    const year = numberingYear(registeredAt);
    const prepared = input.petitioners.map((p) => this.preparePetitioner(p));
    const { existing, firstCaseId, finalMatch } = await this.registrationLookups(
      input.categoryCode,
      peopleKeysOf(prepared),
      now,
    );
    const [calendar, triageRule, officerId] = await Promise.all([
      this.calendar.current(),
      this.calendar.rule('triage'),
      input.officerId ?? this.officers.officerFor(actor, input),
    ]);

    try {
      const created = await this.repo.batchedTransaction(async (m, writes) => {
        // The rows that need no number, in one round trip with START TRANSACTION; ids come back
        // through variables.
        if (idempotencyKey) {
          // Taken first: a parallel retry waits here on the key, then finds the committed case.
          writes.add(
            ...insertRowsSql('idempotency_keys', [
              { userId: actor.id, idempotencyKey, requestHash, caseId: 0, createdAt: now },
            ]),
          );
        }
        // What each person gave with this case, kept on its link (and, as the newest, on them).
        const given = prepared.map((p) => givenDetails(p, registeredAt));
        const petitionerRefs = prepared.map((p, i) => {
          const found = p.idNumberBidx ? existing.get(p.idNumberBidx) : undefined;
          // An id read from the database, or the variable its insert sets below.
          if (found) {
            writes.addAll(petitionerContactStatements.returning(Number(found), given[i], now));
            return Number(found);
          }
          writes
            .add(...insertRowsSql('petitioners', [newPetitionerRow(p, registeredAt, now)]))
            .add(`SET @petitioner_${i} = LAST_INSERT_ID()`);
          return `@petitioner_${i}`;
        });

        // 信访工作条例 art. 22: the bureau decides where a petition goes within 15 days.
        const triage = ClockBook.within(m, calendar, now).ruleClock(
          0,
          null,
          triageRule,
          registeredAt,
        );
        // The number is taken last (below), so the year's sequence row is locked only for the
        // final statements and the commit; until then the row carries a unique placeholder.
        const caseRow = newCaseRow(
          { ...input, registeredAt },
          {
            caseNo: numberPlaceholder(),
            year,
            firstCaseId,
            actorId: actor.id,
            officerId,
            now,
            nextDue: { at: triage.dueAt, kind: 'triage', provisional: triage.provisional },
            finalMatchCaseId: finalMatch?.caseId ?? null,
            eventCount: 1,
          },
        );
        writes.addAll(newCaseStatements.insert(caseRow)).add(
          ...newCaseStatements.linkPetitioners(
            petitionerRefs.map((ref, i) => ({
              petitioner: ref,
              representative: input.petitioners[i].representative ?? false,
              given: given[i],
            })),
          ),
        );
        writes
          .add(...clockRowsSql([triage], { caseId: '@case_id' }))
          .add(
            `SELECT @case_id AS caseId, LAST_INSERT_ID() AS clockId, ${petitionerRefs
              .map((ref, i) => `${ref} AS p${i}`)
              .join(', ')}`,
          );
        const written = await writes.run(m);
        const [ids] = written[written.length - 1] as Record<string, number | string>[];
        const id = Number(ids.caseId);
        Object.assign(triage, { id: Number(ids.clockId), caseId: id });
        const petitionerIds = petitionerRefs.map((_, i) => Number(ids[`p${i}`]));

        // The number is taken in the transaction's last round trip, with everything that needs
        // it and the shared counters, and COMMIT (sent by batchedTransaction): the year's
        // sequence row and the counters stay locked for the server's own time only, not for
        // turns of this process's event loop.
        const last = new SqlBatch();
        if (idempotencyKey) {
          last.add(
            'UPDATE idempotency_keys SET case_id = ? WHERE user_id = ? AND idempotency_key = ?',
            [id, actor.id, idempotencyKey],
          );
        }
        // The metric summaries read what was written above (not the number).
        await this.changes.changed(m, {
          registered: [
            {
              id,
              unitId: null,
              channel: caseRow.channel,
              source: caseRow.source,
              sourceLevel: caseRow.sourceLevel,
              registeredAt: caseRow.registeredAt,
              repeat: caseRow.repeat,
              collective: caseRow.collective,
              skipLevel: caseRow.skipLevel,
              status: caseRow.status,
              provincialDueDate: caseRow.provincialDueDate,
              triage: { id: triage.id, dueDate: triage.dueDate, dueAt: triage.dueAt },
            },
          ],
          finalBatch: last,
        });

        const prefix = this.config.cases.numberPrefix;
        const event = registeredEvent(input, {
          caseNo: '',
          actorId: actor.id,
          at: now,
          repeatOf: firstCaseId,
          extra: finalMatch ? { finalMatterOf: finalMatch.caseId } : {},
        });
        // The MAC is the app's (the key never reaches the database); the number it leaves out is
        // spliced into the stored data by the statement that takes it.
        const sealed = this.chain.chainFrom(id, [event]);
        last.addAll(
          newCaseStatements.numberAndFirstEvent({
            caseId: id,
            prefix,
            year,
            head: sealed.head,
            event: sealed.events[0],
            dataAround: firstEventDataParts(event),
          }),
        );
        const finish = (results: unknown[]) => {
          const [{ caseNo }] = results[results.length - 1] as { caseNo: string }[];
          caseRow.caseNo = caseNo;
          Object.assign(caseRow, sealed.head);
          return {
            case: { ...caseRow, id },
            petitioners: prepared.map((p, i) => ({
              id: petitionerIds[i],
              kind: p.row.kind,
              name: p.row.name,
              idNumber: p.row.idNumberMasked,
              idUnverifiedReason: p.row.idUnverifiedReason,
              phone: p.row.phoneMasked,
              address: p.row.addressMasked,
              representative: input.petitioners[i].representative ?? false,
              masked: true,
            })),
            clocks: [triage],
            finalMatch,
          };
        };
        return { last, finish };
      });
      // The response is built from what was just written: no second read of the new case.
      return { caseId: created.case.id, replayed: false, created };
    } catch (e) {
      if (idempotencyKey && isUniqueViolation(e, 'PRIMARY')) {
        const earlier = await this.findIdempotent(actor.id, idempotencyKey, requestHash);
        if (earlier) return { caseId: earlier, replayed: true };
      }
      if (isUniqueViolation(e, 'uq_cases_external_ref'))
        throw externalRefTaken(input.externalRef ?? '');
      throw e;
    }
  }

  /**
   * What reception sees before saving: the person's earlier cases (by ID number or phone, blind
   * index), and, for the content category chosen, the first case a new one would be a 重件 of and
   * a final (终结) matter it would be flagged against — the same lookups registration runs.
   */
  async lookupPetitioner(input: {
    idNumber?: string;
    phone?: string;
    categoryCode?: string;
  }): Promise<{
    petitionerCount: number;
    /** The people found, with the details they gave last (masked), newest first. */
    people: PersonNewest[];
    cases: CaseEntity[];
    repeatOf: { caseId: number; caseNo: string } | null;
    finalMatch: { caseId: number; caseNo: string } | null;
  }> {
    const keys = {
      idNumberBidx: input.idNumber ? idNumberKey(this.cipher, input.idNumber) : null,
      phoneBidx: input.phone ? phoneKey(this.cipher, input.phone) : null,
    };
    if (!keys.idNumberBidx && !keys.phoneBidx)
      return { petitionerCount: 0, people: [], cases: [], repeatOf: null, finalMatch: null };
    const ids = await this.repo.petitionerIds(keys);
    const [people, cases] = ids.length
      ? await Promise.all([this.repo.newestDetails(ids), this.cases.ofPetitioners(ids, 20)])
      : [[], []];
    let repeatOf: { caseId: number; caseNo: string } | null = null;
    let finalMatch: { caseId: number; caseNo: string } | null = null;
    if (input.categoryCode && ids.length) {
      const found = await this.registrationLookups(
        input.categoryCode,
        {
          idNumbers: keys.idNumberBidx ? [keys.idNumberBidx] : [],
          phones: keys.phoneBidx ? [keys.phoneBidx] : [],
          namesAtAddresses: [],
        },
        this.clock.now(),
      );
      finalMatch = found.finalMatch;
      if (found.firstCaseId) {
        const caseNo = await this.cases.caseNoOf(found.firstCaseId);
        if (caseNo) repeatOf = { caseId: found.firstCaseId, caseNo };
      }
    }
    return { petitionerCount: ids.length, people, cases, repeatOf, finalMatch };
  }

  private async validateRegistration(input: RegisterCaseInput, now: Date): Promise<void> {
    const [first] = registrationProblems(input, now);
    if (first) throw invalidCase(first.code, first.message, first.field);
    await this.categories.assertLeaf(input.categoryCode);
    if (input.officerId !== undefined) await assertCaseOfficer(this.users, input.officerId);
  }

  private preparePetitioner(p: PetitionerInput) {
    return preparePetitioner(this.cipher, p);
  }

  /**
   * What registration looks up about its petitioners, in one round trip: existing petitioners by
   * ID number (the same person is one petitioner across cases); 重件 — the same person (by ID
   * number, or any phone or name and address they have given) with an open or recent case on the same matter (same content category),
   * whose first case (初件) the new one links to; and 不再受理 (信访工作条例 art. 35) — a matter
   * of the same person made final by a re-review in the same category, which the new case is
   * flagged with until an officer confirms or dismisses the match.
   */
  private async registrationLookups(
    categoryCode: string,
    keys: PeopleKeys,
    now: Date,
  ): Promise<{
    existing: Map<string, number>;
    firstCaseId: number | null;
    finalMatch: { caseId: number; caseNo: string } | null;
  }> {
    const since = new Date(now.getTime() - this.config.cases.repeatWindowDays * 86_400_000);
    return this.repo.lookups(categoryCode, keys, since);
  }

  /** The case an earlier request with this key created; the same key with another body is a 422. */
  private async findIdempotent(
    userId: number,
    key: string,
    requestHash: string,
  ): Promise<number | null> {
    const row = await this.repo.idempotencyKey(userId, key);
    if (!row || row.caseId === 0) return null;
    if (row.requestHash !== requestHash) throw idempotencyKeyReused();
    return row.caseId;
  }
}

const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');
