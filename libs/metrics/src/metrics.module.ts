import { Module } from '@nestjs/common';
import { MetricLedger } from './metric-ledger';
import { MetricsRepository } from './metrics.repository';
import { MetricsService } from './metrics.service';

/**
 * The figures and their summaries. `MetricLedger` is the app's change feed: an app that writes
 * cases or letters names it with `ChangeFeedModule.forRoot({ imports: [MetricsModule],
 * useExisting: MetricLedger })`.
 */
@Module({
  providers: [MetricsRepository, MetricsService, MetricLedger],
  exports: [MetricsService, MetricLedger],
})
export class MetricsModule {}
