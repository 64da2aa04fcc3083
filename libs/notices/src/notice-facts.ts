import { shanghaiDate } from '@app/calendar';
import {
  CHANNEL_LABELS,
  REVIEW_DECISION_LABELS,
  type AnswerDecision,
  type CaseDetail,
  type NotAcceptedRoute,
  type TimelineEvent,
} from '@app/cases';
import { chineseDate, shanghaiDateTime } from '@app/documents';
import type { NoticeKind } from './notice-kinds';
import { noticeNotApplicable } from './notices.errors';

/** What a notice is filled from, read before it is generated. */
export interface NoticeFacts {
  detail: CaseDetail;
  events: TimelineEvent[];
  bureauName: string;
  now: Date;
  /** Unit names by id (the case's units, the review's deciding unit). */
  unitNames: ReadonlyMap<number, string>;
  /** The lengths of the deadline rules in force, in days. */
  ruleDays: {
    triage: number;
    acceptance_notice: number;
    handling: number;
    review_request_window: number;
    re_review_request_window: number;
  };
  /** The triage period's last day when no triage clock was ever started (YYYY-MM-DD). */
  triageDueFallback: string;
}

export interface NoticeFill {
  values: Record<string, string>;
  /** The date the notice is owed by, where a clock sets one (受理 / 不予受理: the triage clock). */
  dueDate: string | null;
}

/** Where the petitioner is told to go (信访工作条例 art. 31), as the sentence ends. */
const ROUTE_TEXTS: Record<NotAcceptedRoute, string> = {
  litigation: '依法向人民法院提起诉讼',
  arbitration: '依法申请仲裁',
  administrative_review: '依法申请行政复议',
  administrative_reconsideration: '依法申请行政复核',
  other_legal_channel: '通过其他法定途径依法提出',
  not_a_petition: '向有权处理的机关依法提出（该事项不属于信访事项）',
  not_reaccepted: '知悉该信访事项已经复核终结',
};

const DECISION_TEXTS: Record<AnswerDecision, string> = {
  support: '支持你（们）的信访请求',
  explain: '对你（们）的信访请求予以解释说明',
  reject: '不支持你（们）的信访请求',
};

const HANDOVER_TEXTS = { transfer: '转送', assignment: '交办' } as const;

const day = (at: Date) => chineseDate(shanghaiDate(at));
/** A sentence's own full stop is dropped where the template puts one after it. */
const clause = (text: string | null) => (text ?? '').trim().replace(/[。．.；;]+$/, '');

/** The latest event of one of `types`, when the case has one. */
const lastEvent = (events: TimelineEvent[], ...types: string[]) =>
  [...events].reverse().find((e) => types.includes(e.type)) ?? null;

/**
 * The placeholder values of a kind of notice, and whether the case is where that notice is owed
 * (a 409 naming why not). Every value comes from the case, its timeline, its review or the rules.
 */
