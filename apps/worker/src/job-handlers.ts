import { WorkerHost } from '@nestjs/bullmq';
import { Logger } from '@nestjs/common';
import type { Job } from 'bullmq';
import { type JobName, type JobPayload, QUEUE_JOBS, type QueueName } from '@app/queue';

/** One handler per job name of a queue, each given a job typed by that name's payload. */
export type JobHandlers<Q extends QueueName> = {
  readonly [N in JobName<Q>]: (job: Job<JobPayload<Q, N>>) => Promise<unknown>;
};

/** A job whose name no handler of its queue knows: the job fails (and is retried, then kept). */
export class UnknownJobError extends Error {
  constructor(queue: string, jobName: string) {
    super(`No handler for job ${jobName} on queue ${queue}`);
    this.name = 'UnknownJobError';
  }
}

/** The handler maps do not cover the job names of libs/queue/src/queues.ts: the worker stops. */
export class JobHandlerMapError extends Error {
  constructor(readonly problems: string[]) {
    super(
      `The worker cannot start: ${problems.join('; ')} (job names are declared in libs/queue/src/queues.ts)`,
    );
    this.name = 'JobHandlerMapError';
  }
}

/**
 * The processor of one queue. Thin: each job name goes to its handler (which calls a lib
 * service); a name without one fails the job with UnknownJobError, never silently.
 */
export abstract class JobProcessor<Q extends QueueName> extends WorkerHost {
  abstract readonly queueName: Q;
  abstract readonly handlers: JobHandlers<Q>;
  private readonly jobLogger = new Logger('JobProcessor');

  async process(job: Job): Promise<unknown> {
    const handlers: Partial<Record<string, (job: Job) => Promise<unknown>>> = this.handlers;
    const handler = Object.hasOwn(handlers, job.name) ? handlers[job.name] : undefined;
    if (!handler) {
      this.jobLogger.error(
        { queue: this.queueName, jobName: job.name, jobId: job.id },
        'no handler',
      );
      throw new UnknownJobError(this.queueName, job.name);
    }
    return handler(job);
  }
}

export type AnyJobProcessor = { [Q in QueueName]: JobProcessor<Q> }[QueueName];

/**
 * What keeps the handler maps from matching the declared jobs: a queue without a processor or
 * with two, a job name without a handler, a handler for a name no queue declares.
 */
export function jobHandlerProblems(processors: readonly AnyJobProcessor[]): string[] {
  const problems: string[] = [];
  for (const queue of Object.keys(QUEUE_JOBS) as QueueName[]) {
    const mine = processors.filter((p) => p.queueName === queue);
    if (mine.length !== 1) {
      problems.push(
        mine.length === 0
          ? `queue "${queue}" has no processor`
          : `queue "${queue}" has ${mine.length} processors (${mine.map((p) => p.constructor.name).join(', ')})`,
      );
      continue;
    }
    const declared: readonly string[] = QUEUE_JOBS[queue];
    const handled = Object.keys(mine[0].handlers).filter(
      (name) => typeof (mine[0].handlers as Record<string, unknown>)[name] === 'function',
    );
    for (const name of declared.filter((n) => !handled.includes(n))) {
      problems.push(`queue "${queue}" has no handler for job "${name}"`);
    }
    for (const name of handled.filter((n) => !declared.includes(n))) {
      problems.push(`queue "${queue}" handles job "${name}", which it does not declare`);
    }
  }
  for (const p of processors) {
    if (!Object.hasOwn(QUEUE_JOBS, p.queueName)) {
      problems.push(`${p.constructor.name} serves queue "${p.queueName}", which is not declared`);
    }
  }
  return problems;
}

/** Throws JobHandlerMapError naming every problem; the worker calls it before any worker runs. */
export function assertJobHandlers(processors: readonly AnyJobProcessor[]): void {
  const problems = jobHandlerProblems(processors);
  if (problems.length > 0) throw new JobHandlerMapError(problems);
}
