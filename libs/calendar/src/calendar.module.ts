import { Module } from '@nestjs/common';
import { CalendarRepository } from './calendar.repository';
import { CalendarService } from './calendar.service';
import { DeadlineRulesRepository } from './deadline-rules.repository';

@Module({
  providers: [CalendarRepository, DeadlineRulesRepository, CalendarService],
  exports: [CalendarService],
})
export class CalendarModule {}