export function noticeFill(kind: NoticeKind, f: NoticeFacts): NoticeFill {
  const d = f.detail;
  const c = d.case;
  const common: Record<string, string> = {
    bureauName: f.bureauName,
    caseNo: c.caseNo,
    petitionerName: petitionerNames(d),
    registeredDate: day(c.registeredAt),
    caseTitle: c.title,
    channel: CHANNEL_LABELS[c.channel],
    issuedDate: day(f.now),
  };
  const triage = d.clocks.find((k) => k.kind === 'triage') ?? null;
  const triageDue = triage?.dueDate ?? f.triageDueFallback;
  const unitName = (id: number | null) => (id === null ? '' : (f.unitNames.get(id) ?? ''));
  const review = d.reviewChain?.find((m) => m.caseId === c.id)?.review ?? null;

  switch (kind) {
    case 'acknowledgement':
      return {
        values: {
          ...common,
          registeredTime: shanghaiDateTime(c.registeredAt),
          triageDays: String(triage?.length ?? f.ruleDays.triage),
          triageDueDate: chineseDate(triageDue),
        },
        dueDate: null,
      };
    case 'acceptance': {
      const handover = lastEvent(f.events, 'transferred', 'assigned');
      const hop = d.hops.at(-1);
      if (
        !handover ||
        !hop ||
        !['transferred', 'assigned', 'accepted', 'answered', 'closed'].includes(c.status)
      )
        throw noticeNotApplicable('NOTICE_CASE_NOT_HANDED_OVER', kind, c.status);
      const acceptance = d.clocks.find((k) => k.kind === 'acceptance_notice' && k.hopId === hop.id);
      return {
        values: {
          ...common,
          handoverKind: HANDOVER_TEXTS[hop.kind],
          handoverDate: day(hop.sentAt),
          unitName: unitName(hop.unitId),
          acceptanceDays: String(acceptance?.length ?? f.ruleDays.acceptance_notice),
          handlingDays: String(f.ruleDays.handling),
        },
        dueDate: triageDue,
      };
    }
    case 'refusal': {
      const refused = lastEvent(f.events, 'not_accepted');
      if (c.status !== 'not_accepted' || c.notAcceptedRoute === 'not_reaccepted' || !refused)
        throw noticeNotApplicable('NOTICE_CASE_NOT_REFUSED', kind, c.status);
      return {
        values: {
          ...common,
          decisionDate: day(refused.at),
          reason: clause(c.disposalReason),
          route: c.notAcceptedRoute ? ROUTE_TEXTS[c.notAcceptedRoute] : '通过法定途径依法提出',
        },
        dueDate: triageDue,
      };
    }
    case 'answer': {
      if (!c.answeredAt || !c.answerDecision)
        throw noticeNotApplicable('NOTICE_CASE_NOT_ANSWERED', kind, c.status);
      const answeringHop = d.hops.find((h) => h.id === c.currentHopId) ?? d.hops.at(-1);
      return {
        values: {
          ...common,
          unitName: unitName(answeringHop?.unitId ?? c.responsibleUnitId) || f.bureauName,
          answerDate: day(c.answeredAt),
          decision: DECISION_TEXTS[c.answerDecision],
          facts: (c.answerFacts ?? '').trim(),
          basis: (c.answerBasis ?? '').trim(),
          reviewWindowDays: String(f.ruleDays.review_request_window),
        },
        dueDate: null,
      };
    }
    case 'review_opinion':
    case 're_review_opinion': {
      const wanted = kind === 'review_opinion' ? 'review' : 're_review';
      if (c.reviewKind !== wanted || !review)
        throw noticeNotApplicable('NOTICE_NOT_A_REVIEW_CASE', kind, c.status);
      if (!review.decision || !review.decidedAt)
        throw noticeNotApplicable('NOTICE_REVIEW_NOT_DECIDED', kind, c.status);
      const values: Record<string, string> = {
        ...common,
        contestedCaseNo:
          d.reviewChain?.find((m) => m.caseId === review.contestedCaseId)?.caseNo ?? '',
        requestDate: day(review.receivedAt),
        decisionBody:
          review.decisionBody?.trim() || unitName(review.decisionUnitId) || f.bureauName,
        decision: REVIEW_DECISION_LABELS[review.decision],
        reasons: (review.decisionReasons ?? '').trim(),
        decisionDate: day(review.decidedAt),
      };
      if (kind === 'review_opinion')
        values.reReviewWindowDays = String(f.ruleDays.re_review_request_window);
      return { values, dueDate: null };
    }
    case 'not_reaccepted': {
      const refused = lastEvent(f.events, 'not_reaccepted');
      if (c.notAcceptedRoute !== 'not_reaccepted' || !refused)
        throw noticeNotApplicable('NOTICE_CASE_NOT_FINAL_MATTER', kind, c.status);
      return {
        values: {
          ...common,
          finalCaseNo:
            d.finalMatch?.caseNo ??
            String((refused.data as { finalCaseNo?: string }).finalCaseNo ?? ''),
          decisionDate: day(refused.at),
          reason: clause(c.disposalReason),
        },
        dueDate: triageDue,
      };
    }
  }
}

/** The petitioners the notice is addressed to, by the names they gave with this case. */
export function petitionerNames(d: CaseDetail): string {
  return d.petitioners
    .map((p) => p.name.trim())
    .filter(Boolean)
    .join('、');
}
