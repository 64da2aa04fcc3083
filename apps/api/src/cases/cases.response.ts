import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ROLES } from '@app/auth';
import { ListTotalResponse, PAGE_TOTAL } from '../common/page.query';
import { CLOCK_KINDS, shanghaiDate } from '@app/calendar';
import {
  CASE_COMMANDS,
  CASE_EVENT_TYPES,
  CASE_STATUSES,
  type CaseEventType,
  CASE_STATUS_LABELS,
  type CaseCommand,
  CHAIN_BREAKS,
  type ChainBreak,
  type ChainVerdict,
  type CaseDetail,
  type CaseEntity,
  type CaseHopEntity,
  type CaseLink,
  type CaseListRow,
  type DeliveryContact,
  type CaseReviewEntity,
  type ChainMember,
  type PetitionerView,
  type StaffView,
  type TimelineEvent,
  upperDeadlineWarning,
} from '@app/cases';
import { type ClockEntity, isPetitionerWindow } from '@app/deadlines';

const iso = (d: Date | null) => d?.toISOString() ?? null;

export class NextClockResponse {
  @ApiProperty({ enum: CLOCK_KINDS }) kind: string;
  @ApiProperty() dueAt: string;
  @ApiProperty() overdue: boolean;
  @ApiProperty({
    description: '暂定：按周末计算，所跨年份的国务院节假日安排尚未载入；载入该年日历后重算',
  })
  provisional: boolean;

  /** The petitioner's nearest running window among `clocks`: informative, no one's lateness. */
  static petitionerWindow(clocks: ClockEntity[]): NextClockResponse | null {
    const open = clocks
      .filter((k) => k.status === 'running' && isPetitionerWindow(k.kind))
      .sort((a, b) => a.dueAt.getTime() - b.dueAt.getTime() || a.id - b.id)[0];
    return open
      ? {
          kind: open.kind,
          dueAt: open.dueAt.toISOString(),
          overdue: false,
          provisional: open.provisional,
        }
      : null;
  }
}

export class UpperDeadlineWarningResponse {
  @ApiProperty({
    enum: ['clock_after', 'passed'],
    description:
      'clock_after: a running handling clock falls due after the upper office’s deadline; passed: that deadline has passed with the case still in hand',
  })
  kind: 'clock_after' | 'passed';
  @ApiProperty({ example: '2026-03-05' }) provincialDueDate: string;
  @ApiProperty({ enum: CLOCK_KINDS, description: 'The running clock that falls due last' })
  clockKind: string;
  @ApiProperty({ example: '2026-03-20' }) clockDueDate: string;
}

export class CaseSummaryResponse {
  @ApiProperty() id: number;
  @ApiProperty({ example: 'XF-2022-000123' }) caseNo: string;
  @ApiPropertyOptional({
    nullable: true,
    type: String,
    description: '上级信访件编号（省一体化信访信息系统件号）',
  })
  externalRef: string | null;
  @ApiPropertyOptional({ nullable: true, type: String, description: '上级办理期限 (YYYY-MM-DD)' })
  provincialDueDate: string | null;
  @ApiProperty({ enum: CASE_STATUSES }) status: string;
  @ApiProperty({ example: '已登记' }) statusLabel: string;
  @ApiProperty() channel: string;
  @ApiProperty() source: string;
  @ApiProperty() sourceLevel: string;
  @ApiProperty() registeredAt: string;
  @ApiProperty() title: string;
  @ApiProperty() purpose: string;
  @ApiProperty() categoryCode: string;
  @ApiProperty() personCount: number;
  @ApiProperty() collective: boolean;
  @ApiProperty() repeat: boolean;
  @ApiPropertyOptional({ nullable: true, type: Number }) firstCaseId: number | null;
  @ApiProperty({
    nullable: true,
    type: Number,
    description: '承办人；null 为待领取（尚未分配承办人）',
  })
  officerId: number | null;
  @ApiPropertyOptional({ nullable: true, type: Number }) responsibleUnitId: number | null;
  @ApiPropertyOptional({
    nullable: true,
    type: String,
    description: 'Masked or hidden as the role requires',
  })
  firstPetitionerName: string | null;
  @ApiPropertyOptional({
    nullable: true,
    type: NextClockResponse,
    description:
      "The nearest running clock the bureau or a unit must meet (what the overdue and due-soon lists count). In a case's detail, when none runs: the petitioner's nearest open window (复查/复核申请期限, 满意度评价期限), never overdue",
  })
  nextClock: NextClockResponse | null;
  @ApiPropertyOptional({
    nullable: true,
    enum: ['review', 're_review'],
    description: 'Set on a 复查 / 复核 case',
  })
  reviewKind: string | null;
  @ApiPropertyOptional({
    nullable: true,
    type: Number,
    description: 'On a 复查 / 复核 case: the original case',
  })
  originalCaseId: number | null;
  @ApiPropertyOptional({
    nullable: true,
    enum: ['review', 're_review', 'final'],
    description: 'On an original case: how far its review chain has gone',
  })
  reviewStage: string | null;
  @ApiPropertyOptional({
    nullable: true,
    type: Number,
    description: 'Registration matched a final (终结) matter: its original case, until settled',
  })
  finalMatchCaseId: number | null;
  @ApiProperty() version: number;

