import { Injectable } from '@nestjs/common';
import { CaseReviewsRepository, type HandledReviews } from './case-reviews.repository';

/** What the review chain reports: the reviews handled in a year. */
@Injectable()
export class ReviewQueriesService {
  constructor(private readonly caseReviews: CaseReviewsRepository) {}

  /**
   * 复查复核 handled in a year (decision delivered in that Shanghai calendar year), by kind,
   * deciding unit or body, and decision: the rows the yearly figures and their breakdowns use.
   */
  async handledInYear(year: number): Promise<HandledReviews[]> {
    const from = new Date(`${year}-01-01T00:00:00+08:00`);
    const to = new Date(`${year + 1}-01-01T00:00:00+08:00`);
    return this.caseReviews.handledBetween(from, to);
  }
}
