import { Injectable } from '@nestjs/common';
import { roleForbidden, type AuthUser } from '@app/auth';
import { CalendarService, computeDue, shanghaiDate } from '@app/calendar';
import { CaseQueriesService, CasesService, type DeliveryMethod } from '@app/cases';
import { AppConfig, Clock, staleVersion } from '@app/core';
import { chineseDate, fillPlaceholders, type NoticeDoc } from '@app/documents';
import { UnitsService } from '@app/units';
import type { PetitionerNoticeEntity } from './notice.entity';
import { noticeFill, petitionerNames, type NoticeFacts } from './notice-facts';
import {
  NOTICE_KIND_LABELS,
  NOTICE_KIND_WRITERS,
  NOTICE_NUMBER_MARKS,
  NOTICE_READERS,
  type NoticeKind,
} from './notice-kinds';
import {
  noticeAlreadyDelivered,
  noticeAlreadyIssued,
  noticeDeliveryInvalid,
  noticeKindNotAllowed,
  noticeNotFound,
} from './notices.errors';
import { NoticesRepository } from './notices.repository';
import { NoticeTemplatesService } from './notice-templates.service';

export interface NoticeDeliveryInput {
  version: number;
  method: DeliveryMethod;
  deliveredAt: Date;
  /** Who received it, where not the addressee. */
  recipient?: string;
}

/**
 * The notices the bureau sends a petitioner: generated from the case (the template in force
 * filled from the case, numbered where the bureau numbers the kind), kept as issued, and their
 * delivery recorded; each step is an event on the case's timeline. The bureau's only: a unit never
 * reads one (it would name an accuser the unit must not learn).
 */
@Injectable()
export class NoticesService {
  constructor(
    private readonly repo: NoticesRepository,
    private readonly templates: NoticeTemplatesService,
    private readonly cases: CasesService,
    private readonly queries: CaseQueriesService,
    private readonly calendar: CalendarService,
    private readonly units: UnitsService,
    private readonly config: AppConfig,
    private readonly clock: Clock,
  ) {}

  async list(caseId: number, actor: AuthUser): Promise<PetitionerNoticeEntity[]> {
    this.assertReader(actor);
    await this.cases.get(caseId, actor);
    return this.repo.ofCase(caseId);
  }

  async get(caseId: number, noticeId: number, actor: AuthUser): Promise<PetitionerNoticeEntity> {
    this.assertReader(actor);
    await this.cases.get(caseId, actor);
    const n = await this.repo.find(noticeId);
    if (!n || n.caseId !== caseId) throw noticeNotFound(noticeId);
    return n;
  }

  /** Generates a notice of `kind` from the case as it stands; a 409 where the case owes none. */
  async generate(
    caseId: number,
    kind: NoticeKind,
    actor: AuthUser,
  ): Promise<PetitionerNoticeEntity> {
    this.assertReader(actor);
    if (!NOTICE_KIND_WRITERS[kind].includes(actor.role)) throw noticeKindNotAllowed(kind);
    const now = this.clock.now();
    const [detail, timeline, template] = await Promise.all([
      this.queries.detail(caseId, actor),
      this.queries.timeline(caseId, actor),
      this.templates.get(kind),
    ]);
    const fill = noticeFill(kind, await this.facts(detail, timeline.events, now));
    const doc: NoticeDoc = {
      issuingOrgan: this.config.bureau.name,
      number: '',
      title: template.title,
      addressee: petitionerNames(detail),
      body: fillPlaceholders(template.body, fill.values).text,
      dateLine: chineseDate(shanghaiDate(now)),
    };
    const mark = NOTICE_NUMBER_MARKS[kind];
    const year = Number(shanghaiDate(now).slice(0, 4));
    const code = mark ? `${this.config.bureau.noticeCode}${mark}` : null;

    const id = await this.repo.transaction(async (m) => {
      const seq = code ? await this.repo.nextSeq(m, code, year) : null;
      const number = code ? `${code}〔${year}〕${seq}号` : null;
      const noticeId = await this.repo.insert(m, {
        caseId,
        kind,
        code,
        year: code ? year : null,
        seq,
        number,
        content: { ...doc, number: number ?? `登记编号：${detail.case.caseNo}` },
        templateVersion: template.version,
        dueDate: fill.dueDate,
        recipient: doc.addressee.slice(0, 200),
        generatedBy: actor.id,
        generatedAt: now,
        deliveryMethod: null,
        deliveredAt: null,
        deliveredBy: null,
        version: 1,
        updatedAt: now,
      });
      // The case's row lock (taken here) orders two generations of one case: the second sees
      // the first below and gives its number back.
      await this.cases.recordOnTimeline(
        m,
        [caseId],
        'notice_issued',
        { noticeId, kind, number },
        actor.id,
      );
      if (code) {
        const issued = (await this.repo.ofKindLocked(m, caseId, kind)).filter(
          (n) => n.id !== noticeId,
        );
        if (issued.length) throw noticeAlreadyIssued(kind, issued[0].number);
      }
      return noticeId;
    });
    return (await this.repo.find(id))!;
  }

