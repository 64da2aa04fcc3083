import type { Pool, ResultSetHeader } from 'mysql2/promise';
import {
  computeDue,
  DEFAULT_RULES,
  OFFICIAL_2022_2026,
  OFFICIAL_YEARS,
  shanghaiDate,
  WorkingCalendar,
} from '@app/calendar';
import {
  caseNumber,
  ChainKey,
  firstEventDataParts,
  newCaseRow,
  newCaseStatements,
  numberPlaceholder,
  type NewCaseFacts,
  registeredEvent,
} from '@app/cases';
import type { RegisteredCaseFacts } from '@app/core';
import { insertRowsSql } from '@app/database';
import { newCaseItems, summaryWrites } from '@app/metrics';
import { benchCipher, mask } from './cipher';
import { BENCH } from './config';
import type { Registrations } from './registration';
import { summarise } from './stats';

export interface CeilingResult {
  seconds: number;
  committed: number;
  tps: number;
  latency: ReturnType<typeof summarise>;
  errors: number;
  samples: string[];
}

const chain = new ChainKey(BENCH.eventChainKey);

const cipher = benchCipher();

/** A petitioner's row, encrypted and blind-indexed as the API does. */
function petitionerRow(p: ReturnType<Registrations['next']>['petitioners'][number], now: Date) {
  return {
    kind: p.kind,
    name: p.name,
    idNumberEnc: p.idNumber ? cipher.encrypt(p.idNumber) : null,
    idNumberBidx: p.idNumber ? cipher.blindIndex('idNumber', p.idNumber) : null,
    idNumberMasked: p.idNumber ? mask('idNumber', p.idNumber) : null,
    phoneEnc: p.phone ? cipher.encrypt(p.phone) : null,
    phoneBidx: p.phone ? cipher.blindIndex('phone', p.phone) : null,
    phoneMasked: p.phone ? mask('phone', p.phone) : null,
    addressEnc: p.address ? cipher.encrypt(p.address) : null,
    addressMasked: p.address ? mask('address', p.address) : null,
    createdAt: now,
    updatedAt: now,
  };
}

/** The `cases` row of a registration, as the API builds it (a unique placeholder for the number). */
function caseRow(
  year: number,
  body: ReturnType<Registrations['next']>,
  now: Date,
  dueAt: Date,
  actorId: number,
) {
  return newCaseRow(
    { ...(body as unknown as NewCaseFacts), registeredAt: now },
    {
      caseNo: numberPlaceholder(),
      year,
      firstCaseId: null,
      actorId,
      now,
      nextDue: { at: dueAt, kind: 'triage' },
      eventCount: 1,
    },
  );
}

/** What the registration wrote, as the API hands it to the metric summaries. */
function registeredFacts(
  caseId: number,
  clockId: number,
  body: ReturnType<Registrations['next']>,
  now: Date,
  triage: { dueDate: string; dueAt: Date },
): RegisteredCaseFacts {
  return {
    id: caseId,
    unitId: null,
    channel: body.channel,
    source: body.source,
    sourceLevel: body.sourceLevel,
    registeredAt: now,
    repeat: false,
    collective: body.personCount >= 5,
    skipLevel: false,
    status: 'registered',
    provincialDueDate: null,
    triage: { id: clockId, dueDate: triage.dueDate, dueAt: triage.dueAt },
  };
}

/**
 * The most the database can do for registrations on this machine: the same rows the API writes
 * for one case, in the API's order (a petitioner row per person, the case, its case_petitioners
 * rows, the triage clock, the metric summary items and counters, then the number sequence bump,
 * the number on the case and the first event), from the same request bodies, one transaction
 * each, one statement per round trip, from `connections` concurrent workers on a bare mysql2
 * pool — no HTTP, no framework, no reads, no response to build.
 */
