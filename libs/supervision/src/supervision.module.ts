import { Module } from '@nestjs/common';
import { CalendarModule } from '@app/calendar';
import { CasesModule } from '@app/cases';
import { SupervisionLettersService } from './supervision-letters.service';
import { SupervisionHistoryWriter } from './supervision-history';

@Module({
  imports: [CalendarModule, CasesModule],
  providers: [SupervisionLettersService, SupervisionHistoryWriter],
  exports: [SupervisionLettersService, SupervisionHistoryWriter],
})
export class SupervisionModule {}
