import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { computeDue, shanghaiDate, type DeadlineRule, type WorkingCalendar } from '@app/calendar';
import { AppConfig } from '@app/core';
import { insertRows, nextYearlySequence } from '@app/database';
import {
  caseNumber,
  ChainKey,
  REVIEW_KIND_LABELS,
  type CaseEntity,
  type ChainedEvent,
  type Channel,
  type ReviewKind,
} from '@app/cases';
import type { ClockBook } from '@app/deadlines';

/**
 * Opens the review case (raw SQL) inside the request's transaction: the one place a review
 * case's `cases` row, its petitioners and its first event are written.
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
    const year = Number(shanghaiDate(p.receivedAt).slice(0, 4));
    const seq = await nextYearlySequence(m, 'case_number_sequences', prefix, year);
    const caseNo = caseNumber(prefix, year, seq);
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
    const id = await insertRows(m, 'cases', [
      {
        caseNo,
        year,
        externalRef: null,
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
        skipLevel: false,
        toBeijing: false,
        toProvince: false,
        jointSigned: o.jointSigned,
        lawRelated: o.lawRelated,
        confidentialAccuser: o.confidentialAccuser,
        repeat: false,
        firstCaseId: null,
        status: 'under_review',
        officerId: p.actorId,
        registeredBy: p.actorId,
        responsibleUnitId: null,
        currentHopId: null,
        nextDueAt: due.dueAt,
        nextClockKind: decisionRule.kind,
        extensionUsed: false,
        reviewKind: p.kind,
        originalCaseId: o.id,
        reviewStage: null,
        finalMatchCaseId: null,
        // Sealed below: the chain is bound to the id the insert gives.
        eventCount: 0,
        lastEventHash: '',
        version: 1,
        createdAt: p.now,
        updatedAt: p.now,
      },
    ]);
    await m.query(
      `INSERT INTO case_petitioners (case_id, petitioner_id, representative, position)
       SELECT ?, petitioner_id, representative, position FROM case_petitioners WHERE case_id = ?`,
      [id, p.contested.id],
    );
    // 信访工作条例: 自收到复查/复核请求之日起 30 日内 提出意见.
    await book.start(id, null, decisionRule, p.receivedAt);
    const sealed = this.chain.chainFrom(id, [event]);
    await insertRows(m, 'case_events', [
      { ...sealed.events[0], data: JSON.stringify(event.data), caseId: id },
    ]);
    await m.query(
      'UPDATE cases SET event_count = ?, last_event_hash = ?, head_mac = ? WHERE id = ?',
      [sealed.head.eventCount, sealed.head.lastEventHash, sealed.head.headMac, id],
    );
    return { id, caseNo };
  }
}
