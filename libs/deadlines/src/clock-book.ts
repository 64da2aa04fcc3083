import type { EntityManager } from 'typeorm';
import {
  computeDue,
  type ClockKind,
  type DeadlineRule,
  type DueDate,
  type WorkingCalendar,
} from '@app/calendar';
import { type ClockEntity, STOP_STAGES, stagesOnMove } from './clock.entity';
import { ClocksRepository } from './clocks.repository';
import { PETITIONER_WINDOW_KINDS } from './petitioner-windows';

/** A clock whose last day was set, not counted from a rule. */
const FIXED_DUE = { length: 0, unit: 'calendar_days' as const, rollOverHoliday: false };

/** A last day a person set: no calendar counted it, so it is never provisional. */
const setByPerson = (dueDate: string, dueAt: Date): DueDate => ({
  dueDate,
  dueAt,
  provisional: false,
});

export interface NextDue {
  nextDueAt: Date | null;
  nextClockKind: string | null;
  nextDueProvisional: boolean;
}

/**
 * Starts, stops and moves a case's clocks inside the caller's transaction: with the sweep's
 * repository (ClockSweepRepository), the only writer of `clocks`.
 */
export class ClockBook {
  constructor(
    private readonly clocks: ClocksRepository,
    private readonly calendar: WorkingCalendar,
    private readonly now: Date,
  ) {}

  /** The book of the transaction `m`, counting on `calendar`, with `now` as the time of change. */
  static within(m: EntityManager, calendar: WorkingCalendar, now: Date): ClockBook {
    return new ClockBook(new ClocksRepository(m), calendar, now);
  }

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
    return this.row(caseId, hopId, rule.kind, startedAt, rule, due, false);
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
    return this.insert(
      this.row(caseId, hopId, kind, startedAt, FIXED_DUE, setByPerson(dueDate, dueAt), true),
    );
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
    return this.move(caseId, kind, (c) => ({ extendedDays: c.extendedDays + days }));
  }

  /** Excludes paused calendar days (听证) from a running rule clock and recomputes its due time. */
  async pause(caseId: number, kind: ClockKind, days: number): Promise<ClockEntity | null> {
    return this.move(caseId, kind, (c) => ({ pausedDays: c.pausedDays + days }));
  }

  /** Changes a running rule clock's days (`change`) and moves its due time accordingly. */
  private async move(
    caseId: number,
    kind: ClockKind,
    change: (c: ClockEntity) => Partial<Pick<ClockEntity, 'extendedDays' | 'pausedDays'>>,
  ): Promise<ClockEntity | null> {
    const clock = await this.clocks.runningOfKind(caseId, kind);
    if (!clock) return null;
    const days = change(clock);
    Object.assign(clock, days);
    const due = dueOf(clock, this.calendar);
    await this.clocks.update(clock.id, {
      ...days,
      dueDate: due.dueDate,
      dueAt: due.dueAt,
      provisional: due.provisional,
      updatedAt: this.now,
      ...stagesOnMove(clock.kind, this.now),
    });
    return { ...clock, dueDate: due.dueDate, dueAt: due.dueAt, provisional: due.provisional };
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
        setByPerson(dueDate, dueAt),
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
    return this.clocks.updateRunningWhere(where, params, {
      status: outcome,
      endedAt,
      updatedAt: this.now,
      ...STOP_STAGES,
    });
  }

  /**
   * After a calendar or rule change: gives a running rule clock still at its read `version` the
   * rule (`moved`'s length, unit and roll-over) and the due time `due` (provisional or no longer,
   * as the loaded years now say). False when the clock changed meanwhile.
   */
  async recompute(
    clock: Pick<ClockEntity, 'id' | 'version' | 'kind'>,
    moved: Pick<ClockEntity, 'length' | 'unit' | 'rollOverHoliday'>,
    due: DueDate,
  ): Promise<boolean> {
    return this.clocks.updateRunning(clock.id, clock.version, {
      length: moved.length,
      unit: moved.unit,
      rollOverHoliday: moved.rollOverHoliday,
      dueDate: due.dueDate,
      dueAt: due.dueAt,
      provisional: due.provisional,
      updatedAt: this.now,
      ...stagesOnMove(clock.kind, this.now),
    });
  }

  async running(caseId: number): Promise<ClockEntity[]> {
    return this.clocks.running(caseId);
  }

  /** The case's running clock of this kind, if any. */
  runningOfKind(caseId: number, kind: ClockKind): Promise<ClockEntity | null> {
    return this.clocks.runningOfKind(caseId, kind);
  }

  /**
   * The nearest running clock the bureau or a unit must meet, which the case row keeps for the
   * overdue and due-soon lists; the petitioner's windows never count (none: null).
   */
  async nextDue(caseId: number): Promise<NextDue> {
    const next = await this.clocks.nearestRunning(caseId, PETITIONER_WINDOW_KINDS);
    return {
      nextDueAt: next?.dueAt ?? null,
      nextClockKind: next?.kind ?? null,
      nextDueProvisional: next?.provisional ?? false,
    };
  }

  private async insert(clock: ClockEntity): Promise<ClockEntity> {
    clock.id = await this.clocks.insert(clock);
    return clock;
  }

  private row(
    caseId: number | null,
    hopId: number | null,
    kind: ClockKind,
    startedAt: Date,
    rule: Pick<DeadlineRule, 'length' | 'unit' | 'rollOverHoliday'>,
    due: DueDate,
    fixedDue: boolean,
    letterId: number | null = null,
  ): ClockEntity {
    return this.clocks.create({
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
      provisional: due.provisional,
      dueDate: due.dueDate,
      dueAt: due.dueAt,
      endedAt: null,
      version: 1,
      updatedAt: this.now,
      ...stagesOnMove(kind, this.now),
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
