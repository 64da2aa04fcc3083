import { Module } from '@nestjs/common';
import { UsersDataModule } from '@app/auth';
import { CalendarModule } from '@app/calendar';
import { DeadlinesModule } from '@app/deadlines';
import { UnitsModule } from '@app/units';
import { AppConfig } from '@app/core';
import { createFileStorage, FileStorage } from './file-storage';
import { CaseExportRepository } from './case-export.repository';
import { CaseListRepository } from './case-list.repository';
import { CaseQueriesRepository } from './case-queries.repository';
import { CaseQueriesService } from './case-queries.service';
import { CitedCasesRepository } from './cited-cases.repository';
import { CasesService } from './cases.service';
import { CasesRepository } from './cases.repository';
import { PetitionersRepository } from './petitioners.repository';
import { CaseAttachmentsService } from './attachments/case-attachments.service';
import { CaseRegistrationService } from './registration/case-registration.service';
import { RegistrationRepository } from './registration/registration.repository';
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
  imports: [CalendarModule, EventChainModule, DeadlinesModule, UnitsModule, UsersDataModule],
  providers: [
    CasesService,
    CasesRepository,
    PetitionersRepository,
    CaseRegistrationService,
    RegistrationRepository,
    CaseAttachmentsService,
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
    CaseRegistrationService,
    CaseAttachmentsService,
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