export async function runCeiling(
  pool: Pool,
  registrations: Registrations,
  actorId: number,
  connections: number,
  seconds: number,
  batched = false,
): Promise<CeilingResult> {
  const calendar = new WorkingCalendar([...OFFICIAL_2022_2026], [...OFFICIAL_YEARS]);
  const prefix = BENCH.caseNumberPrefix;
  const latencies: number[] = [];
  const samples: string[] = [];
  let errors = 0;
  const started = Date.now();
  const deadline = started + seconds * 1000;

  async function registerOne(): Promise<void> {
    if (batched) return registerBatched();
    const body = registrations.next();
    const now = new Date();
    const year = Number(shanghaiDate(now).slice(0, 4));
    const triage = computeDue(now, DEFAULT_RULES.triage, calendar);
    const conn = await pool.getConnection();
    try {
      await conn.beginTransaction();
      const petitionerIds: number[] = [];
      for (const p of body.petitioners) {
        const [pet] = await conn.query<ResultSetHeader>(
          ...insertRowsSql('petitioners', [petitionerRow(p, now)]),
        );
        petitionerIds.push(pet.insertId);
      }
      // The number is taken last, as the API does: the row carries a placeholder until then.
      const [created] = await conn.query<ResultSetHeader>(
        ...newCaseStatements.insertRow(caseRow(year, body, now, triage.dueAt, actorId)),
      );
      const caseId = created.insertId;
      await conn.query(
        ...newCaseStatements.linkPetitioners(
          petitionerIds.map((id) => ({ petitioner: id, representative: false })),
          caseId,
        ),
      );
      const [clock] = await conn.query<ResultSetHeader>(
        `INSERT INTO clocks (case_id, hop_id, kind, status, started_at, length, unit, roll_over_holiday,
           extended_days, paused_days, fixed_due, due_date, due_at, ended_at, version, updated_at)
         VALUES (?, NULL, 'triage', 'running', ?, ?, ?, ?, 0, 0, 0, ?, ?, NULL, 1, ?)`,
        [
          caseId,
          now,
          DEFAULT_RULES.triage.length,
          DEFAULT_RULES.triage.unit,
          DEFAULT_RULES.triage.rollOverHoliday,
          triage.dueDate,
          triage.dueAt,
          now,
        ],
      );
      // The metric summaries of the new case: the same items and counter rows the API writes,
      // classified here in memory (no reads), counters last.
      for (const [sql, params] of summaryWrites(
        [],
        newCaseItems([registeredFacts(caseId, clock.insertId, body, now, triage)]),
      )) {
        await conn.query(sql, params);
      }
      const [bump] = await conn.query<ResultSetHeader>(
        ...newCaseStatements.takeNumber(prefix, year),
      );
      const caseNo = caseNumber(prefix, year, bump.insertId);
      const event = registeredEvent(body, { caseNo, actorId, at: now, repeatOf: null });
      const sealed = chain.chainFrom(caseId, [event]);
      await conn.query(...newCaseStatements.setNumber(caseId, caseNo, sealed.head));
      await conn.query(...newCaseStatements.firstEvent(caseId, sealed.events[0]));
      await conn.commit();
    } catch (e) {
      await conn.rollback().catch(() => undefined);
      throw e;
    } finally {
      conn.release();
    }
  }

  /**
   * The same rows as the API sends them: two statement batches (START TRANSACTION and the rows
   * that need no number, ids through session variables; then the summaries, the number, the first
   * event and COMMIT) on a pool that allows multiple statements.
   */
  async function registerBatched(): Promise<void> {
    const body = registrations.next();
    const now = new Date();
    const year = Number(shanghaiDate(now).slice(0, 4));
    const triage = computeDue(now, DEFAULT_RULES.triage, calendar);
    const conn = await pool.getConnection();
    const run = async (statements: [string, unknown[]][]) =>
      (
        await conn.query(
          statements.map(([q]) => q).join(';\n'),
          statements.flatMap(([, v]) => v),
        )
      )[0] as unknown[];
    try {
      const first: [string, unknown[]][] = [['START TRANSACTION', []]];
      const refs = body.petitioners.map((p, i) => {
        first.push(insertRowsSql('petitioners', [petitionerRow(p, now)]), [
          `SET @petitioner_${i} = LAST_INSERT_ID()`,
          [],
        ]);
        return `@petitioner_${i}`;
      });
      first.push(
        ...newCaseStatements.insert(caseRow(year, body, now, triage.dueAt, actorId)),
        newCaseStatements.linkPetitioners(
          refs.map((r) => ({ petitioner: r, representative: false })),
        ),
        [
          `INSERT INTO clocks (case_id, hop_id, kind, status, started_at, length, unit, roll_over_holiday,
             extended_days, paused_days, fixed_due, due_date, due_at, ended_at, version, updated_at)
           VALUES (@case_id, NULL, 'triage', 'running', ?, ?, ?, ?, 0, 0, 0, ?, ?, NULL, 1, ?)`,
          [
            now,
            DEFAULT_RULES.triage.length,
            DEFAULT_RULES.triage.unit,
            DEFAULT_RULES.triage.rollOverHoliday,
            triage.dueDate,
            triage.dueAt,
            now,
          ],
        ],
        ['SELECT @case_id AS caseId, LAST_INSERT_ID() AS clockId', []],
      );
      const written = await run(first);
      const [{ caseId, clockId }] = written[written.length - 1] as {
        caseId: number;
        clockId: number;
      }[];
      const event = registeredEvent(body, { caseNo: '', actorId, at: now, repeatOf: null });
      const sealed = chain.chainFrom(Number(caseId), [event]);
      await run([
        ...summaryWrites(
          [],
          newCaseItems([registeredFacts(Number(caseId), Number(clockId), body, now, triage)]),
        ),
        ...newCaseStatements.numberAndFirstEvent({
          caseId: Number(caseId),
          prefix,
          year,
          head: sealed.head,
          event: sealed.events[0],
          dataAround: firstEventDataParts(event),
        }),
        ['COMMIT', []],
      ]);
    } catch (e) {
      await conn.query('ROLLBACK').catch(() => undefined);
      throw e;
    } finally {
      conn.release();
    }
  }

  async function worker(): Promise<void> {
    while (Date.now() < deadline) {
      const t = process.hrtime.bigint();
      try {
        await registerOne();
        latencies.push(Number(process.hrtime.bigint() - t) / 1e6);
      } catch (e) {
        errors++;
        if (samples.length < 5) samples.push(e instanceof Error ? e.message : String(e));
      }
    }
  }

  await Promise.all(Array.from({ length: connections }, () => worker()));
  const elapsed = (Date.now() - started) / 1000;
  return {
    seconds: elapsed,
    committed: latencies.length,
    tps: latencies.length / elapsed,
    latency: summarise(latencies),
    errors,
    samples,
  };
}
