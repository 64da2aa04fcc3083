import type { BullRegistrar } from '@nestjs/bullmq';
import { Logger } from '@nestjs/common';
import type { ModuleRef } from '@nestjs/core';
import type { Job } from 'bullmq';
import { CASES_QUEUE, CasesJob, QUEUE_JOBS, type QueueName, SYSTEM_QUEUE } from '@app/queue';
import {
  type AnyJobProcessor,
  assertJobHandlers,
  JobHandlerMapError,
  jobHandlerProblems,
  UnknownJobError,
} from './job-handlers';
import { StartWorkers, WORKER_PROCESSORS } from './processors';

/** The processors with stand-in dependencies: the handler maps are read, never run. */
const processors = (): AnyJobProcessor[] =>
  WORKER_PROCESSORS.map(
    (P) =>
      new (P as unknown as new (...deps: unknown[]) => AnyJobProcessor)({}, {}, {}, {}, {}, {}),
  );

/** The same processors, one handler map missing a job name. */
const without = (queue: QueueName, jobName: string): AnyJobProcessor[] =>
  processors().map((p) => {
    if (p.queueName !== queue) return p;
    const handlers: Record<string, unknown> = { ...p.handlers };
    delete handlers[jobName];
    Object.defineProperty(p, 'handlers', { value: handlers });
    return p;
  });

describe('the worker handler maps', () => {
  it('every declared queue has one processor, and every job name a handler', () => {
    const all = processors();
    expect(jobHandlerProblems(all)).toEqual([]);
    for (const [queue, names] of Object.entries(QUEUE_JOBS)) {
      const [p] = all.filter((x) => x.queueName === queue);
      expect(Object.keys(p.handlers).sort()).toEqual([...names].sort());
    }
  });

  it('a job name without a handler stops start-up with a message naming it', () => {
    expect(() => assertJobHandlers(without(CASES_QUEUE, CasesJob.ChainCheckpoint))).toThrow(
      new JobHandlerMapError(['queue "cases" has no handler for job "chain-checkpoint"']),
    );
    expect(() => assertJobHandlers(without(CASES_QUEUE, CasesJob.ChainCheckpoint))).toThrow(
      /^The worker cannot start: queue "cases" has no handler for job "chain-checkpoint" \(job names are declared in libs\/queue\/src\/queues.ts\)$/,
    );
  });

  it('a queue without a processor, or with two, stops start-up', () => {
    const all = processors();
    expect(jobHandlerProblems(all.filter((p) => p.queueName !== SYSTEM_QUEUE))).toEqual([
      'queue "system" has no processor',
    ]);
    const system = all.find((p) => p.queueName === SYSTEM_QUEUE)!;
    expect(jobHandlerProblems([...all, system])).toEqual([
      'queue "system" has 2 processors (SystemProcessor, SystemProcessor)',
    ]);
  });

  it('StartWorkers checks the maps before any BullMQ worker is registered', () => {
    const register = jest.fn();
    const broken = without(SYSTEM_QUEUE, 'heartbeat');
    const moduleRef = { get: (cls: unknown) => broken[WORKER_PROCESSORS.indexOf(cls as never)] };
    const module = new StartWorkers(
      moduleRef as unknown as ModuleRef,
      { register } as unknown as BullRegistrar,
    );
    expect(() => module.onModuleInit()).toThrow(
      'queue "system" has no handler for job "heartbeat"',
    );
    expect(register).not.toHaveBeenCalled();

    const whole = processors();
    const ok = new StartWorkers(
      { get: (cls: unknown) => whole[WORKER_PROCESSORS.indexOf(cls as never)] } as never,
      { register } as unknown as BullRegistrar,
    );
    ok.onModuleInit();
    expect(register).toHaveBeenCalledTimes(1);
  });

  it('a job of an unknown name fails with a clear error; a known one reaches its handler', async () => {
    const logged = jest.spyOn(Logger.prototype, 'error').mockImplementation(() => undefined);
    const cases = processors().find((p) => p.queueName === CASES_QUEUE)!;
    await expect(cases.process({ name: 'no-such-job', data: {} } as Job)).rejects.toThrow(
      new UnknownJobError('cases', 'no-such-job'),
    );
    await expect(cases.process({ name: 'toString', data: {} } as Job)).rejects.toThrow(
      'No handler for job toString on queue cases',
    );
    const lapse = jest.fn().mockResolvedValue(2);
    Object.assign(cases, {
      cases: { lapseEvaluations: lapse },
      reviews: { lapseRequestWindows: lapse },
    });
    await expect(cases.process({ name: CasesJob.LapseEvaluations, data: {} } as Job)).resolves.toBe(
      4,
    );
    expect(logged).toHaveBeenCalledWith(
      { queue: 'cases', jobName: 'no-such-job', jobId: undefined },
      'no handler',
    );
    logged.mockRestore();
  });
});
