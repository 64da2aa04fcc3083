import { Module } from '@nestjs/common';
import { CalendarModule } from '@app/calendar';
import { CaseQueriesService } from './case-queries.service';
import { CasesService } from './cases.service';
import { CategoriesService } from './categories.service';

@Module({
  imports: [CalendarModule],
  providers: [CasesService, CaseQueriesService, CategoriesService],
  exports: [CasesService, CaseQueriesService, CategoriesService],
})
export class CasesModule {}
