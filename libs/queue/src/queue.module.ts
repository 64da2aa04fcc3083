import { BullModule } from '@nestjs/bullmq';
import { Module } from '@nestjs/common';
import type { RedisOptions as BullRedisOptions } from 'bullmq';
import { AppConfig } from '@app/core';
import {
  CASES_QUEUE,
  DEFAULT_JOB_OPTIONS,
  DELIVERIES_QUEUE,
  EXCHANGE_QUEUE,
  REMINDERS_QUEUE,
  SYSTEM_QUEUE,
} from './queues';
import { redisOptionsFromUrl } from './redis-options';
import { RedisModule } from './redis.module';
import { HeartbeatService } from './heartbeat.service';
import { WorkerHeartbeatsRepository } from './worker-heartbeats.repository';

/** BullMQ's connection and every queue the system uses, for both the API and the worker. */
@Module({
  imports: [
    RedisModule,
    BullModule.forRootAsync({
      inject: [AppConfig],
      useFactory: (config: AppConfig) => ({
        connection: redisOptionsFromUrl(config.redis.url) as BullRedisOptions,
        prefix: config.redis.queuePrefix,
        defaultJobOptions: DEFAULT_JOB_OPTIONS,
      }),
      // No BullMQ worker runs until the worker app has checked its handler maps and calls
      // BullRegistrar.register() (the API has no processors: nothing to register).
      extraOptions: { manualRegistration: true },
    }),
    BullModule.registerQueue(
      { name: SYSTEM_QUEUE },
      { name: CASES_QUEUE },
      { name: EXCHANGE_QUEUE },
      { name: REMINDERS_QUEUE },
      { name: DELIVERIES_QUEUE },
    ),
  ],
  providers: [WorkerHeartbeatsRepository, HeartbeatService],
  exports: [BullModule, RedisModule, HeartbeatService],
})
export class QueueModule {}