  static fields(c: CaseEntity, now: Date) {
    return {
      id: c.id,
      caseNo: c.caseNo,
      externalRef: c.externalRef,
      provincialDueDate: c.provincialDueDate ?? null,
      status: c.status,
      statusLabel: CASE_STATUS_LABELS[c.status],
      channel: c.channel,
      source: c.source,
      sourceLevel: c.sourceLevel,
      registeredAt: c.registeredAt.toISOString(),
      title: c.title,
      purpose: c.purpose,
      categoryCode: c.categoryCode,
      personCount: c.personCount,
      collective: c.collective,
      repeat: c.repeat,
      firstCaseId: c.firstCaseId,
      officerId: c.officerId,
      responsibleUnitId: c.responsibleUnitId,
      nextClock:
        c.nextDueAt && c.nextClockKind
          ? {
              kind: c.nextClockKind,
              dueAt: c.nextDueAt.toISOString(),
              overdue: c.nextDueAt < now,
              provisional: c.nextDueProvisional,
            }
          : null,
      reviewKind: c.reviewKind,
      originalCaseId: c.originalCaseId,
      reviewStage: c.reviewStage,
      finalMatchCaseId: c.finalMatchCaseId,
      version: c.version,
    };
  }

  static from(row: CaseListRow, now: Date): CaseSummaryResponse {
    return Object.assign(new CaseSummaryResponse(), {
      ...CaseSummaryResponse.fields(row.case, now),
      firstPetitionerName: row.firstPetitionerName,
    });
  }
}

export class CasePageResponse {
  @ApiProperty({ type: [CaseSummaryResponse] }) items: CaseSummaryResponse[];
  @ApiPropertyOptional({
    nullable: true,
    type: Number,
    description: 'Pass as cursor for the next page',
  })
  nextCursor: number | null;

  @ApiProperty(PAGE_TOTAL) total: ListTotalResponse | null;
}

export class CaseCountResponse {
  @ApiProperty({
    type: Number,
    nullable: true,
    description:
      '符合筛选条件、调用者可见的信访件总数（列表所有页之和）；capped 为 true 时计数停在上限，实际不少于此数；' +
      '计数超时（CASE_COUNT_TIME_LIMIT_MS）时为 null。' +
      'Number of cases matching the filters that the caller may see (all pages of the list): exact ' +
      'unless `capped`, when counting stopped at CASE_COUNT_CAP and there are at least this many; ' +
      'null when counting took longer than CASE_COUNT_TIME_LIMIT_MS',
  })
  total: number | null;

  @ApiProperty({
    description:
      '计数是否停在上限（CASE_COUNT_CAP）。True when counting stopped at the cap: 「共 N+ 件」',
  })
  capped: boolean;
}

