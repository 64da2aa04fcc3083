import { Module } from '@nestjs/common';
import { CalendarModule } from '@app/calendar';
import { AppConfig } from '@app/core';
import { createFileStorage, FileStorage } from './file-storage';
import { CaseQueriesService } from './case-queries.service';
import { CasesService } from './cases.service';
import { CategoriesService } from './categories.service';
import { ReviewsService } from './reviews.service';

@Module({
  imports: [CalendarModule],
  providers: [
    CasesService,
    CaseQueriesService,
    CategoriesService,
    ReviewsService,
    {
      provide: FileStorage,
      inject: [AppConfig],
      useFactory: createFileStorage,
    },
  ],
  exports: [CasesService, CaseQueriesService, CategoriesService, ReviewsService, FileStorage],
})
export class CasesModule {}
