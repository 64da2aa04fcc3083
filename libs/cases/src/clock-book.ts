import type { EntityManager } from 'typeorm';
import { computeDue, type ClockKind, type DeadlineRule, type WorkingCalendar } from '@app/calendar';
import { insertRows } from '@app/database';
import { ClockEntity, rederiveStages, STOP_STAGES } from './clock.entity';

/** A clock whose last day was set, not counted from a rule. */
const FIXED_DUE = { length: 0, unit: 'calendar_days' as const, rollOverHoliday: false };

export interface NextDue {
  nextDueAt: Date | null;
  nextClockKind: string | null;
}

/** Starts, stops and moves a case's clocks inside the caller's transaction. */
export class ClockBook {
  constructor(
    private readonly m: EntityManager,
    private readonly calendar: WorkingCalendar,
    private readonly now: Date,
  ) {}

  /** Starts a rule clock; the due time comes from the rule and the calendar. */
  async start(
    caseId: number,
    hopId: number | null,
    rule: DeadlineRule,
    startedAt: Date,
  ): Promise<ClockEntity> {
    return this.insert(this.ruleClock(caseId, hopId, rule, startedAt));
  }

  /** The row of a rule clock starting now, for the caller to insert (no id yet). */
  ruleClock(
    caseId: number,
    hopId: number | null,
    rule: DeadlineRule,
    startedAt: Date,
  ): ClockEntity {
    const due = computeDue(startedAt, rule, this.calendar);
    return this.row(caseId, hopId, rule.kind, startedAt, rule, due.dueDate, due.dueAt, false);
  }

  /** Starts a clock whose last day a person set (交办 report-back date). */
  async startFixed(
    caseId: number,
    hopId: number | null,
    kind: ClockKind,
    startedAt: Date,
    dueDate: string,
    dueAt: Date,
  ): Promise<ClockEntity> {
    return this.insert(this.row(caseId, hopId, kind, startedAt, FIXED_DUE, dueDate, dueAt, true));
  }

  /** Stops running clocks of these kinds: met (`satisfied`) or no longer owed (`cancelled`). */
  async stop(
    caseId: number,
    kinds: ClockKind[],
    outcome: 'satisfied' | 'cancelled',
    endedAt: Date = this.now,
  ): Promise<number> {
    if (kinds.length === 0) return 0;
    return this.stopWhere(
      'case_id = :caseId AND kind IN (:...kinds)',
      { caseId, kinds },
      outcome,
      endedAt,
    );
  }

  /** Adds calendar days to a running rule clock (延期) and recomputes its due time. */
  async extend(caseId: number, kind: ClockKind, days: number): Promise<ClockEntity | null> {
    const clock = await this.m.findOne(ClockEntity, { where: { caseId, kind, status: 'running' } });
    if (!clock) return null;
    clock.extendedDays += days;
    const due = dueOf(clock, this.calendar);
    await this.m.update(
      ClockEntity,
      { id: clock.id },
      {
        extendedDays: clock.extendedDays,
        dueDate: due.dueDate,
        dueAt: due.dueAt,
        updatedAt: this.now,
        version: () => 'version + 1',
        ...rederiveStages(this.now),
      },
    );
    return { ...clock, dueDate: due.dueDate, dueAt: due.dueAt };
  }

  /** Excludes paused calendar days (听证) from a running rule clock and recomputes its due time. */
  async pause(caseId: number, kind: ClockKind, days: number): Promise<ClockEntity | null> {
    const clock = await this.m.findOne(ClockEntity, { where: { caseId, kind, status: 'running' } });
    if (!clock) return null;
    clock.pausedDays += days;
    const due = dueOf(clock, this.calendar);
    await this.m.update(
      ClockEntity,
      { id: clock.id },
      {
        pausedDays: clock.pausedDays,
        dueDate: due.dueDate,
        dueAt: due.dueAt,
        updatedAt: this.now,
        version: () => 'version + 1',
        ...rederiveStages(this.now),
      },
    );
    return { ...clock, dueDate: due.dueDate, dueAt: due.dueAt };
  }

  /** Starts a supervision letter's reply clock (督办函回复期限), due when the letter says. */
  async startForLetter(letterId: number, startedAt: Date, dueDate: string, dueAt: Date) {
    return this.insert(
      this.row(
        null,
        null,
        'supervision_reply',
        startedAt,
        FIXED_DUE,
        dueDate,
        dueAt,
        true,
        letterId,
      ),
    );
  }

  /** Stops a letter's running reply clock: replied (`satisfied`) or voided (`cancelled`). */
  async stopForLetter(letterId: number, outcome: 'satisfied' | 'cancelled'): Promise<number> {
    return this.stopWhere('letter_id = :letterId', { letterId }, outcome, this.now);
  }

  /** Ends the running clocks `where` selects; their reminder stages stop with them. */
  private async stopWhere(
    where: string,
    params: Record<string, unknown>,
    outcome: 'satisfied' | 'cancelled',
    endedAt: Date,
  ): Promise<number> {
    const result = await this.m
      .createQueryBuilder()
      .update(ClockEntity)
      .set({
        status: outcome,
        endedAt,
        updatedAt: this.now,
        ...STOP_STAGES,
        version: () => 'version + 1',
      })
      .where(`${where} AND status = :running`, { ...params, running: 'running' })
      .execute();
    return result.affected ?? 0;
  }

  async running(caseId: number): Promise<ClockEntity[]> {
    return this.m.find(ClockEntity, {
      where: { caseId, status: 'running' },
      order: { dueAt: 'ASC' },
    });
  }

  /** The nearest running clock, which the case row keeps for lists and overdue filters. */
  async nextDue(caseId: number): Promise<NextDue> {
    const next = await this.m.findOne(ClockEntity, {
      where: { caseId, status: 'running' },
      order: { dueAt: 'ASC', id: 'ASC' },
    });
    return { nextDueAt: next?.dueAt ?? null, nextClockKind: next?.kind ?? null };
  }

  private async insert(clock: ClockEntity): Promise<ClockEntity> {
    clock.id = await insertRows(this.m, 'clocks', [{ ...clock }]);
    return clock;
  }

  private row(
    caseId: number | null,
    hopId: number | null,
    kind: ClockKind,
    startedAt: Date,
    rule: Pick<DeadlineRule, 'length' | 'unit' | 'rollOverHoliday'>,
    dueDate: string,
    dueAt: Date,
    fixedDue: boolean,
    letterId: number | null = null,
  ): ClockEntity {
    return this.m.create(ClockEntity, {
      caseId,
      hopId,
      letterId,
      kind,
      status: 'running',
      startedAt,
      length: rule.length,
      unit: rule.unit,
      rollOverHoliday: rule.rollOverHoliday,
      extendedDays: 0,
      pausedDays: 0,
      fixedDue,
      dueDate,
      dueAt,
      endedAt: null,
      version: 1,
      updatedAt: this.now,
      ...rederiveStages(this.now),
    });
  }
}

/** A rule clock's due time from its stored rule, extension (延期, calendar days) and pauses. */
export function dueOf(clock: ClockEntity, calendar: WorkingCalendar) {
  return computeDue(
    clock.startedAt,
    {
      length: clock.length + clock.extendedDays,
      unit: clock.unit === 'working_days' ? 'working_days' : 'calendar_days',
      rollOverHoliday: clock.rollOverHoliday,
    },
    calendar,
    clock.pausedDays,
  );
}
