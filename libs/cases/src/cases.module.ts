import { Module } from '@nestjs/common';
import { CalendarModule } from '@app/calendar';
import { AppConfig } from '@app/core';
import { FileStorage, LocalDiskStorage } from './file-storage';
import { CaseQueriesService } from './case-queries.service';
import { CasesService } from './cases.service';
import { CaseBatchWriter } from './case-batch-writer';
import { CaseHistoryWriter } from './case-history';
import { CategoriesService } from './categories.service';

@Module({
  imports: [CalendarModule],
  providers: [
    CasesService,
    CaseQueriesService,
    CategoriesService,
    CaseBatchWriter,
    CaseHistoryWriter,
    {
      provide: FileStorage,
      inject: [AppConfig],
      useFactory: (config: AppConfig) => new LocalDiskStorage(config.storage.dir),
    },
  ],
  exports: [
    CasesService,
    CaseQueriesService,
    CategoriesService,
    CaseBatchWriter,
    CaseHistoryWriter,
    FileStorage,
  ],
})
export class CasesModule {}
