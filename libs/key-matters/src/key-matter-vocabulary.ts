export const KEY_MATTER_CATEGORIES = ['field', 'group', 'issue', 'person'] as const;
export type KeyMatterCategory = (typeof KEY_MATTER_CATEGORIES)[number];
export const KEY_MATTER_CATEGORY_LABELS: Record<KeyMatterCategory, string> = {
  field: '重点领域',
  group: '重点群体',
  issue: '重点问题',
  person: '重点人员',
};

/** 五个一: one leader in charge, one task force, one plan, one set of measures, one deadline. */
export const FIVE_SLOTS = ['leaderInCharge', 'taskForce', 'plan', 'measures', 'deadline'] as const;
export type FiveSlot = (typeof FIVE_SLOTS)[number];
export const FIVE_SLOT_LABELS: Record<FiveSlot, string> = {
  leaderInCharge: '一名包案领导',
  taskForce: '一个工作专班',
  plan: '一套化解方案',
  measures: '一套稳控帮扶措施',
  deadline: '一个化解时限',
};

/** 三到位一处理. */
export const OUTCOMES = ['solved', 'educated', 'assisted', 'dealt_by_law'] as const;
export type Outcome = (typeof OUTCOMES)[number];
export const OUTCOME_LABELS: Record<Outcome, string> = {
  solved: '问题解决到位',
  educated: '教育疏导到位',
  assisted: '困难帮扶到位',
  dealt_by_law: '依法处理',
};

export const MISSION_KINDS = ['on_site', 'away'] as const;
export type MissionKind = (typeof MISSION_KINDS)[number];
export const MISSION_KIND_LABELS: Record<MissionKind, string> = {
  on_site: '驻点',
  away: '赴外劝返',
};
