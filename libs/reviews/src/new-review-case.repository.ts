import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { computeDue, type DeadlineRule, type WorkingCalendar } from '@app/calendar';
import { AppConfig } from '@app/core';
import {
  ChainKey,
  newCaseRow,
  NewCaseRepository,
  numberingYear,
  REVIEW_KIND_LABELS,
  type CaseEntity,
  type ChainedEvent,
  type Channel,
  type ReviewKind,
} from '@app/cases';
import type { ClockBook } from '@app/deadlines';

/**
 * Opens the review case inside the request's transaction, through the cases lib's plan for a new
 * case (its row, number, petitioners and first event), with its decision clock.
 */
@Injectable()
export class NewReviewCaseRepository {
  constructor(
    private readonly config: AppConfig,
    private readonly chain: ChainKey,
  ) {}

  /** The linked case: own number, the contested case's petitioners, its decision clock. */
  async createReviewCase(
    m: EntityManager,
    book: ClockBook,
    calendar: WorkingCalendar,
    decisionRule: DeadlineRule,
    p: {
      kind: ReviewKind;
      contested: CaseEntity;
      original: CaseEntity;
      input: { channel: Channel; reasons: string };
      receivedAt: Date;
      late: boolean;
      justification: string | null;
      actorId: number;
      now: Date;
    },
  ): Promise<{ id: number; caseNo: string }> {
    const prefix = this.config.cases.numberPrefix;
    const year = numberingYear(p.receivedAt);
    const [caseNo] = await NewCaseRepository.takeNumbers(m, prefix, year);
    const due = computeDue(p.receivedAt, decisionRule, calendar);
    const event: ChainedEvent = {
      seq: 1,
      type: 'review_requested',
      actorId: p.actorId,
      at: p.now,
      fromStatus: null,
      toStatus: 'under_review',
      data: {
        kind: p.kind,
        originalCaseId: p.original.id,
        originalCaseNo: p.original.caseNo,
        contestedCaseId: p.contested.id,
        contestedCaseNo: p.contested.caseNo,
        receivedAt: p.receivedAt.toISOString(),
        late: p.late,
        lateJustification: p.justification,
      },
    };
    const o = p.original;
    const id = await NewCaseRepository.insert(m, [
      newCaseRow(
        {
          channel: p.input.channel,
          source: 'direct',
          sourceLevel: 'district',
          registeredAt: p.receivedAt,
          title: `${REVIEW_KIND_LABELS[p.kind]}申请：${o.title}`.slice(0, 200),
          content: p.input.reasons,
          purpose: o.purpose,
          categoryCode: o.categoryCode,
          locality: o.locality,
          personCount: o.personCount,
          collective: o.collective,
          jointSigned: o.jointSigned,
          lawRelated: o.lawRelated,
          confidentialAccuser: o.confidentialAccuser,
        },
        {
          caseNo,
          year,
          firstCaseId: null,
          actorId: p.actorId,
          now: p.now,
          status: 'under_review',
          nextDue: { at: due.dueAt, kind: decisionRule.kind, provisional: due.provisional },
          review: { kind: p.kind, originalCaseId: o.id },
        },
      ),
    ]);
    await NewCaseRepository.copyPetitioners(m, p.contested.id, id);
    // 信访工作条例: 自收到复查/复核请求之日起 30 日内 提出意见.
    await book.start(id, null, decisionRule, p.receivedAt);
    const sealed = this.chain.chainFrom(id, [event]);
    // Sealed once the insert has given the id the chain is bound to.
    await NewCaseRepository.writeEvents(m, [{ caseId: id, event: sealed.events[0] }]);
    await NewCaseRepository.sealHeads(m, [{ caseId: id, head: sealed.head }]);
    return { id, caseNo };
  }
}
