import { Injectable } from '@nestjs/common';
import { Clock, staleVersion } from '@app/core';
import {
  CALENDAR_YEAR_MAX,
  CALENDAR_YEAR_MIN,
  calendarChecksum,
  missingCalendarYears,
  validateYearDays,
} from './calendar-data';
import type { CalendarVersionEntity } from './calendar-version.entity';
import { CalendarRepository } from './calendar.repository';
import {
  calendarInvalid,
  calendarNoteInvalid,
  calendarSourceInvalid,
  calendarYearInvalid,
  deadlineRuleInvalid,
  deadlineRuleNotFound,
} from './calendar.errors';
import {
  CLOCK_KINDS,
  type ClockKind,
  DEADLINE_UNITS,
  type DeadlineRule,
  type DeadlineUnit,
  RULE_LENGTH_MAX,
  RULE_LENGTH_MIN,
} from './deadline';
import type { DeadlineRuleEntity } from './deadline-rule.entity';
import { DeadlineRulesRepository } from './deadline-rules.repository';
import { shanghaiDate } from './local-date';
import { StampedCache } from './stamped-cache';
import { type CalendarException, WorkingCalendar } from './working-calendar';

/** How stale another process's calendar or rule change may be seen here, at most. */
const REFRESH_MS = 5_000;
const SOURCE_MAX = 200;
const NOTE_MAX = 500;

/** A deadline rule as stored, with what an administrator needs to change it. */
export interface StoredDeadlineRule extends DeadlineRule {
  version: number;
  updatedAt: Date;
  updatedBy: number | null;
}

export interface DeadlineRuleChange {
  length?: number;
  unit?: DeadlineUnit;
  rollOverHoliday?: boolean;
  version: number;
}

@Injectable()
export class CalendarService {
  private readonly calendarCache: StampedCache<WorkingCalendar>;
  private readonly rulesCache: StampedCache<StoredDeadlineRule[]>;

  constructor(
    private readonly calendar: CalendarRepository,
    private readonly deadlineRules: DeadlineRulesRepository,
    private readonly clock: Clock,
  ) {
    // Every load inserts a calendar_versions row, so its count and max id change on every load.
    this.calendarCache = new StampedCache(
      () => this.calendar.stamp(),
      () => this.loadCalendar(),
      REFRESH_MS,
    );
    // Versions only grow, so their sum changes on every rule update.
    this.rulesCache = new StampedCache(
      () => this.deadlineRules.stamp(),
      () => this.loadRules(),
      REFRESH_MS,
    );
  }

  /**
   * Forgets the cached calendar and rules, so the next read sees the latest load: a recompute
   * after a change must not use the copy another job (e.g. the reminder sweep) cached moments ago.
   */
  invalidate(): void {
    this.calendarCache.invalidate();
    this.rulesCache.invalidate();
  }

  /** The working calendar in force (all loaded years). */
  current(): Promise<WorkingCalendar> {
    return this.calendarCache.get(this.clock.now().getTime());
  }

  /** The years that should be loaded by now and are not (missingCalendarYears). */
  async missingYears(): Promise<number[]> {
    return missingCalendarYears(shanghaiDate(this.clock.now()), await this.current());
  }

  async listYear(year: number): Promise<CalendarException[]> {
    if (!isCalendarYear(year)) throw calendarYearInvalid(year);
    const rows = await this.calendar.daysOf(year);
    return rows.map((r) => ({ date: r.day, kind: r.kind, name: r.name }));
  }

  /** Every load of every year, newest first. */
  versions(): Promise<CalendarVersionEntity[]> {
    return this.calendar.versions();
  }

