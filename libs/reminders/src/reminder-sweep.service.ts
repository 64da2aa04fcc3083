import { InjectQueue } from '@nestjs/bullmq';
import { Injectable, Logger } from '@nestjs/common';
import type { Queue } from 'bullmq';
import type { EntityManager } from 'typeorm';
import { CalendarService, computeDue, type WorkingCalendar } from '@app/calendar';
import { HANDLING_OFFICER_ROLES } from '@app/auth';
import { AppConfig, Clock } from '@app/core';
import { ClockSweepRepository, type ClaimedClock, type StageMove } from '@app/deadlines';
import {
  DELIVERIES_QUEUE,
  DeliveriesJob,
  type DeliverPayload,
  REMINDERS_QUEUE,
  RemindersJob,
} from '@app/queue';
import { ReminderRulesService } from './reminder-rules.service';
import { ReminderSweepRepository, type SweepCase } from './reminder-sweep.repository';
import {
  decideStages,
  isReminderStage,
  type PlannedStage,
  planStages,
  recordedKey,
  reminderKey,
  STAGE_LABELS,
} from './stages';

/** Clock kinds as a reminder names them. */
export const CLOCK_KIND_LABELS: Record<string, string> = {
  triage: '登记转送（交办）期限',
  acceptance_notice: '受理告知期限',
  objection_window: '异议期限',
  handling: '办理答复期限',
  assignment_report: '交办报结期限',
  review_request_window: '复查申请期限',
  review_decision: '复查意见期限',
  re_review_request_window: '复核申请期限',
  re_review_decision: '复核意见期限',
  supervision_reply: '督办函回复期限',
  evaluation_window: '满意度评价期限',
};

interface Owed {
  clock: ClaimedClock;
  planned: PlannedStage;
}

export interface NewDelivery {
  id: number;
  jobId: string;
}

export interface SweepResult {
  claimed: number;
  recorded: number;
  enqueued: number;
  requeued: number;
}

/**
 * The reminder sweep (DESIGN §4). The clocks table is the source of truth: each running clock
 * carries the next stage it owes and when (`next_stage_at`, indexed). A sweep claims the clocks
 * whose time has come (`FOR UPDATE SKIP LOCKED`, so concurrent sweeps share the work), records
 * each owed stage (unique per clock, stage and due date), the inbox entries and the outbound
 * deliveries, and moves the clock to its next stage, all in one transaction. Deliveries are then
 * enqueued with job ids derived from the same key; a lost job (Redis flushed, worker killed) is
 * found again by its pending row once its lease has passed.
 */
@Injectable()
export class ReminderSweepService {
  private readonly logger = new Logger(ReminderSweepService.name);

  constructor(
    private readonly clocks: ClockSweepRepository,
    private readonly data: ReminderSweepRepository,
    private readonly clock: Clock,
    private readonly config: AppConfig,
    private readonly calendar: CalendarService,
    private readonly rules: ReminderRulesService,
    @InjectQueue(DELIVERIES_QUEUE) private readonly deliveries: Queue,
    @InjectQueue(REMINDERS_QUEUE) private readonly reminders: Queue,
  ) {}

  /**
   * Claims and records batches until nothing is owed (or `shouldStop`, e.g. at shutdown: what is
   * left stays owed in the database for the next sweep), re-enqueues lost deliveries, and asks
   * for an early sweep if a stage falls due before the next scheduled one.
   */
  async sweep(shouldStop: () => boolean = () => false): Promise<SweepResult> {
    const result: SweepResult = { claimed: 0, recorded: 0, enqueued: 0, requeued: 0 };
    const batch = this.config.reminders.batchSize;
    // A few batches in parallel (SKIP LOCKED gives each its own clocks): the database overlaps
    // their commits, so a burst of owed stages drains several times faster.
    const loop = async () => {
      for (;;) {
        const r = await this.sweepBatch();
        result.claimed += r.claimed;
        result.recorded += r.recorded;
        result.enqueued += r.enqueued;
        if (r.claimed < batch || shouldStop()) return;
      }
    };
    await Promise.all(Array.from({ length: this.config.reminders.sweepParallel }, loop));
    for (;;) {
      const n = await this.requeueDeliveries();
      result.requeued += n;
      if (n < batch || shouldStop()) break;
    }
    await this.scheduleWakeUp();
    return result;
  }

