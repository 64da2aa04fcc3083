import { Module } from '@nestjs/common';
import { LedgerRebuild } from './ledger/ledger-rebuild';
import { LedgerReader } from './ledger/ledger-reader';
import { LedgerWriter } from './ledger/ledger-writer';
import { LedgerRepository } from './ledger/ledger.repository';
import { MetricSnapshotsRepository } from './metric-snapshots.repository';
import { MetricsRepository } from './metrics.repository';
import { MetricsService } from './metrics.service';

/**
 * The figures and their summaries (`ledger/`: the writer, the reader, the rebuild and their
 * repository). `LedgerWriter` is the app's change feed: an app that writes cases or letters names
 * it with `ChangeFeedModule.forRoot({ imports: [MetricsModule], useExisting: LedgerWriter })`.
 */
@Module({
  providers: [
    MetricsRepository,
    MetricSnapshotsRepository,
    LedgerRepository,
    LedgerWriter,
    LedgerReader,
    LedgerRebuild,
    MetricsService,
  ],
  exports: [MetricsService, LedgerWriter],
})
export class MetricsModule {}
