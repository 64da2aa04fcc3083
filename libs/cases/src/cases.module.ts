import { Module } from '@nestjs/common';
import { UsersDataModule } from '@app/auth';
import { CalendarModule } from '@app/calendar';
import { DeadlinesModule } from '@app/deadlines';
import { UnitsModule } from '@app/units';
import { AppConfig } from '@app/core';
import { createFileStorage, FileStorage } from './attachments/file-storage';
import { CaseExportRepository } from './queries/case-export.repository';
import { CaseListRepository } from './queries/case-list.repository';
import { CaseQueriesRepository } from './queries/case-queries.repository';
import { CaseQueriesService } from './queries/case-queries.service';
import { CitedCasesRepository } from './queries/cited-cases.repository';
import { CasesService } from './lifecycle/cases.service';
import { CasesRepository } from './lifecycle/cases.repository';
import { CaseChangesService } from './lifecycle/case-changes.service';
import { CaseAccessService } from './queries/case-access.service';
import { PetitionersRepository } from './petitioners/petitioners.repository';
import { CaseAttachmentsService } from './attachments/case-attachments.service';
import { CaseRegistrationService } from './registration/case-registration.service';
import { RegistrationRepository } from './registration/registration.repository';
import { CaseBatchWriter } from './imports/case-batch-writer';
import { CaseHistoryWriter } from './imports/case-history';
import { CategoriesRepository } from './categories/categories.repository';
import { CategoriesService } from './categories/categories.service';
import { PiiAccessLog } from './queries/pii-access-log';
import { PiiAccessLogsRepository } from './queries/pii-access-logs.repository';
import { SavedViewsRepository } from './queries/saved-views.repository';
import { SavedViewsService } from './queries/saved-views.service';
import { EventChainModule } from './chain/event-chain.module';
import { OfficerDefaultsRepository } from './officers/officer-defaults.repository';
import { OfficerDefaultsService } from './officers/officer-defaults.service';

@Module({
  imports: [CalendarModule, EventChainModule, DeadlinesModule, UnitsModule, UsersDataModule],
  providers: [
    CasesService,
    CasesRepository,
    CaseChangesService,
    CaseAccessService,
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
    OfficerDefaultsRepository,
    OfficerDefaultsService,
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
    OfficerDefaultsService,
    FileStorage,
    EventChainModule,
  ],
})
export class CasesModule {}