  /** Records how and when the notice reached the petitioner, on the version read. */
  async deliver(
    caseId: number,
    noticeId: number,
    input: NoticeDeliveryInput,
    actor: AuthUser,
  ): Promise<PetitionerNoticeEntity> {
    const n = await this.get(caseId, noticeId, actor);
    if (!NOTICE_KIND_WRITERS[n.kind].includes(actor.role)) throw noticeKindNotAllowed(n.kind);
    const now = this.clock.now();
    if (input.deliveredAt.getTime() > now.getTime())
      throw noticeDeliveryInvalid('NOTICE_DELIVERED_IN_FUTURE', '送达时间不能晚于当前时间');
    if (input.deliveredAt.getTime() < n.generatedAt.getTime())
      throw noticeDeliveryInvalid('NOTICE_DELIVERED_BEFORE_ISSUE', '送达时间不能早于文书制发时间');
    if (n.deliveredAt) throw noticeAlreadyDelivered(n.id);
    await this.repo.transaction(async (m) => {
      const done = await this.repo.recordDelivery(m, n.id, input.version, {
        deliveryMethod: input.method,
        deliveredAt: input.deliveredAt,
        deliveredBy: actor.id,
        recipient: (input.recipient?.trim() || n.recipient).slice(0, 200),
        updatedAt: now,
      });
      if (!done) {
        const current = await this.repo.find(n.id, m);
        if (current?.deliveredAt) throw noticeAlreadyDelivered(n.id);
        throw staleVersion(NOTICE_KIND_LABELS[n.kind], n.id);
      }
      // No name on the timeline: who received it stays with the notice, which units never read.
      await this.cases.recordOnTimeline(
        m,
        [caseId],
        'notice_delivered',
        {
          noticeId: n.id,
          kind: n.kind,
          number: n.number,
          deliveryMethod: input.method,
          deliveredAt: input.deliveredAt.toISOString(),
        },
        actor.id,
      );
    });
    return (await this.repo.find(n.id))!;
  }

  private assertReader(actor: AuthUser): void {
    if (!NOTICE_READERS.includes(actor.role)) throw roleForbidden(NOTICE_READERS);
  }

  private async facts(
    detail: NoticeFacts['detail'],
    events: NoticeFacts['events'],
    now: Date,
  ): Promise<NoticeFacts> {
    const rule = (kind: Parameters<CalendarService['rule']>[0]) => this.calendar.rule(kind);
    const [triage, acceptance, handling, reviewWindow, reReviewWindow, calendar] =
      await Promise.all([
        rule('triage'),
        rule('acceptance_notice'),
        rule('handling'),
        rule('review_request_window'),
        rule('re_review_request_window'),
        this.calendar.current(),
      ]);
    const unitIds = new Set<number>(detail.hops.map((h) => h.unitId));
    if (detail.case.responsibleUnitId !== null) unitIds.add(detail.case.responsibleUnitId);
    for (const m of detail.reviewChain ?? [])
      if (m.review?.decisionUnitId) unitIds.add(m.review.decisionUnitId);
    const unitNames = new Map<number, string>();
    for (const id of unitIds) {
      const unit = await this.units.find(id);
      if (unit) unitNames.set(id, unit.name);
    }
    return {
      detail,
      events,
      bureauName: this.config.bureau.name,
      now,
      unitNames,
      ruleDays: {
        triage: triage.length,
        acceptance_notice: acceptance.length,
        handling: handling.length,
        review_request_window: reviewWindow.length,
        re_review_request_window: reReviewWindow.length,
      },
      triageDueFallback: computeDue(detail.case.registeredAt, triage, calendar).dueDate,
    };
  }
}
