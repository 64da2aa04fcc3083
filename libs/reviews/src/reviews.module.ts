import { Module } from '@nestjs/common';
import { CalendarModule } from '@app/calendar';
import { CasesModule } from '@app/cases';
import { UnitsModule } from '@app/units';
import { CaseReviewsRepository } from './case-reviews.repository';
import { FinalMatchService } from './final-match.service';
import { HearingService } from './hearing.service';
import { NewReviewCaseRepository } from './new-review-case.repository';
import { RequestWindowsService } from './request-windows.service';
import { ReviewChainRepository } from './review-chain.repository';
import { ReviewDecisionService } from './review-decision.service';
import { ReviewHistoryService } from './review-history.service';
import { ReviewQueriesService } from './review-queries.service';
import { ReviewRequestService } from './review-request.service';
import { ReviewsService } from './reviews.service';

/** The review chain (复查/复核): requests, decisions, hearings and the review cases they open. */
@Module({
  imports: [CalendarModule, CasesModule, UnitsModule],
  providers: [
    CaseReviewsRepository,
    ReviewChainRepository,
    NewReviewCaseRepository,
    ReviewRequestService,
    ReviewDecisionService,
    HearingService,
    FinalMatchService,
    RequestWindowsService,
    ReviewHistoryService,
    ReviewQueriesService,
    ReviewsService,
  ],
  exports: [ReviewsService],
})
export class ReviewsModule {}