export class PetitionerResponse {
  @ApiProperty() id: number;
  @ApiProperty() kind: string;
  @ApiProperty() name: string;
  @ApiPropertyOptional({ nullable: true, type: String }) idNumber: string | null;
  @ApiPropertyOptional({
    nullable: true,
    type: String,
    description: '号码未核验原因：证件号码未通过核验而照登时的说明（null：已核验或无号码）',
  })
  idUnverifiedReason: string | null;
  @ApiPropertyOptional({ nullable: true, type: String }) phone: string | null;
  @ApiPropertyOptional({ nullable: true, type: String }) address: string | null;
  @ApiProperty() representative: boolean;
  @ApiProperty({ description: 'Whether the personal data shown is masked' }) masked: boolean;

  static from(p: PetitionerView): PetitionerResponse {
    return Object.assign(new PetitionerResponse(), p);
  }
}

/** What the handling unit reads to deliver its 处理意见书: name, phone and address, no ID number. */
export class DeliveryContactResponse {
  @ApiProperty() petitionerId: number;
  @ApiProperty() name: string;
  @ApiPropertyOptional({ nullable: true, type: String }) phone: string | null;
  @ApiPropertyOptional({ nullable: true, type: String }) address: string | null;

  static from(d: DeliveryContact): DeliveryContactResponse {
    return Object.assign(new DeliveryContactResponse(), d);
  }
}

export class HopResponse {
  @ApiProperty() id: number;
  @ApiProperty() kind: string;
  @ApiProperty() unitId: number;
  @ApiProperty() status: string;
  @ApiProperty() sentAt: string;
  @ApiProperty() receivedAt: string;
  @ApiPropertyOptional({ nullable: true, type: String }) acceptedAt: string | null;
  @ApiPropertyOptional({ nullable: true, type: String }) objectedAt: string | null;
  @ApiPropertyOptional({ nullable: true, type: String }) objectionReason: string | null;
  @ApiPropertyOptional({ nullable: true, type: String }) reportDueDate: string | null;
  @ApiPropertyOptional({ nullable: true, type: String }) reportedAt: string | null;

  static from(h: CaseHopEntity): HopResponse {
    return Object.assign(new HopResponse(), {
      id: h.id,
      kind: h.kind,
      unitId: h.unitId,
      status: h.status,
      sentAt: h.sentAt.toISOString(),
      receivedAt: h.receivedAt.toISOString(),
      acceptedAt: iso(h.acceptedAt),
      objectedAt: iso(h.objectedAt),
      objectionReason: h.objectionReason,
      reportDueDate: h.reportDueDate,
      reportedAt: iso(h.reportedAt),
    });
  }
}

export class ClockResponse {
  @ApiProperty() id: number;
  @ApiProperty({ enum: CLOCK_KINDS }) kind: string;
  @ApiPropertyOptional({ nullable: true, type: Number }) hopId: number | null;
  @ApiProperty({ enum: ['running', 'satisfied', 'cancelled'] }) status: string;
  @ApiProperty() startedAt: string;
  @ApiProperty({ example: '2022-02-15', description: 'Last day (Asia/Shanghai)' }) dueDate: string;
  @ApiProperty({ description: '24:00 Asia/Shanghai of the last day' }) dueAt: string;
  @ApiProperty() extendedDays: number;
  @ApiPropertyOptional({ nullable: true, type: String }) endedAt: string | null;
  @ApiProperty({
    description:
      "Ended after its due time, or still running past it; never for the petitioner's windows, which lapse",
  })
  late: boolean;
  @ApiProperty({
    description: '暂定：按周末计算，所跨年份的国务院节假日安排尚未载入；载入该年日历后重算',
  })
  provisional: boolean;

  static from(k: ClockEntity, now: Date): ClockResponse {
    return Object.assign(new ClockResponse(), {
      id: k.id,
      kind: k.kind,
      hopId: k.hopId,
      status: k.status,
      startedAt: k.startedAt.toISOString(),
      dueDate: k.dueDate,
      dueAt: k.dueAt.toISOString(),
      extendedDays: k.extendedDays,
      endedAt: iso(k.endedAt),
      late:
        k.status === 'cancelled' || isPetitionerWindow(k.kind)
          ? false
          : (k.endedAt ?? now) > k.dueAt,
      provisional: k.provisional,
    });
  }
}

