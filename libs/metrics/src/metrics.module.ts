import { Global, Module } from '@nestjs/common';
import { CaseChangeListener } from '@app/cases';
import { MetricLedger } from './metric-ledger';
import { MetricsRepository } from './metrics.repository';
import { MetricsService } from './metrics.service';

/**
 * Global: the case and supervision writers reach the ledger through `CaseChangeListener` without
 * importing this lib (it depends on them).
 */
@Global()
@Module({
  providers: [
    MetricsRepository,
    MetricsService,
    MetricLedger,
    { provide: CaseChangeListener, useExisting: MetricLedger },
  ],
  exports: [MetricsService, MetricLedger, CaseChangeListener],
})
export class MetricsModule {}