  /**
   * One transaction: claim up to a batch of clocks with a stage due, record, advance.
   * READ COMMITTED: under REPEATABLE READ the claim's `FOR UPDATE` also locks the gaps of
   * ix_clocks_next_stage around the claimed rows, and moving the clocks to their next stage
   * inserts into those gaps, so two batches that claimed side by side deadlocked (seen under
   * load: ER_LOCK_DEADLOCK in the two-worker sweep). Record locks alone keep each batch's clocks
   * its own.
   */
  async sweepBatch(): Promise<{ claimed: number; recorded: number; enqueued: number }> {
    const now = this.clock.now();
    const calendar = await this.calendar.current();
    const { claimed, recorded, deliveries } = await this.data.transaction(
      'READ COMMITTED',
      async (m) => {
        const clocks = await this.claim(m, now);
        if (clocks.length === 0) return { claimed: 0, recorded: 0, deliveries: [] };
        const owed: Owed[] = [];
        const moves = new Map<number, StageMove>();
        // Due dates cluster on a few days: plan each (kind, due date) once per batch.
        const plans = new Map<string, PlannedStage[]>();
        for (const c of clocks) {
          if (c.status !== 'running') {
            moves.set(c.id, { stage: null, at: null });
            continue;
          }
          const planKey = `${c.kind}|${c.due_date}`;
          let plan = plans.get(planKey);
          if (!plan) {
            plan = planStages(c.due_date, await this.rules.forKind(c.kind), calendar);
            plans.set(planKey, plan);
          }
          const cursor = isReminderStage(c.next_stage) ? c.next_stage : null;
          const d = decideStages(plan, cursor, now);
          for (const planned of d.owed) owed.push({ clock: c, planned });
          moves.set(c.id, { stage: d.next?.stage ?? null, at: d.next?.fireAt ?? null });
        }
        const recorded = owed.length
          ? await this.record(m, owed, now, calendar)
          : { recorded: 0, deliveries: [] };
        await this.clocks.advanceStages(m, moves);
        return { claimed: clocks.length, ...recorded };
      },
    );
    const enqueued = await this.enqueue(deliveries);
    return { claimed, recorded, enqueued };
  }

  /** The claim: clocks whose next stage is due, through ix_clocks_next_stage, locked for this sweep. */
  claim(m: EntityManager, now: Date, limit = this.config.reminders.batchSize) {
    return this.clocks.claimDue(m, now, limit);
  }

  /** Writes the reminders not yet recorded, their inbox entries and deliveries. */
  private async record(
    m: EntityManager,
    owed: Owed[],
    now: Date,
    calendar: WorkingCalendar,
  ): Promise<{ recorded: number; deliveries: NewDelivery[] }> {
    const clockIds = [...new Set(owed.map((o) => o.clock.id))];
    // The clocks are locked by this transaction, so no one else records for them meanwhile.
    const existing = await this.data.remindersOf(m, clockIds);
    const seen = new Set(existing.map((r) => reminderKey(r.clock_id, r.stage, r.due_date)));
    const fresh = owed.filter(
      (o) => !seen.has(reminderKey(o.clock.id, o.planned.stage, o.clock.due_date)),
    );
    if (fresh.length === 0) return { recorded: 0, deliveries: [] };

    const ctx = await this.context(m, fresh);
    const rows = fresh.map((o) => this.compose(o, ctx, now, calendar));
    await this.data.insertReminders(
      m,
      rows.map((r) => r.row),
    );
    const ids = await this.data.remindersOf(m, clockIds);
    const idOf = new Map(ids.map((r) => [reminderKey(r.clock_id, r.stage, r.due_date), r.id]));

    const inbox: Record<string, unknown>[] = [];
    const outbound: Record<string, unknown>[] = [];
    const leaseUntil = new Date(now.getTime() + this.config.reminders.deliveryLeaseMs);
    for (const r of rows) {
      const reminderId = idOf.get(r.key)!;
      for (const userId of r.recipients) {
        inbox.push({ userId, reminderId, createdAt: now, readAt: null });
      }
      const targets: [string, number][] = [];
      if (r.channels.includes('webhook')) {
        for (const e of ctx.endpoints) targets.push(['webhook', e]);
      }
      if (r.channels.includes('email') && this.config.reminders.smtpUrl) {
        for (const u of r.recipients) if (ctx.emails.has(u)) targets.push(['email', u]);
      }
      for (const [channel, targetId] of targets) {
        outbound.push(pendingDelivery(reminderId, channel, targetId, leaseUntil, now));
      }
    }
    if (inbox.length) await this.data.insertNotifications(m, inbox);
    if (!outbound.length) return { recorded: rows.length, deliveries: [] };
    await this.data.insertDeliveries(m, outbound);
    const made = await this.data.deliveriesOf(
      m,
      rows.map((r) => idOf.get(r.key)!),
    );
    const keyOf = new Map(rows.map((r) => [idOf.get(r.key)!, r.key]));
    return {
      recorded: rows.length,
      deliveries: made.map((d) => ({
        id: d.id,
        jobId: deliveryJobId(keyOf.get(d.reminder_id)!, d.channel, d.target_id, 0),
      })),
    };
  }

