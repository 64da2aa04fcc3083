import { Module } from '@nestjs/common';
import {
  AppConfigModule,
  ChangeFeedModule,
  LoggingModule,
  TimeModule,
  WorkNoticesModule,
} from '@app/core';
import { CalendarModule } from '@app/calendar';
import { DatabaseModule } from '@app/database';
import { QueueModule } from '@app/queue';
import { CasesModule } from '@app/cases';
import { ReviewsModule } from '@app/reviews';
import { ExchangeModule } from '@app/exchange';
import { RemindersModule, WorkArrivalNotifier } from '@app/reminders';
import { LedgerWriter, MetricsModule } from '@app/metrics';
import { StartWorkers, WORKER_PROCESSORS } from './processors';

@Module({
  imports: [
    AppConfigModule.forRoot(),
    TimeModule,
    LoggingModule,
    DatabaseModule,
    QueueModule,
    CalendarModule,
    CasesModule,
    ReviewsModule,
    ExchangeModule,
    RemindersModule,
    // keeps the metric summaries in step with the cases the jobs change
    ChangeFeedModule.forRoot({ imports: [MetricsModule], useExisting: LedgerWriter }),
    // units hear of the work its jobs hand them
    WorkNoticesModule.forRoot({ imports: [RemindersModule], useExisting: WorkArrivalNotifier }),
  ],
  providers: [...WORKER_PROCESSORS, StartWorkers],
})
export class WorkerModule {}
