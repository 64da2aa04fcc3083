import { Module } from '@nestjs/common';
import { CalendarModule } from '@app/calendar';
import { CasesModule } from '@app/cases';
import { ReviewsService } from './reviews.service';

/** The review chain (复查/复核): requests, decisions, hearings and the review cases they open. */
@Module({
  imports: [CalendarModule, CasesModule],
  providers: [ReviewsService],
  exports: [ReviewsService],
})
export class ReviewsModule {}