  /** Who and what the owed stages are about, in a few queries per batch. */
  private async context(m: EntityManager, owed: Owed[]) {
    const ids = (pick: (c: ClaimedClock) => number | null) => [
      ...new Set(owed.map((o) => pick(o.clock)).filter((v): v is number => v !== null)),
    ];
    const caseIds = ids((c) => c.case_id);
    const hopIds = ids((c) => c.hop_id);
    const letterIds = ids((c) => c.letter_id);
    const [cases, hops, letters] = await Promise.all([
      this.data.cases(m, caseIds, [...HANDLING_OFFICER_ROLES]),
      this.data.hops(m, hopIds),
      this.data.letters(m, letterIds),
    ]);
    const caseById = new Map(cases.map((c) => [Number(c.id), c]));
    const hopUnit = new Map(hops.map((h) => [Number(h.id), h.unit_id]));
    const letterById = new Map(letters.map((l) => [Number(l.id), l]));
    const unitOf = (c: ClaimedClock): number | null => {
      if (c.letter_id !== null) return letterById.get(c.letter_id)?.unit_id ?? null;
      if (c.hop_id !== null) return hopUnit.get(c.hop_id) ?? null;
      // The bureau's own clock (triage): no unit is responsible yet.
      if (c.kind === 'triage' || c.case_id === null) return null;
      return caseById.get(c.case_id)?.responsible_unit_id ?? null;
    };
    const unitIds = [...new Set(owed.map((o) => unitOf(o.clock)).filter((u) => u !== null))];
    // An officer's reminder about a case nobody can act on as 承办人 goes to the supervisors.
    const wantsSupervisors = owed.some(
      (o) =>
        o.planned.rule.recipients.includes('supervisors') ||
        (o.planned.rule.recipients.includes('officer') && this.officerless(o, caseById)),
    );
    const [units, handlers, supervisors, endpoints] = await Promise.all([
      this.data.units(m, unitIds),
      this.data.unitHandlers(m, unitIds),
      wantsSupervisors ? this.data.activeSupervisors(m) : [],
      this.data.enabledWebhookEndpoints(m),
    ]);
    const handlersOf = new Map<number, number[]>();
    for (const h of handlers) {
      handlersOf.set(h.unit_id, [...(handlersOf.get(h.unit_id) ?? []), Number(h.id)]);
    }
    const ctx = {
      caseById,
      letterById,
      unitOf,
      unitName: new Map(units.map((u) => [Number(u.id), u.name])),
      handlersOf,
      supervisors: supervisors.map((s) => Number(s.id)),
      endpoints: endpoints.map((e) => Number(e.id)),
      emails: new Set<number>(),
    };
    if (this.config.reminders.smtpUrl) {
      const everyone = new Set<number>();
      for (const o of owed) for (const u of this.recipientsOf(o, ctx)) everyone.add(u);
      const contacts = await this.data.usersWithEmail(m, [...everyone]);
      for (const c of contacts) ctx.emails.add(Number(c.user_id));
    }
    return ctx;
  }

  /** A case clock whose case has no 承办人 who can act on it (SweepCase.officer_id). */
  private officerless(o: Owed, caseById: Map<number, SweepCase>): boolean {
    if (o.clock.letter_id !== null || o.clock.case_id === null) return false;
    return !caseById.get(o.clock.case_id)?.officer_id;
  }

  private recipientsOf(o: Owed, ctx: Awaited<ReturnType<ReminderSweepService['context']>>) {
    const users = new Set<number>();
    const unitId = ctx.unitOf(o.clock);
    const c = o.clock.case_id !== null ? ctx.caseById.get(o.clock.case_id) : undefined;
    const l = o.clock.letter_id !== null ? ctx.letterById.get(o.clock.letter_id) : undefined;
    for (const group of o.planned.rule.recipients) {
      if (group === 'unit_handlers' && unitId !== null) {
        for (const u of ctx.handlersOf.get(unitId) ?? []) users.add(u);
      } else if (group === 'officer') {
        const officer = c?.officer_id ?? l?.issued_by;
        if (officer) users.add(Number(officer));
        // Unassigned (待领取), or its officer cannot act: the supervisors are told instead.
        else if (c) for (const u of ctx.supervisors) users.add(u);
      } else if (group === 'supervisors') {
        for (const u of ctx.supervisors) users.add(u);
      }
    }
    return [...users];
  }

