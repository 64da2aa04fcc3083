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
] as const;
export type NotAcceptedRoute = (typeof NOT_ACCEPTED_ROUTES)[number];

export const REFERRAL_TARGETS = ['political_legal', 'discipline'] as const;
export type ReferralTarget = (typeof REFERRAL_TARGETS)[number];

export const HOP_KINDS = ['transfer', 'assignment'] as const;
export type HopKind = (typeof HOP_KINDS)[number];

/** A collective petition (集体访) has at least this many people; it may send at most 5 representatives. */
export const COLLECTIVE_MIN_PERSONS = 5;
export const MAX_REPRESENTATIVES = 5;
