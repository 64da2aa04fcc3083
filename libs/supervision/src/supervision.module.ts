import { Module } from '@nestjs/common';
import { CalendarModule } from '@app/calendar';
import { CasesModule } from '@app/cases';
import { KeyMattersService } from './key-matters.service';
import { MissionsService } from './missions.service';
import { SupervisionLettersService } from './supervision-letters.service';
import { SupervisionHistoryWriter } from './supervision-history';

@Module({
  imports: [CalendarModule, CasesModule],
  providers: [
    SupervisionLettersService,
    KeyMattersService,
    MissionsService,
    SupervisionHistoryWriter,
  ],
  exports: [
    SupervisionLettersService,
    KeyMattersService,
    MissionsService,
    SupervisionHistoryWriter,
  ],
})
export class SupervisionModule {}
