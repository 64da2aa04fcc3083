import type { components } from '../api/schema';

/**
 * The Chinese name of every enum the API sends or takes, one place for every screen. The keys are
 * the enum types of the generated schema: a value the API adds without a name here is a type
 * error (and dictionary.spec.ts checks the document too).
 */
type S = components['schemas'];
type Labels<T extends string> = Readonly<Record<T, string>>;

export type CaseStatus = S['CaseSummaryResponse']['status'];
export type Channel = S['RegisterCaseDto']['channel'];
export type Source = S['RegisterCaseDto']['source'];
export type SourceLevel = S['RegisterCaseDto']['sourceLevel'];
export type Purpose = S['RegisterCaseDto']['purpose'];
export type Role = S['MeResponse']['role'];
export type ClockKind = S['ClockResponse']['kind'];
export type ClockStatus = S['ClockResponse']['status'];
export type PetitionerKind = S['PetitionerDto']['kind'];
export type Evaluation = S['EvaluateDto']['evaluation'];
export type AnswerDecision = S['AnswerDto']['decision'];
export type DeliveryMethod = NonNullable<S['AnswerDto']['deliveryMethod']>;
export type NotAcceptRoute = S['NotAcceptDto']['route'];
export type ReferTarget = S['ReferDto']['to'];
export type ReviewKind = NonNullable<S['CaseSummaryResponse']['reviewKind']>;
export type ReviewStage = NonNullable<S['CaseSummaryResponse']['reviewStage']>;
export type ReviewDecision = S['ReviewDecisionDto']['decision'];
export type UnitKind = S['UnitResponse']['kind'];
export type CaseEventType = S['TimelineEventResponse']['type'];
export type NoticeKind = S['GenerateNoticeDto']['kind'];

export const CASE_STATUS: Labels<CaseStatus> = {
  registered: '已登记',
  transferred: '已转送',
  assigned: '已交办',
  referred: '已移交政法/纪检',
  not_accepted: '不予受理',
  objected: '单位有异议',
  accepted: '已受理办理中',
  answered: '已答复',
  closed: '已办结',
  final: '已终结',
  under_review: '复查/复核办理中',
  review_decided: '已作出复查/复核意见',
};

export const CHANNEL: Labels<Channel> = {
  visit: '来访',
  letter: '来信',
  call: '来电',
  online: '网信',
  fax: '传真',
};

export const SOURCE: Labels<Source> = {
  direct: '直接登记',
  transferred: '上级转送',
  assigned: '上级交办',
};

export const SOURCE_LEVEL: Labels<SourceLevel> = {
  national: '国家信访局',
  provincial: '省',
  municipal: '市',
  district: '区',
};

export const PURPOSE: Labels<Purpose> = {
  suggestion: '意见建议',
  accusation: '检举控告',
  complaint: '申诉求决',
  other: '其他',
};

export const ROLE: Labels<Role> = {
  reception: '接访登记员',
  officer: '承办人',
  supervisor: '督查员',
  unit_handler: '责任单位经办人',
  leader: '领导',
  admin: '系统管理员',
  finance: '财务人员',
};

export const CLOCK_KIND: Labels<ClockKind> = {
  triage: '登记转送（交办）期限',
  acceptance_notice: '受理告知期限',
  objection_window: '异议期限',
  handling: '办理答复期限',
  assignment_report: '交办报结期限',
  review_request_window: '复查申请期限',
  review_decision: '复查意见期限',
  re_review_request_window: '复核申请期限',
  re_review_decision: '复核意见期限',
  supervision_reply: '督办函回复期限',
  evaluation_window: '满意度评价期限',
};

/**
 * The petitioner's windows (the API's PETITIONER_WINDOW_KINDS): the petitioner's time to ask for a
 * review or to rate the answer, no one's overdue work; a passed one has 届满, not 超期.
 */
export const PETITIONER_WINDOW_KINDS: readonly ClockKind[] = [
  'review_request_window',
  're_review_request_window',
  'evaluation_window',
];

export const CLOCK_STATUS: Labels<ClockStatus> = {
  running: '计时中',
  satisfied: '已完成',
  cancelled: '已取消',
};

export const PETITIONER_KIND: Labels<PetitionerKind> = {
  person: '个人',
  organisation: '单位/组织',
};

export const EVALUATION: Labels<Evaluation | 'lapsed'> = {
  satisfied: '满意',
  basically_satisfied: '基本满意',
  dissatisfied: '不满意',
  lapsed: '超期未评价',
};

export const ANSWER_DECISION: Labels<AnswerDecision> = {
  support: '支持',
  explain: '解释说明',
  reject: '不予支持',
};

export const DELIVERY_METHOD: Labels<DeliveryMethod> = {
  in_person: '当面送达',
  post: '邮寄送达',
  online: '网上送达',
  sms: '短信告知',
  phone: '电话告知',
};

export const NOTICE_KIND: Labels<NoticeKind> = {
  acknowledgement: '登记回执',
  acceptance: '受理告知书',
  refusal: '不予受理告知书',
  answer: '信访处理意见书',
  review_opinion: '复查意见书',
  re_review_opinion: '复核意见书',
  not_reaccepted: '不再受理告知书',
};

