import { Injectable } from '@nestjs/common';
import { CLOCK_KINDS, DEADLINE_UNITS, type DeadlineUnit } from '@app/calendar';
import { Clock, staleVersion } from '@app/core';
import { isPetitionerWindow } from '@app/deadlines';
import type { ReminderRuleEntity } from './reminder.entities';
import { ReminderRulesRepository } from './reminder-rules.repository';
import { reminderRuleInvalid, reminderRuleNotFound } from './reminders.errors';
import {
  DEFAULT_STAGE_RULES,
  isReminderStage,
  OUTBOUND_CHANNELS,
  type OutboundChannel,
  RECIPIENT_GROUPS,
  type RecipientGroup,
  REMINDER_STAGES,
  type ReminderStage,
  STAGE_OFFSET_BOUNDS,
  type StageRule,
} from './stages';

/** How stale another process's rule change may be seen here, at most. */
const REFRESH_MS = 5_000;

export interface StoredReminderRule extends StageRule {
  clockKind: string;
  version: number;
  updatedAt: Date;
  updatedBy: number | null;
}

export interface ReminderRuleChange {
  enabled?: boolean;
  offset?: number;
  unit?: DeadlineUnit;
  recipients?: RecipientGroup[];
  channels?: OutboundChannel[];
  version: number;
}

const list = <T extends string>(csv: string, allowed: readonly T[]): T[] =>
  csv.split(',').filter((v): v is T => (allowed as readonly string[]).includes(v));

/** Reminder stages per clock kind (reminder_rules), cached briefly like the deadline rules. */
@Injectable()
export class ReminderRulesService {
  private cache: { at: number; rules: Map<string, StoredReminderRule[]> } | undefined;

  constructor(
    private readonly ruleRows: ReminderRulesRepository,
    private readonly clock: Clock,
  ) {}

  /**
   * The stages in force for a clock kind; kinds without rows use the defaults. A petitioner's
   * window has none: it is no one's work to remind of (DESIGN §4), whatever its rows say.
   */
  async forKind(kind: string): Promise<StageRule[]> {
    if (isPetitionerWindow(kind)) return [];
    const rules = await this.load();
    return rules.get(kind) ?? DEFAULT_STAGE_RULES;
  }

  /** Every rule, by clock kind then stage order. */
  async list(): Promise<StoredReminderRule[]> {
    const rules = await this.load();
    return [...rules.values()].flat();
  }

  async update(
    kind: string,
    stage: string,
    change: ReminderRuleChange,
    userId: number | null,
  ): Promise<StoredReminderRule> {
    if (!(CLOCK_KINDS as readonly string[]).includes(kind) || !isReminderStage(stage)) {
      throw reminderRuleNotFound(kind, stage);
    }
    const values: Partial<ReminderRuleEntity> = { updatedAt: this.clock.now(), updatedBy: userId };
    if (change.enabled && isPetitionerWindow(kind)) {
      throw reminderRuleInvalid(
        'enabled',
        '复查（复核）申请期限和满意度评价期限是信访人的期限，不向工作人员提醒，期满即记录并终止',
      );
    }
    if (change.enabled !== undefined) values.enabled = change.enabled;
    if (change.offset !== undefined) {
      const { min, max } = STAGE_OFFSET_BOUNDS[stage];
      if (!Number.isInteger(change.offset) || change.offset < min || change.offset > max) {
        throw reminderRuleInvalid('offset', `该阶段的提前/超期天数须在 ${min} 至 ${max} 之间`);
      }
      values.offsetDays = change.offset;
    }
    if (change.unit !== undefined) {
      if (!(DEADLINE_UNITS as readonly string[]).includes(change.unit)) {
        throw reminderRuleInvalid('unit', '天数单位须为自然日或工作日');
      }
      values.offsetUnit = change.unit;
    }
    if (change.recipients !== undefined) {
      const groups = [...new Set(change.recipients)];
      if (!groups.length || groups.some((g) => !RECIPIENT_GROUPS.includes(g))) {
        throw reminderRuleInvalid('recipients', '提醒对象须从责任单位经办人、承办人、督查员中选择');
      }
      values.recipients = groups.join(',');
    }
    if (change.channels !== undefined) {
      const channels = [...new Set(change.channels)];
      if (channels.some((c) => !OUTBOUND_CHANNELS.includes(c))) {
        throw reminderRuleInvalid('channels', '外发渠道须为 webhook 或 email');
      }
      values.channels = channels.join(',');
    }
    if (!(await this.ruleRows.update(kind, stage, change.version, values))) {
      const exists = await this.ruleRows.exists(kind, stage);
      if (!exists) throw reminderRuleNotFound(kind, stage);
      throw staleVersion('提醒规则', `${kind}/${stage}`);
    }
    this.cache = undefined;
    const row = await this.ruleRows.findOrFail(kind, stage);
    return toRule(row);
  }

  private async load(): Promise<Map<string, StoredReminderRule[]>> {
    const now = Date.now();
    if (this.cache && now - this.cache.at < REFRESH_MS) return this.cache.rules;
    const rows = await this.ruleRows.all();
    const rules = new Map<string, StoredReminderRule[]>();
    for (const row of rows) {
      if (!isReminderStage(row.stage)) continue;
      const forKind = rules.get(row.clockKind) ?? [];
      forKind.push(toRule(row));
      rules.set(row.clockKind, forKind);
    }
    for (const r of rules.values()) {
      r.sort((a, b) => REMINDER_STAGES.indexOf(a.stage) - REMINDER_STAGES.indexOf(b.stage));
    }
    this.cache = { at: now, rules };
    return rules;
  }
}

function toRule(row: ReminderRuleEntity): StoredReminderRule {
  return {
    clockKind: row.clockKind,
    stage: row.stage as ReminderStage,
    enabled: row.enabled,
    offset: row.offsetDays,
    unit: row.offsetUnit === 'working_days' ? 'working_days' : 'calendar_days',
    recipients: list(row.recipients, RECIPIENT_GROUPS),
    channels: list(row.channels, OUTBOUND_CHANNELS),
    version: row.version,
    updatedAt: row.updatedAt,
    updatedBy: row.updatedBy,
  };
}
