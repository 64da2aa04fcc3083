import {
  addDays,
  type DeadlineUnit,
  endOfShanghaiDay,
  type LocalDate,
  type WorkingCalendar,
} from '@app/calendar';

/**
 * Reminder stages of every clock (DESIGN §4), in the order they fire: a notice before the due
 * date, one on the day, one when the clock is overdue, and the escalation to the supervisors.
 */
export const REMINDER_STAGES = ['due_soon', 'due_today', 'overdue', 'escalated'] as const;
export type ReminderStage = (typeof REMINDER_STAGES)[number];

export const STAGE_LABELS: Record<ReminderStage, string> = {
  due_soon: '即将到期',
  due_today: '今日到期',
  overdue: '已超期',
  escalated: '超期督办',
};

/** Who a stage notifies: the responsible unit's handlers, the case officer, the supervisors. */
export const RECIPIENT_GROUPS = ['unit_handlers', 'officer', 'supervisors'] as const;
export type RecipientGroup = (typeof RECIPIENT_GROUPS)[number];

/** Outbound channels besides the in-app inbox (which every stage writes). */
export const OUTBOUND_CHANNELS = ['webhook', 'email'] as const;
export type OutboundChannel = (typeof OUTBOUND_CHANNELS)[number];

export interface StageRule {
  stage: ReminderStage;
  enabled: boolean;
  /** Days from the due date to the stage's day (negative: before). */
  offset: number;
  unit: DeadlineUnit;
  recipients: RecipientGroup[];
  channels: OutboundChannel[];
}

const ORDER: Record<ReminderStage, number> = {
  due_soon: 0,
  due_today: 1,
  overdue: 2,
  escalated: 3,
};

/** Notices that lose their point once a later stage has come due. */
const NOTICES: ReadonlySet<ReminderStage> = new Set(['due_soon', 'due_today']);

const stage = (
  s: ReminderStage,
  offset: number,
  unit: DeadlineUnit,
  recipients: RecipientGroup[],
): StageRule => ({
  stage: s,
  enabled: true,
  offset,
  unit,
  recipients,
  channels: ['webhook', 'email'],
});

/** The defaults (seeded into reminder_rules for every clock kind; used for kinds without rows). */
export const DEFAULT_STAGE_RULES: StageRule[] = [
  stage('due_soon', -3, 'working_days', ['unit_handlers', 'officer']),
  stage('due_today', 0, 'calendar_days', ['unit_handlers', 'officer']),
  stage('overdue', 1, 'calendar_days', ['unit_handlers', 'officer']),
  stage('escalated', 5, 'working_days', ['supervisors', 'officer']),
];

/**
 * Which offsets an administrator may set per stage. The bounds keep the stages in firing order:
 * due soon before the due date, due today on it, overdue the day after, escalation after that.
 */
export const STAGE_OFFSET_BOUNDS: Record<ReminderStage, { min: number; max: number }> = {
  due_soon: { min: -30, max: -1 },
  due_today: { min: 0, max: 0 },
  overdue: { min: 1, max: 1 },
  escalated: { min: 1, max: 60 },
};

export interface PlannedStage {
  stage: ReminderStage;
  /** The Shanghai day the stage belongs to. */
  date: LocalDate;
  /** 00:00 Shanghai of that day. */
  fireAt: Date;
  rule: StageRule;
}

/** The n-th working day before `date` (the date itself not counted). */
export function workingDaysBefore(
  calendar: WorkingCalendar,
  date: LocalDate,
  n: number,
): LocalDate {
  let day = date;
  for (let i = 0; i < n; i++) {
    day = addDays(day, -1);
    for (let guard = 0; !calendar.isWorkingDay(day); guard++) {
      if (guard > 366) throw new RangeError(`No working day before ${date}`);
      day = addDays(day, -1);
    }
  }
  return day;
}

/** The day `offset` days (calendar or working) from the due date. */
export function stageDate(
  calendar: WorkingCalendar,
  dueDate: LocalDate,
  offset: number,
  unit: DeadlineUnit,
): LocalDate {
  if (unit === 'calendar_days' || offset === 0) return addDays(dueDate, offset);
  return offset > 0
    ? calendar.addWorkingDays(dueDate, offset)
    : workingDaysBefore(calendar, dueDate, -offset);
}

/** Midnight at the start of a Shanghai day. */
export const startOfShanghaiDay = (date: LocalDate): Date => endOfShanghaiDay(addDays(date, -1));

/** Every enabled stage of a clock due on `dueDate`, in firing order. */
export function planStages(
  dueDate: LocalDate,
  rules: StageRule[],
  calendar: WorkingCalendar,
): PlannedStage[] {
  return rules
    .filter((r) => r.enabled)
    .map((rule) => {
      const date = stageDate(calendar, dueDate, rule.offset, rule.unit);
      return { stage: rule.stage, date, fireAt: startOfShanghaiDay(date), rule };
    })
    .sort((a, b) => a.fireAt.getTime() - b.fireAt.getTime() || ORDER[a.stage] - ORDER[b.stage]);
}

export interface StageDecision {
  /** Stages to record now, in order. */
  owed: PlannedStage[];
  /** The next stage still to come (its fireAt is after `now`), or null when none is left. */
  next: PlannedStage | null;
}

/**
 * What a clock owes at `now`, given the stage its cursor points at (null: derive from scratch,
 * after a start or a move). Stages before the cursor were handled. Of the stages whose time has
 * come, a notice (due soon, due today) that a later stage has overtaken is dropped: after an
 * outage or for a clock that started late, the unit hears "overdue", not a stale "due in 3 days".
 * Overdue and escalation are always sent.
 */
export function decideStages(
  plan: PlannedStage[],
  cursor: ReminderStage | null,
  now: Date,
): StageDecision {
  const pending = cursor === null ? plan : plan.filter((p) => ORDER[p.stage] >= ORDER[cursor]);
  const passed = pending.filter((p) => p.fireAt.getTime() <= now.getTime());
  const owed = passed.filter((p, i) => !NOTICES.has(p.stage) || i === passed.length - 1);
  const next = pending.find((p) => p.fireAt.getTime() > now.getTime()) ?? null;
  return { owed, next };
}

export const isReminderStage = (s: unknown): s is ReminderStage =>
  typeof s === 'string' && (REMINDER_STAGES as readonly string[]).includes(s);

/** The business key of a reminder, also the stem of its job ids (no `:` in BullMQ ids). */
export const reminderKey = (clockId: number, stage: string, dueDate: string) =>
  `${clockId}-${stage}-${dueDate}`;

/** A recorded reminder's key: its clock, stage and due date, or for a notice of no clock its id. */
export const recordedKey = (r: {
  reminder_id: number;
  clock_id: number | null;
  stage: string;
  due_date: string;
}) =>
  r.clock_id === null ? `notice-${r.reminder_id}` : reminderKey(r.clock_id, r.stage, r.due_date);
