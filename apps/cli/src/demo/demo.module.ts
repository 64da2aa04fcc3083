import { Module } from '@nestjs/common';
import { AuthModule } from '@app/auth';
import {
  AppConfigModule,
  ChangeFeedModule,
  NoWorkNotices,
  TimeModule,
  WorkNoticesModule,
} from '@app/core';
import { DatabaseModule } from '@app/database';
import { ExchangeModule } from '@app/exchange';
import { LedgerWriter, MetricsModule } from '@app/metrics';
import { SelfEvaluationModule } from '@app/self-evaluation';
import { UnitsModule } from '@app/units';

/** What `demo 2022` needs: the import (run in-process, as the worker runs it), metrics, reports. */
@Module({
  imports: [
    AppConfigModule.forRoot(),
    TimeModule,
    DatabaseModule,
    UnitsModule,
    AuthModule,
    ExchangeModule,
    MetricsModule,
    // the import's case writers keep the metric summaries in step through it
    ChangeFeedModule.forRoot({ imports: [MetricsModule], useExisting: LedgerWriter }),
    // the demo replays 2022 from its history: no unit is told of work long done (and no Redis)
    WorkNoticesModule.forRoot({ useClass: NoWorkNotices }),
    SelfEvaluationModule,
  ],
})
export class DemoModule {}