export class ReviewResponse {
  @ApiProperty({ enum: ['review', 're_review'] }) kind: string;
  @ApiProperty() originalCaseId: number;
  @ApiProperty({ description: 'The case whose answer is contested' }) contestedCaseId: number;
  @ApiProperty() receivedAt: string;
  @ApiProperty({ description: 'End of the 30-day request window' }) windowDueAt: string;
  @ApiProperty() late: boolean;
  @ApiPropertyOptional({ nullable: true, type: String }) lateJustification: string | null;
  @ApiPropertyOptional({ nullable: true, type: String }) hearingStartedAt: string | null;
  @ApiPropertyOptional({ nullable: true, type: String }) hearingEndedAt: string | null;
  @ApiProperty({ description: 'Days excluded from the decision clock' }) hearingDays: number;
  @ApiPropertyOptional({ nullable: true, type: Number }) decisionUnitId: number | null;
  @ApiPropertyOptional({ nullable: true, type: String }) decisionBody: string | null;
  @ApiPropertyOptional({ nullable: true, enum: ['uphold', 'revoke', 'modify'] })
  decision: string | null;
  @ApiPropertyOptional({ nullable: true, type: String }) decisionReasons: string | null;
  @ApiPropertyOptional({ nullable: true, type: String }) decidedAt: string | null;
  @ApiPropertyOptional({ nullable: true, type: String }) deliveryMethod: string | null;
  @ApiPropertyOptional({ nullable: true, type: String }) deliveredAt: string | null;

  static from(r: CaseReviewEntity): ReviewResponse {
    return Object.assign(new ReviewResponse(), {
      kind: r.kind,
      originalCaseId: r.originalCaseId,
      contestedCaseId: r.contestedCaseId,
      receivedAt: r.receivedAt.toISOString(),
      windowDueAt: r.windowDueAt.toISOString(),
      late: r.late,
      lateJustification: r.lateJustification,
      hearingStartedAt: iso(r.hearingStartedAt),
      hearingEndedAt: iso(r.hearingEndedAt),
      hearingDays: r.hearingDays,
      decisionUnitId: r.decisionUnitId,
      decisionBody: r.decisionBody,
      decision: r.decision,
      decisionReasons: r.decisionReasons,
      decidedAt: iso(r.decidedAt),
      deliveryMethod: r.deliveryMethod,
      deliveredAt: iso(r.deliveredAt),
    });
  }
}

export class ChainMemberResponse {
  @ApiProperty() caseId: number;
  @ApiProperty() caseNo: string;
  @ApiProperty() status: string;
  @ApiProperty({ enum: ['original', 'review', 're_review'] }) kind: string;
  @ApiPropertyOptional({ nullable: true, type: String, description: '维持 / 撤销 / 变更' })
  decision: string | null;
  @ApiPropertyOptional({ nullable: true, type: String }) deliveredAt: string | null;

  static from(m: ChainMember): ChainMemberResponse {
    return Object.assign(new ChainMemberResponse(), {
      caseId: m.caseId,
      caseNo: m.caseNo,
      status: m.status,
      kind: m.kind,
      decision: m.review?.decision ?? null,
      deliveredAt: iso(m.review?.deliveredAt ?? null),
    });
  }
}

export class FinalMatchResponse {
  @ApiProperty({ description: 'The original case of the final matter' }) caseId: number;
  @ApiProperty() caseNo: string;
}

export class CaseStaffResponse {
  @ApiPropertyOptional({
    nullable: true,
    type: Number,
    description: 'Null where the caller reads the person by role only (a unit, the bureau staff)',
  })
  id: number | null;
  @ApiPropertyOptional({ nullable: true, type: String, description: '姓名；仅按角色显示时为空' })
  name: string | null;
  @ApiProperty({ enum: ROLES, enumName: 'Role' }) role: string;

