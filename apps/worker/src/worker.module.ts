import { Module } from '@nestjs/common';
import { AppConfigModule, LoggingModule, TimeModule } from '@app/core';
import { DatabaseModule } from '@app/database';
import { QueueModule } from '@app/queue';
import { CasesModule } from '@app/cases';
import { CasesProcessor } from './cases/cases.processor';
import { SystemProcessor } from './heartbeat/heartbeat.processor';

@Module({
  imports: [
    AppConfigModule.forRoot(),
    TimeModule,
    LoggingModule,
    DatabaseModule,
    QueueModule,
    CasesModule,
  ],
  providers: [SystemProcessor, CasesProcessor],
})
export class WorkerModule {}
