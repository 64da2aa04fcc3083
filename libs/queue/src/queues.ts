/**
 * Every queue, job name and payload lives here: the API enqueues, the worker consumes, and both
 * agree on the names through this file only.
 */
export const SYSTEM_QUEUE = 'system';

export const SystemJob = {
  Heartbeat: 'heartbeat',
} as const;

export interface HeartbeatPayload {
  /** Who asked for the beat: the scheduler, or a test/admin probe. */
  requestedBy: 'scheduler' | 'probe';
}

export const HEARTBEAT_SCHEDULER_ID = 'system-heartbeat';

export const CASES_QUEUE = 'cases';

export const CasesJob = {
  /** After a calendar or deadline-rule change: move the due dates of open clocks. */
  RecomputeClocks: 'recompute-clocks',
  /** Evaluation windows that passed without a rating become 超期未评价. */
  LapseEvaluations: 'lapse-evaluations',
  /** Nightly: verifies the case event chains changed since the last checkpoint, writes the next. */
  ChainCheckpoint: 'chain-checkpoint',
  /** Tells the admins (once a day) when the calendar lacks a year clocks run into. */
  CalendarCoverage: 'calendar-coverage',
} as const;

export interface RecomputeClocksPayload {
  reason: string;
  /** Only clocks of this kind (a rule changed); all rule clocks when absent (the calendar changed). */
  kind?: string;
  userId: number | null;
}

export const LAPSE_EVALUATIONS_SCHEDULER_ID = 'cases-lapse-evaluations';

/** 02:30 Asia/Shanghai every night: the signed checkpoint of every case's event chain head. */
export const CHAIN_CHECKPOINT_SCHEDULER_ID = 'cases-chain-checkpoint';

export const CALENDAR_COVERAGE_SCHEDULER_ID = 'cases-calendar-coverage';

export const EXCHANGE_QUEUE = 'exchange';

export const ExchangeJob = {
  /** Validates and imports an uploaded file (spreadsheet of handed-down cases, or history). */
  Import: 'import',
} as const;

export interface ImportPayload {
  importId: number;
}

/** One BullMQ job per import row: a second enqueue of the same import is dropped. */
export const importJobId = (importId: number) => `import-${importId}`;
export const REMINDERS_QUEUE = 'reminders';

export const RemindersJob = {
  /** Records every owed reminder stage and enqueues its deliveries; scheduled and on wake-up. */
  Sweep: 'sweep',
  /** After a stage rule changed: the kind's running clocks derive their stages again. */
  Rederive: 'rederive',
} as const;

export interface RederivePayload {
  clockKind: string;
}

export const REMINDER_SWEEP_SCHEDULER_ID = 'reminders-sweep';

/** Outbound deliveries (webhook, e-mail); job ids derive from the reminder's key. */
export const DELIVERIES_QUEUE = 'reminder-deliveries';

export const DeliveriesJob = {
  Deliver: 'deliver',
} as const;

export interface DeliverPayload {
  deliveryId: number;
}

/** Bounded retention: finished jobs are not kept forever in Redis. */
export const DEFAULT_JOB_OPTIONS = {
  attempts: 5,
  backoff: { type: 'exponential', delay: 1000 },
  removeOnComplete: { count: 1000, age: 24 * 3600 },
  removeOnFail: { count: 5000, age: 7 * 24 * 3600 },
} as const;

/** A scheduled job that carries no data (the sweeps and the nightly checkpoint). */
export type NoPayload = Record<string, never>;

/**
 * Every queue's job names with their payloads. The worker's handler maps are typed by it (a
 * handler per name, each given its own payload), so a job name added above without a handler
 * does not compile, and QUEUE_JOBS lets the worker check the same at start-up.
 */
export interface QueueJobs {
  [SYSTEM_QUEUE]: { [SystemJob.Heartbeat]: HeartbeatPayload };
  [CASES_QUEUE]: {
    [CasesJob.RecomputeClocks]: RecomputeClocksPayload;
    [CasesJob.LapseEvaluations]: NoPayload;
    [CasesJob.ChainCheckpoint]: NoPayload;
    [CasesJob.CalendarCoverage]: NoPayload;
  };
  [EXCHANGE_QUEUE]: { [ExchangeJob.Import]: ImportPayload };
  [REMINDERS_QUEUE]: { [RemindersJob.Sweep]: NoPayload; [RemindersJob.Rederive]: RederivePayload };
  [DELIVERIES_QUEUE]: { [DeliveriesJob.Deliver]: DeliverPayload };
}

export type QueueName = keyof QueueJobs;
export type JobName<Q extends QueueName> = keyof QueueJobs[Q] & string;
export type JobPayload<Q extends QueueName, N extends JobName<Q>> = QueueJobs[Q][N];

/** The job names of each queue at run time (the worker checks its handler maps against them). */
export const QUEUE_JOBS: { readonly [Q in QueueName]: readonly JobName<Q>[] } = {
  [SYSTEM_QUEUE]: Object.values(SystemJob),
  [CASES_QUEUE]: Object.values(CasesJob),
  [EXCHANGE_QUEUE]: Object.values(ExchangeJob),
  [REMINDERS_QUEUE]: Object.values(RemindersJob),
  [DELIVERIES_QUEUE]: Object.values(DeliveriesJob),
};