  /** The reminder row, its text in Chinese, and for an escalation the proposed supervision letter. */
  private compose(
    o: Owed,
    ctx: Awaited<ReturnType<ReminderSweepService['context']>>,
    now: Date,
    calendar: WorkingCalendar,
  ) {
    const { clock, planned } = o;
    const key = reminderKey(clock.id, planned.stage, clock.due_date);
    const unitId = ctx.unitOf(clock);
    const unitName = unitId !== null ? (ctx.unitName.get(unitId) ?? null) : null;
    const c = clock.case_id !== null ? ctx.caseById.get(clock.case_id) : undefined;
    const l = clock.letter_id !== null ? ctx.letterById.get(clock.letter_id) : undefined;
    const subject = l ? `督办函 ${l.number}` : c ? `信访件 ${c.case_no}` : `时限 ${clock.id}`;
    const what = CLOCK_KIND_LABELS[clock.kind] ?? clock.kind;
    const label = STAGE_LABELS[planned.stage];
    const who = unitName ? `（责任单位：${unitName}）` : '';
    const body = {
      due_soon: `${subject}${who}的${what}将于 ${clock.due_date} 届满，请抓紧办理。`,
      due_today: `${subject}${who}的${what}于今日（${clock.due_date}）届满，请今日内办结。`,
      overdue: `${subject}${who}的${what}已于 ${clock.due_date} 届满，现已超期，请立即办理并说明情况。`,
      escalated: `${subject}${who}的${what}已于 ${clock.due_date} 届满，超期已达 ${planned.rule.offset} 个${planned.rule.unit === 'working_days' ? '工作日' : '日'}，提请督查员督办。`,
    }[planned.stage];
    const recipients = this.recipientsOf(o, ctx);

    let proposedLetter: Record<string, unknown> | null = null;
    let proposedEscalation: Record<string, unknown> | null = null;
    if (planned.stage === 'escalated' && l) {
      proposedEscalation = {
        endpoint: `POST /api/v1/supervision-letters/${l.id}/escalate`,
        letterId: Number(l.id),
        escalation: 'summons',
      };
    } else if (planned.stage === 'escalated' && c && unitId !== null) {
      // Pre-filled from the case; a supervisor posts it (with a signer) to issue the letter.
      proposedLetter = {
        endpoint: 'POST /api/v1/supervision-letters',
        caseIds: [Number(c.id)],
        unitId,
        type: 'ordinary',
        reason: clock.kind === 'assignment_report' ? 'not_reported' : 'overdue',
        reasonNote: `${what}已于 ${clock.due_date} 届满，超期未办结`,
        requirements: `${subject}（${c.title}）${what}已超期。请你单位接函后抓紧办理，并按期书面回复办理情况。`,
        replyDueDate: computeDue(
          now,
          { length: 15, unit: 'working_days', rollOverHoliday: false },
          calendar,
        ).dueDate,
      };
    }
    const payload = {
      key,
      stage: planned.stage,
      stageLabel: label,
      clockId: Number(clock.id),
      clockKind: clock.kind,
      clockLabel: what,
      dueDate: clock.due_date,
      dueAt: clock.due_at,
      fireAt: planned.fireAt,
      case: c ? { id: Number(c.id), caseNo: c.case_no, title: c.title } : null,
      letter: l
        ? { id: Number(l.id), number: l.number, caseIds: (l.case_ids ?? '').split(',').map(Number) }
        : null,
      unit: unitId !== null ? { id: unitId, name: unitName } : null,
      recipients,
      proposedLetter,
      proposedEscalation,
    };
    return {
      key,
      recipients,
      channels: planned.rule.channels,
      row: {
        clockId: clock.id,
        stage: planned.stage,
        dueDate: clock.due_date,
        clockKind: clock.kind,
        caseId: clock.case_id,
        letterId: clock.letter_id,
        unitId,
        fireAt: planned.fireAt,
        recordedAt: now,
        title: `【${label}】${subject} ${what}`.slice(0, 200),
        body: body.slice(0, 1000),
        payload: JSON.stringify(payload),
      },
    };
  }

