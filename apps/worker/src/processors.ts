import { BullRegistrar } from '@nestjs/bullmq';
import { Injectable, type OnModuleInit } from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';
import { CasesProcessor } from './cases/cases.processor';
import { SystemProcessor } from './heartbeat/heartbeat.processor';
import { ImportsProcessor } from './exchange/imports.processor';
import { DeliveryProcessor } from './reminders/delivery.processor';
import { ReminderSweepProcessor } from './reminders/reminder-sweep.processor';
import { type AnyJobProcessor, assertJobHandlers } from './job-handlers';

/** One processor per queue of libs/queue/src/queues.ts, each with a handler per job name. */
export const WORKER_PROCESSORS = [
  SystemProcessor,
  CasesProcessor,
  ImportsProcessor,
  ReminderSweepProcessor,
  DeliveryProcessor,
];

/**
 * Starts the BullMQ workers (QueueModule registers none by itself) once the handler maps cover
 * every declared job: a job name without a handler, or a queue without a processor, stops the
 * worker here with a message naming it, before any job is taken.
 */
@Injectable()
export class StartWorkers implements OnModuleInit {
  constructor(
    private readonly moduleRef: ModuleRef,
    private readonly registrar: BullRegistrar,
  ) {}

  onModuleInit(): void {
    assertJobHandlers(
      WORKER_PROCESSORS.map((p) => this.moduleRef.get<AnyJobProcessor>(p, { strict: true })),
    );
    this.registrar.register();
  }
}