  static from(s: StaffView): CaseStaffResponse {
    return Object.assign(new CaseStaffResponse(), { id: s.id, name: s.name, role: s.role });
  }
}

export class CaseLinkResponse {
  @ApiProperty() id: number;
  @ApiProperty({ example: 'XF-2022-000123' }) caseNo: string;
  @ApiProperty({ description: 'The caller may open the linked case' }) openable: boolean;

  static from(l: CaseLink | null): CaseLinkResponse | null {
    return l
      ? Object.assign(new CaseLinkResponse(), { id: l.id, caseNo: l.caseNo, openable: l.openable })
      : null;
  }
}

export class CaseResponse extends CaseSummaryResponse {
  @ApiPropertyOptional({
    nullable: true,
    type: CaseStaffResponse,
    description: '承办人: by name for the bureau, by role only for a unit',
  })
  officer: CaseStaffResponse | null;
  @ApiPropertyOptional({
    nullable: true,
    type: CaseLinkResponse,
    description: '初件 of a repeat case, by number (absent where the caller may not know it)',
  })
  firstCase: CaseLinkResponse | null;
  @ApiPropertyOptional({
    nullable: true,
    type: CaseLinkResponse,
    description: 'On a 复查 / 复核 case: the original case, by number',
  })
  originalCase: CaseLinkResponse | null;
  @ApiProperty() content: string;
  @ApiProperty() locality: string;
  @ApiProperty() flags: Record<string, boolean>;
  @ApiProperty() extensionUsed: boolean;
  @ApiPropertyOptional({ nullable: true, type: Object }) disposal: Record<string, unknown> | null;
  @ApiPropertyOptional({ nullable: true, type: Object }) answer: Record<string, unknown> | null;
  @ApiPropertyOptional({ nullable: true, type: String }) closedAt: string | null;
  @ApiPropertyOptional({ nullable: true, type: String }) evaluation: string | null;
  @ApiPropertyOptional({ nullable: true, type: String }) evaluatedAt: string | null;
  @ApiProperty({ type: [PetitionerResponse] }) petitioners: PetitionerResponse[];
  @ApiProperty({ type: [HopResponse] }) hops: HopResponse[];
  @ApiProperty({ type: [ClockResponse] }) clocks: ClockResponse[];
  @ApiProperty() attachments: {
    id: number;
    filename: string;
    contentType: string;
    sizeBytes: number;
  }[];
  @ApiPropertyOptional({
    nullable: true,
    type: ReviewResponse,
    description: 'On a 复查 / 复核 case: the request, hearing and decision',
  })
  review: ReviewResponse | null;
  @ApiProperty({
    type: [ChainMemberResponse],
    description: 'The review chain the case belongs to (original first), or empty',
  })
  reviewChain: ChainMemberResponse[];
  @ApiPropertyOptional({
    nullable: true,
    type: FinalMatchResponse,
    description: 'The final (终结) matter registration matched, awaiting an officer',
  })
  finalMatch: FinalMatchResponse | null;
  @ApiProperty({
    enum: CASE_COMMANDS,
    enumName: 'CaseCommand',
    isArray: true,
    description:
      'What the caller may do to the case now, by its status, their role and unit (the rules the action endpoints enforce)',
  })
  allowedActions: CaseCommand[];
  @ApiPropertyOptional({
    nullable: true,
    type: UpperDeadlineWarningResponse,
    description: '上级办理期限 at risk: the statutory clocks end after it, or it has passed',
  })
  upperDeadlineWarning: UpperDeadlineWarningResponse | null;

