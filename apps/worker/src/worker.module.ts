import { Module } from '@nestjs/common';
import { AppConfigModule, LoggingModule, TimeModule } from '@app/core';
import { DatabaseModule } from '@app/database';
import { QueueModule } from '@app/queue';
import { SystemProcessor } from './heartbeat/heartbeat.processor';

@Module({
  imports: [AppConfigModule.forRoot(), TimeModule, LoggingModule, DatabaseModule, QueueModule],
  providers: [SystemProcessor],
})
export class WorkerModule {}
