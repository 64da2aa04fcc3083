import { Module } from '@nestjs/common';
import { AppConfigModule, LoggingModule, TimeModule } from '@app/core';
import { DatabaseModule } from '@app/database';
import { QueueModule } from '@app/queue';
import { CasesModule } from '@app/cases';
import { ExchangeModule } from '@app/exchange';
import { MetricsModule } from '@app/metrics';
import { CasesProcessor } from './cases/cases.processor';
import { SystemProcessor } from './heartbeat/heartbeat.processor';
import { ImportsProcessor } from './exchange/imports.processor';

@Module({
  imports: [
    AppConfigModule.forRoot(),
    TimeModule,
    LoggingModule,
    DatabaseModule,
    QueueModule,
    CasesModule,
    ExchangeModule,
    // keeps the metric summaries in step with the cases the jobs change
    MetricsModule,
  ],
  providers: [SystemProcessor, CasesProcessor, ImportsProcessor],
})
export class WorkerModule {}