  static fromDetail(d: CaseDetail, now: Date): CaseResponse {
    const c = d.case;
    const fields = CaseSummaryResponse.fields(c, now);
    return Object.assign(new CaseResponse(), {
      ...fields,
      nextClock: fields.nextClock ?? NextClockResponse.petitionerWindow(d.clocks),
      firstPetitionerName: d.petitioners[0]?.name ?? null,
      officer: d.officer ? CaseStaffResponse.from(d.officer) : null,
      firstCase: CaseLinkResponse.from(d.firstCase),
      originalCase: CaseLinkResponse.from(d.originalCase),
      content: c.content,
      locality: c.locality,
      flags: {
        skipLevel: c.skipLevel,
        toBeijing: c.toBeijing,
        toProvince: c.toProvince,
        jointSigned: c.jointSigned,
        lawRelated: c.lawRelated,
        confidentialAccuser: c.confidentialAccuser,
      },
      extensionUsed: c.extensionUsed,
      disposal:
        c.notAcceptedRoute || c.referredTo
          ? {
              notAcceptedRoute: c.notAcceptedRoute,
              referredTo: c.referredTo,
              reason: c.disposalReason,
            }
          : null,
      answer: c.answerDecision
        ? {
            decision: c.answerDecision,
            facts: c.answerFacts,
            basis: c.answerBasis,
            answeredAt: iso(c.answeredAt),
            deliveryMethod: c.deliveryMethod,
            deliveredAt: iso(c.deliveredAt),
          }
        : null,
      closedAt: iso(c.closedAt),
      evaluation: c.evaluation,
      evaluatedAt: iso(c.evaluatedAt),
      petitioners: d.petitioners.map((p) => PetitionerResponse.from(p)),
      hops: d.hops.map((h) => HopResponse.from(h)),
      clocks: d.clocks.map((k) => ClockResponse.from(k, now)),
      attachments: d.attachments.map((a) => ({
        id: a.id,
        filename: a.filename,
        contentType: a.contentType,
        sizeBytes: a.sizeBytes,
      })),
      review: ((r) => (r ? ReviewResponse.from(r) : null))(
        d.reviewChain?.find((m) => m.caseId === c.id)?.review,
      ),
      reviewChain: (d.reviewChain ?? []).map((m) => ChainMemberResponse.from(m)),
      finalMatch: d.finalMatch ?? null,
      allowedActions: d.allowedActions,
      upperDeadlineWarning: upperDeadlineWarning(c, d.clocks, shanghaiDate(now)),
    });
  }
}

export class TimelineEventResponse {
  @ApiProperty() seq: number;
  @ApiProperty({ enum: CASE_EVENT_TYPES }) type: CaseEventType;
  @ApiPropertyOptional({
    nullable: true,
    type: Number,
    description: 'Who did it; a unit reads only its own people here, the bureau by role',
  })
  actorId: number | null;
  @ApiPropertyOptional({ nullable: true, type: String, description: 'The role of whoever did it' })
  actorRole: string | null;
  @ApiProperty() at: string;
  @ApiPropertyOptional({ nullable: true, type: String }) fromStatus: string | null;
  @ApiPropertyOptional({ nullable: true, type: String }) toStatus: string | null;
  @ApiProperty() data: object;
  @ApiProperty() hash: string;

  static from(e: TimelineEvent): TimelineEventResponse {
    return Object.assign(new TimelineEventResponse(), {
      seq: e.seq,
      type: e.type,
      actorId: e.actorId,
      actorRole: e.actorRole,
      at: e.at.toISOString(),
      fromStatus: e.fromStatus,
      toStatus: e.toStatus,
      data: e.data,
      hash: e.hash,
    });
  }
}

export class ChainVerdictResponse {
  @ApiProperty({ description: 'Every event is the one the key sealed, up to the anchored head' })
  intact: boolean;
  @ApiPropertyOptional({
    nullable: true,
    type: Number,
    description: 'The seq of the first event that does not fit (deleted tail: the first missing)',
  })
  brokenAt: number | null;
  @ApiPropertyOptional({ nullable: true, enum: CHAIN_BREAKS, enumName: 'ChainBreak' })
  kind: ChainBreak | null;

  static from(v: ChainVerdict): ChainVerdictResponse {
    return Object.assign(new ChainVerdictResponse(), {
      intact: v.intact,
      brokenAt: v.brokenAt,
      kind: v.kind,
    });
  }
}

export class TimelineResponse {
  @ApiProperty({ type: [TimelineEventResponse] }) events: TimelineEventResponse[];
  @ApiProperty({ description: 'The hash chain verifies end to end' }) chainIntact: boolean;
}