  /**
   * Replaces a year's holidays and 调休 days with `days` (e.g. from that year's State Council
   * notice) and records the load as a new version. The caller recomputes the open clocks.
   */
  async replaceYear(
    year: number,
    days: CalendarException[],
    source: string,
    note: string | null,
    userId: number | null,
  ): Promise<CalendarVersionEntity> {
    if (!isCalendarYear(year)) throw calendarYearInvalid(year);
    const problems = validateYearDays(year, days);
    if (problems.length) throw calendarInvalid(year, problems);
    const cleanSource = typeof source === 'string' ? source.trim() : '';
    if (!cleanSource || cleanSource.length > SOURCE_MAX) throw calendarSourceInvalid();
    const cleanNote = typeof note === 'string' ? note.trim() || null : null;
    if (cleanNote && cleanNote.length > NOTE_MAX) throw calendarNoteInvalid();

    const rows = days
      .map((d) => ({ date: d.date, kind: d.kind, name: d.name.trim() }))
      .sort((a, b) => a.date.localeCompare(b.date));
    const saved = await this.calendar.replaceYear(
      {
        year,
        source: cleanSource,
        daysCount: rows.length,
        checksum: calendarChecksum(rows),
        note: cleanNote,
        loadedBy: userId,
        loadedAt: this.clock.now(),
      },
      rows,
    );
    this.calendarCache.invalidate();
    return saved;
  }

  /** The deadline rules in force, one per clock kind. */
  async rules(): Promise<StoredDeadlineRule[]> {
    const rules = await this.rulesCache.get(this.clock.now().getTime());
    return rules.map((r) => ({ ...r }));
  }

  async rule(kind: ClockKind): Promise<StoredDeadlineRule> {
    const found = (await this.rules()).find((r) => r.kind === kind);
    if (!found) throw deadlineRuleNotFound(kind);
    return found;
  }

  async updateRule(
    kind: ClockKind,
    change: DeadlineRuleChange,
    userId: number | null,
  ): Promise<StoredDeadlineRule> {
    if (!(CLOCK_KINDS as readonly string[]).includes(kind)) throw deadlineRuleNotFound(kind);
    const { version, ...fields } = change;
    if (!Number.isInteger(version) || version < 1) {
      throw deadlineRuleInvalid('version', '版本号无效');
    }
    const values: Partial<DeadlineRuleEntity> = { updatedAt: this.clock.now(), updatedBy: userId };
    if (fields.length !== undefined) {
      const length = fields.length;
      if (!Number.isInteger(length) || length < RULE_LENGTH_MIN || length > RULE_LENGTH_MAX) {
        throw deadlineRuleInvalid(
          'length',
          `期限天数须为 ${RULE_LENGTH_MIN} 至 ${RULE_LENGTH_MAX} 之间的整数`,
        );
      }
      values.length = length;
    }
    if (fields.unit !== undefined) {
      if (!(DEADLINE_UNITS as readonly string[]).includes(fields.unit)) {
        throw deadlineRuleInvalid('unit', '期限单位须为自然日或工作日');
      }
      values.unit = fields.unit;
    }
    if (fields.rollOverHoliday !== undefined) {
      if (typeof fields.rollOverHoliday !== 'boolean') {
        throw deadlineRuleInvalid('rollOverHoliday', '节假日顺延须为是或否');
      }
      values.rollOverHoliday = fields.rollOverHoliday;
    }

    const updated = await this.deadlineRules.update(kind, version, values);
    this.rulesCache.invalidate();
    const current = await this.deadlineRules.findByKind(kind);
    if (!current) throw deadlineRuleNotFound(kind);
    if (!updated) throw staleVersion('期限规则', kind);
    return toStoredRule(current);
  }

  private async loadCalendar(): Promise<WorkingCalendar> {
    const [days, years] = await Promise.all([this.calendar.allDays(), this.calendar.loadedYears()]);
    return new WorkingCalendar(
      days.map((d) => ({ date: d.day, kind: d.kind, name: d.name })),
      years,
    );
  }

  private async loadRules(): Promise<StoredDeadlineRule[]> {
    const rows = await this.deadlineRules.all();
    const order = (k: ClockKind) => CLOCK_KINDS.indexOf(k);
    return rows.map(toStoredRule).sort((a, b) => order(a.kind) - order(b.kind));
  }
}

function isCalendarYear(year: number): boolean {
  return Number.isInteger(year) && year >= CALENDAR_YEAR_MIN && year <= CALENDAR_YEAR_MAX;
}

function toStoredRule(r: DeadlineRuleEntity): StoredDeadlineRule {
  return {
    kind: r.kind,
    length: r.length,
    unit: r.unit,
    rollOverHoliday: r.rollOverHoliday,
    version: r.version,
    updatedAt: r.updatedAt,
    updatedBy: r.updatedBy,
  };
}