  /** Queues the deliveries (recorded as pending: a failure here is retried once the lease passes). */
  async enqueue(deliveries: NewDelivery[]): Promise<number> {
    if (!deliveries.length) return 0;
    try {
      await this.deliveries.addBulk(
        deliveries.map((d) => ({
          name: DeliveriesJob.Deliver,
          data: { deliveryId: d.id } satisfies DeliverPayload,
          opts: this.deliveryJobOptions(d.jobId),
        })),
      );
      return deliveries.length;
    } catch (e) {
      // Recorded as pending in the database: re-enqueued once its lease has passed.
      this.logger.warn({ err: e, count: deliveries.length }, 'deliveries not enqueued');
      return 0;
    }
  }

  deliveryJobOptions(jobId: string) {
    const r = this.config.reminders;
    return {
      jobId,
      attempts: r.webhookAttempts,
      backoff: { type: 'exponential', delay: r.webhookBackoffMs },
      removeOnComplete: { count: 1000, age: 3600 },
      removeOnFail: { count: 5000, age: 7 * 24 * 3600 },
    };
  }

  /** Pending deliveries whose lease passed (their job may be lost): enqueued again, same id. */
  async requeueDeliveries(): Promise<number> {
    const now = this.clock.now();
    const lease = new Date(now.getTime() + this.config.reminders.deliveryLeaseMs);
    const due = await this.data.transaction(async (m) => {
      const rows = await this.data.lapsedDeliveries(m, now, this.config.reminders.batchSize);
      if (rows.length) {
        await this.data.extendLeases(
          m,
          rows.map((r) => r.id),
          lease,
        );
      }
      return rows;
    });
    // A job that failed for good while the database was down left its row pending: its id must
    // be freed, or the re-add would be dropped as a duplicate. (Rare: only rows past their lease.)
    for (const d of due) {
      const id = deliveryJobId(recordedKey(d), d.channel, d.target_id, d.round);
      const job = await this.deliveries.getJob(id).catch(() => undefined);
      if (job && (await job.isFailed().catch(() => false)))
        await job.remove().catch(() => undefined);
    }
    return this.enqueue(
      due.map((d) => ({
        id: d.id,
        jobId: deliveryJobId(recordedKey(d), d.channel, d.target_id, d.round),
      })),
    );
  }

  /**
   * If a stage falls due before the next scheduled sweep, a one-off sweep is delayed to that
   * second (one job per second at most, by id): reminders go out on time with a long interval.
   */
  private async scheduleWakeUp(): Promise<void> {
    const now = this.clock.now();
    const t = (await this.clocks.nextStageAfter(now))?.getTime() ?? null;
    if (t === null || t - now.getTime() >= this.config.reminders.sweepIntervalMs) return;
    // Never the current second: that id may be the sweep running now, and the add would be dropped.
    const second = Math.max(Math.ceil(t / 1000), Math.floor(now.getTime() / 1000) + 1);
    try {
      await this.reminders.add(
        RemindersJob.Sweep,
        {},
        {
          jobId: `wake-${second}`,
          delay: Math.max(0, second * 1000 - now.getTime()),
          removeOnComplete: true,
          removeOnFail: { count: 100 },
        },
      );
    } catch (e) {
      this.logger.warn({ err: e }, 'wake-up sweep not scheduled');
    }
  }

  /** After a stage rule changed: the kind's running clocks derive their stages again. */
  async rederive(clockKind: string): Promise<number> {
    let changed = 0;
    for (;;) {
      const n = await this.clocks.rederiveKind(clockKind, this.clock.now(), 5000);
      changed += n;
      if (n < 5000) return changed;
    }
  }
}

/** A new outbound delivery's row: pending, its job's lease until `leaseUntil`. */
export const pendingDelivery = (
  reminderId: number,
  channel: string,
  targetId: number,
  leaseUntil: Date,
  now: Date,
) => ({
  reminderId,
  channel,
  targetId,
  status: 'pending',
  attempts: 0,
  round: 0,
  lastError: null,
  nextAttemptAt: leaseUntil,
  deliveredAt: null,
  updatedAt: now,
});

/** A delivery's job id: the reminder's key, the channel and target, and the retry round. */
export const deliveryJobId = (key: string, channel: string, targetId: number, round: number) =>
  `${channel}-${key}-${targetId}-${round}`;
