import type { Role } from '@app/auth';

/**
 * The written notices the bureau sends a petitioner (信访工作条例 arts. 22, 31–36): each is
 * generated from the case, in the letters' official layout, and its delivery is recorded.
 */
export const NOTICE_KINDS = [
  'acknowledgement',
  'acceptance',
  'refusal',
  'answer',
  'review_opinion',
  're_review_opinion',
  'not_reaccepted',
] as const;
export type NoticeKind = (typeof NOTICE_KINDS)[number];

export const NOTICE_KIND_LABELS: Record<NoticeKind, string> = {
  acknowledgement: '登记回执',
  acceptance: '受理告知书',
  refusal: '不予受理告知书',
  answer: '信访处理意见书',
  review_opinion: '复查意见书',
  re_review_opinion: '复核意见书',
  not_reaccepted: '不再受理告知书',
};

/**
 * The mark after the bureau's code in a notice's number (荔信受〔2026〕3号), one sequence per
 * mark and year; null: the bureau does not number it (the 回执 carries the case number).
 */
export const NOTICE_NUMBER_MARKS: Record<NoticeKind, string | null> = {
  acknowledgement: null,
  acceptance: '受',
  refusal: '不受',
  answer: '处',
  review_opinion: '复查',
  re_review_opinion: '复核',
  not_reaccepted: '不再受',
};

const COMMON = [
  'bureauName',
  'caseNo',
  'petitionerName',
  'registeredDate',
  'caseTitle',
  'channel',
  'issuedDate',
] as const;

/**
 * The placeholders each kind's template may use (`{{name}}`); every value comes from the case,
 * its timeline, its review or the deadline rules in force. A template naming another is refused.
 */
export const NOTICE_PLACEHOLDERS: Record<NoticeKind, readonly string[]> = {
  acknowledgement: [...COMMON, 'registeredTime', 'triageDays', 'triageDueDate'],
  acceptance: [
    ...COMMON,
    'handoverKind',
    'handoverDate',
    'unitName',
    'acceptanceDays',
    'handlingDays',
  ],
  refusal: [...COMMON, 'decisionDate', 'reason', 'route'],
  answer: [...COMMON, 'unitName', 'answerDate', 'decision', 'facts', 'basis', 'reviewWindowDays'],
  review_opinion: [
    ...COMMON,
    'contestedCaseNo',
    'requestDate',
    'decisionBody',
    'decision',
    'reasons',
    'decisionDate',
    'reReviewWindowDays',
  ],
  re_review_opinion: [
    ...COMMON,
    'contestedCaseNo',
    'requestDate',
    'decisionBody',
    'decision',
    'reasons',
    'decisionDate',
  ],
  not_reaccepted: [...COMMON, 'finalCaseNo', 'decisionDate', 'reason'],
};

/** Petitioner notices are the bureau's: a unit never generates, reads or delivers one. */
export const NOTICE_READERS: readonly Role[] = ['reception', 'officer', 'supervisor', 'leader'];
export const NOTICE_WRITERS: readonly Role[] = ['reception', 'officer', 'supervisor'];
/** Reception prints the 回执 at the counter; the decisions' notices are the officers'. */
export const NOTICE_KIND_WRITERS: Record<NoticeKind, readonly Role[]> = {
  acknowledgement: ['reception', 'officer', 'supervisor'],
  acceptance: ['officer', 'supervisor'],
  refusal: ['officer', 'supervisor'],
  answer: ['officer', 'supervisor'],
  review_opinion: ['officer', 'supervisor'],
  re_review_opinion: ['officer', 'supervisor'],
  not_reaccepted: ['officer', 'supervisor'],
};