export const NOT_ACCEPT_ROUTE: Labels<NotAcceptRoute> = {
  litigation: '诉讼',
  arbitration: '仲裁',
  administrative_review: '行政复议',
  administrative_reconsideration: '行政复核',
  other_legal_channel: '其他法定途径',
  not_a_petition: '不属于信访事项',
};

export const REFER_TARGET: Labels<ReferTarget> = {
  political_legal: '政法机关',
  discipline: '纪检监察机关',
};

export const REVIEW_KIND: Labels<ReviewKind> = { review: '复查', re_review: '复核' };

export const REVIEW_STAGE: Labels<ReviewStage> = {
  review: '复查中',
  re_review: '复核中',
  final: '已终结',
};

export const REVIEW_DECISION: Labels<ReviewDecision> = {
  uphold: '维持',
  revoke: '撤销',
  modify: '变更',
};

export const UNIT_KIND: Labels<UnitKind> = {
  bureau: '信访局',
  district_unit: '区属责任单位',
  upper_office: '上级信访部门',
};

/** A label, or the raw code marked as unknown (never silently English). */
export function label<T extends string>(
  labels: Labels<T>,
  value: string | null | undefined,
): string {
  if (value == null || value === '') return '—';
  return (labels as Record<string, string>)[value] ?? `未知（${value}）`;
}

/** [value, label] pairs for a select, in the dictionary's order. */
export function options<T extends string>(labels: Labels<T>): { value: T; label: string }[] {
  return (Object.entries(labels) as [T, string][]).map(([value, l]) => ({ value, label: l }));
}

export const EVENT_TYPE: Labels<CaseEventType> = {
  registered: '登记',
  edited: '修改登记信息',
  transferred: '转送',
  assigned: '交办',
  referred: '移交政法/纪检',
  not_accepted: '不予受理',
  accepted: '责任单位受理',
  objected: '责任单位提出异议',
  extended: '延期',
  answered: '出具处理意见书',
  reported: '报送办理结果',
  closed: '办结',
  evaluated: '录入满意度评价',
  evaluation_lapsed: '评价期满未评价',
  officer_reassigned: '变更承办人',
  officer_taken: '领取承办',
  linked_as_repeat: '关联初件（重件）',
  unlinked_repeat: '取消重件关联',
  attachment_added: '上传附件',
  clock_recomputed: '重算期限',
  review_requested: '申请复查/复核',
  review_not_accepted: '复查/复核申请不予受理',
  review_decided: '作出复查/复核意见',
  review_window_lapsed: '复查/复核申请期满',
  hearing_started: '听证开始',
  hearing_ended: '听证结束',
  matter_final: '事项终结',
  not_reaccepted: '终结事项不再受理',
  final_match_dismissed: '排除终结事项匹配',
  supervision_letter_issued: '发出督办函',
  delivery_contact_revealed: '承办单位查看送达联系方式',
  notice_issued: '制发文书',
  notice_delivered: '文书送达',
  upper_office_corrected: '更正上级信访件编号/办理期限',
};

/** Which dictionary names which enum of the OpenAPI document (dictionary.spec.ts walks it). */
export const DICTIONARY_SOURCES: { labels: Labels<string>; schema: string; property: string }[] = [
  { labels: CASE_STATUS, schema: 'CaseSummaryResponse', property: 'status' },
  { labels: CHANNEL, schema: 'RegisterCaseDto', property: 'channel' },
  { labels: SOURCE, schema: 'RegisterCaseDto', property: 'source' },
  { labels: SOURCE_LEVEL, schema: 'RegisterCaseDto', property: 'sourceLevel' },
  { labels: PURPOSE, schema: 'RegisterCaseDto', property: 'purpose' },
  { labels: ROLE, schema: 'MeResponse', property: 'role' },
  { labels: CLOCK_KIND, schema: 'ClockResponse', property: 'kind' },
  { labels: CLOCK_STATUS, schema: 'ClockResponse', property: 'status' },
  { labels: PETITIONER_KIND, schema: 'PetitionerDto', property: 'kind' },
  { labels: EVALUATION, schema: 'EvaluateDto', property: 'evaluation' },
  { labels: ANSWER_DECISION, schema: 'AnswerDto', property: 'decision' },
  { labels: DELIVERY_METHOD, schema: 'AnswerDto', property: 'deliveryMethod' },
  { labels: NOT_ACCEPT_ROUTE, schema: 'NotAcceptDto', property: 'route' },
  { labels: REFER_TARGET, schema: 'ReferDto', property: 'to' },
  { labels: REVIEW_KIND, schema: 'CaseSummaryResponse', property: 'reviewKind' },
  { labels: REVIEW_STAGE, schema: 'CaseSummaryResponse', property: 'reviewStage' },
  { labels: REVIEW_DECISION, schema: 'ReviewDecisionDto', property: 'decision' },
  { labels: UNIT_KIND, schema: 'UnitResponse', property: 'kind' },
  { labels: EVENT_TYPE, schema: 'TimelineEventResponse', property: 'type' },
  { labels: NOTICE_KIND, schema: 'GenerateNoticeDto', property: 'kind' },
];
