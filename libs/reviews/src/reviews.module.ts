import { Module } from '@nestjs/common';
import { CalendarModule } from '@app/calendar';
import { CasesModule } from '@app/cases';
import { UnitsModule } from '@app/units';
import { CaseReviewsRepository } from './case-reviews.repository';
import { NewReviewCaseRepository } from './new-review-case.repository';
import { ReviewChainRepository } from './review-chain.repository';
import { ReviewsService } from './reviews.service';

/** The review chain (复查/复核): requests, decisions, hearings and the review cases they open. */
@Module({
  imports: [CalendarModule, CasesModule, UnitsModule],
  providers: [
    CaseReviewsRepository,
    NewReviewCaseRepository,
    ReviewChainRepository,
    ReviewsService,
  ],
  exports: [ReviewsService],
})
export class ReviewsModule {}
