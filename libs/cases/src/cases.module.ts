import { Module } from '@nestjs/common';
import { CalendarModule } from '@app/calendar';
import { AppConfig } from '@app/core';
import { createFileStorage, FileStorage } from './file-storage';
import { CaseExportRepository } from './case-export.repository';
import { CaseListRepository } from './case-list.repository';
import { CaseQueriesRepository } from './case-queries.repository';
import { CaseQueriesService } from './case-queries.service';
import { CitedCasesRepository } from './cited-cases.repository';
import { CasesService } from './cases.service';
import { CaseBatchWriter } from './case-batch-writer';
import { CaseHistoryWriter } from './case-history';
import { CategoriesRepository } from './categories.repository';
import { CategoriesService } from './categories.service';
import { PiiAccessLog } from './pii-access-log';
import { PiiAccessLogsRepository } from './pii-access-logs.repository';
import { SavedViewsRepository } from './saved-views.repository';
import { SavedViewsService } from './saved-views.service';
import { EventChainModule } from './event-chain.module';

@Module({
  imports: [CalendarModule, EventChainModule],
  providers: [
    CasesService,
    CaseQueriesService,
    CaseListRepository,
    CaseQueriesRepository,
    CaseExportRepository,
    CitedCasesRepository,
    CategoriesService,
    CaseBatchWriter,
    CaseHistoryWriter,
    CategoriesRepository,
    PiiAccessLog,
    PiiAccessLogsRepository,
    SavedViewsRepository,
    SavedViewsService,
    {
      provide: FileStorage,
      inject: [AppConfig],
      useFactory: createFileStorage,
    },
  ],
  exports: [
    CasesService,
    CaseQueriesService,
    CaseExportRepository,
    CitedCasesRepository,
    CategoriesService,
    CaseBatchWriter,
    CaseHistoryWriter,
    PiiAccessLog,
    SavedViewsService,
    FileStorage,
    EventChainModule,
  ],
})
export class CasesModule {}
