import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import { isPetitionerWindow } from './petitioner-windows';

export const CLOCK_STATUSES = ['running', 'satisfied', 'cancelled'] as const;
export type ClockStatus = (typeof CLOCK_STATUSES)[number];

/** One row per clock (DESIGN §3): computed from the rules and the calendar, never typed in. */
@Entity('clocks')
@Index('ix_clocks_case', ['caseId', 'status'])
@Index('ix_clocks_status_due', ['status', 'dueAt'])
@Index('ix_clocks_letter', ['letterId', 'status'])
@Index('ix_clocks_next_stage', ['nextStageAt'])
@Index('ix_clocks_kind_due_date', ['kind', 'dueDate'])
export class ClockEntity {
  @PrimaryGeneratedColumn({ type: 'bigint', unsigned: true })
  id: number;

  /** Null for a clock that is not a case's (a supervision letter's reply deadline). */
  @Column({ type: 'bigint', unsigned: true, nullable: true })
  caseId: number | null;

  @Column({ type: 'bigint', unsigned: true, nullable: true })
  hopId: number | null;

  /** The supervision letter whose reply this clock times (督办函回复期限). */
  @Column({ type: 'bigint', unsigned: true, nullable: true })
  letterId: number | null;

  @Column({ type: 'varchar', length: 40 })
  kind: string;

  @Column({ type: 'varchar', length: 12 })
  status: ClockStatus;

  @Column({ type: 'datetime', precision: 3 })
  startedAt: Date;

  @Column({ type: 'smallint', unsigned: true })
  length: number;

  @Column({ type: 'varchar', length: 20 })
  unit: string;

  @Column({ type: 'boolean' })
  rollOverHoliday: boolean;

  /** Calendar days added by an extension (延期). */
  @Column({ type: 'smallint', unsigned: true })
  extendedDays: number;

  /** Calendar days excluded while paused (听证). */
  @Column({ type: 'smallint', unsigned: true })
  pausedDays: number;

  /** Set for a clock whose due date is fixed by a person (交办 report-back), not by a rule. */
  @Column({ type: 'boolean' })
  fixedDue: boolean;

  /**
   * Counted with weekends only over a year whose holiday notice is not loaded (暂定): the due date
   * may move when that year is loaded, which recomputes it.
   */
  @Column({ type: 'boolean', default: false })
  provisional: boolean;

  @Column({ type: 'date' })
  dueDate: string;

  @Column({ type: 'datetime', precision: 3 })
  dueAt: Date;

  @Column({ type: 'datetime', precision: 3, nullable: true })
  endedAt: Date | null;

  @Column({ type: 'int', unsigned: true })
  version: number;

  @Column({ type: 'datetime', precision: 3 })
  updatedAt: Date;

  /**
   * The next reminder stage to handle (DESIGN §4) and when it fires; the reminder sweep reads
   * clocks by `nextStageAt`. Null stage with a time: derive the stages afresh (the clock started or
   * moved). Both null: nothing more to remind (stopped, or every stage handled).
   */
  @Column({ type: 'varchar', length: 20, nullable: true })
  nextStage: string | null;

  @Column({ type: 'datetime', precision: 3, nullable: true })
  nextStageAt: Date | null;
}

/**
 * Columns to set whenever a running clock starts or its due date moves: its reminder stages are
 * derived again by the next sweep (in the same transaction as the move, so none is lost).
 */
export const rederiveStages = (now: Date) => ({ nextStage: null, nextStageAt: now });

/** Columns to set when a clock stops: no more reminders. */
export const STOP_STAGES = { nextStage: null, nextStageAt: null } as const;

/**
 * The stage columns of a clock of `kind` that starts or moves now: a petitioner's window has no
 * reminder stages (DESIGN §4), so the sweep never claims it; every other clock derives them again.
 */
export const stagesOnMove = (kind: string, now: Date) =>
  isPetitionerWindow(kind) ? STOP_STAGES : rederiveStages(now);
