/** The case vocabulary of DESIGN §2 and §9, as the code spells it. */
export const CHANNELS = ['visit', 'letter', 'call', 'online', 'fax'] as const;
export type Channel = (typeof CHANNELS)[number];
export const CHANNEL_LABELS: Record<Channel, string> = {
  visit: '来访',
  letter: '来信',
  call: '来电',
  online: '网信',
  fax: '传真',
};

export const SOURCES = ['direct', 'transferred', 'assigned'] as const;
export type Source = (typeof SOURCES)[number];

export const SOURCE_LEVELS = ['national', 'provincial', 'municipal', 'district'] as const;
export type SourceLevel = (typeof SOURCE_LEVELS)[number];

export const PURPOSES = ['suggestion', 'accusation', 'complaint', 'other'] as const;
export type Purpose = (typeof PURPOSES)[number];

export const PETITIONER_KINDS = ['person', 'organisation'] as const;
export type PetitionerKind = (typeof PETITIONER_KINDS)[number];

export const ANSWER_DECISIONS = ['support', 'explain', 'reject'] as const;
export type AnswerDecision = (typeof ANSWER_DECISIONS)[number];

export const DELIVERY_METHODS = ['in_person', 'post', 'online', 'sms', 'phone'] as const;
export type DeliveryMethod = (typeof DELIVERY_METHODS)[number];

export const EVALUATIONS = ['satisfied', 'basically_satisfied', 'dissatisfied', 'lapsed'] as const;
export type Evaluation = (typeof EVALUATIONS)[number];

/** Where a petitioner is told to go when the bureau does not accept the matter (不予受理). */
export const NOT_ACCEPTED_ROUTES = [
  'litigation',
  'arbitration',
  'administrative_review',
  'administrative_reconsideration',
  'other_legal_channel',
  'not_a_petition',
  // 不再受理: the matter was made final by a re-review (信访工作条例 art. 35); set only by
  // confirming a final-matter match, never chosen by hand.
  'not_reaccepted',
] as const;
export type NotAcceptedRoute = (typeof NOT_ACCEPTED_ROUTES)[number];

export const REFERRAL_TARGETS = ['political_legal', 'discipline'] as const;
export type ReferralTarget = (typeof REFERRAL_TARGETS)[number];

export const HOP_KINDS = ['transfer', 'assignment'] as const;
export type HopKind = (typeof HOP_KINDS)[number];

/** A collective petition (集体访) has at least this many people; it may send at most 5 representatives. */
export const COLLECTIVE_MIN_PERSONS = 5;
export const MAX_REPRESENTATIVES = 5;

/** 复查 / 复核: the kind of a linked review case. */
export const REVIEW_KINDS = ['review', 're_review'] as const;
export type ReviewKind = (typeof REVIEW_KINDS)[number];
export const REVIEW_KIND_LABELS: Record<ReviewKind, string> = { review: '复查', re_review: '复核' };

/** How far an original case's review chain has gone (null: no review requested). */
export const REVIEW_STAGES = ['review', 're_review', 'final'] as const;
export type ReviewStage = (typeof REVIEW_STAGES)[number];

/** 复查/复核意见: 维持 / 撤销 / 变更 the contested answer. */
export const REVIEW_DECISIONS = ['uphold', 'revoke', 'modify'] as const;
export type ReviewDecision = (typeof REVIEW_DECISIONS)[number];
export const REVIEW_DECISION_LABELS: Record<ReviewDecision, string> = {
  uphold: '维持',
  revoke: '撤销',
  modify: '变更',
};

/**
 * Every kind of event a case's timeline holds: the one list the writers are typed by (an event
 * of another type does not compile) and the API's `TimelineEventResponse.type` enum, so the
 * console's dictionary cannot miss one.
 */
export const CASE_EVENT_TYPES = [
  'registered',
  'edited',
  'transferred',
  'assigned',
  'referred',
  'not_accepted',
  'accepted',
  'objected',
  'extended',
  'answered',
  'reported',
  'closed',
  'evaluated',
  'evaluation_lapsed',
  'officer_reassigned',
  'officer_taken',
  'linked_as_repeat',
  'unlinked_repeat',
  'attachment_added',
  'clock_recomputed',
  'review_requested',
  'review_not_accepted',
  'review_decided',
  'review_window_lapsed',
  'hearing_started',
  'hearing_ended',
  'matter_final',
  'not_reaccepted',
  'final_match_dismissed',
  'supervision_letter_issued',
  'delivery_contact_revealed',
  'notice_issued',
  'notice_delivered',
  'upper_office_corrected',
] as const;
export type CaseEventType = (typeof CASE_EVENT_TYPES)[number];
