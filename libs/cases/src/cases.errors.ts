import { errorFactory, invalidTransition, type TransitionErrorCode } from '@app/core';
import type { CaseAction, CaseStatus } from './lifecycle/case-status';

/** Every code this lib raises: a new one is declared here, once. */
export const CASE_ERROR_CODES = [
  'CASE_NOT_FOUND',
  'CASE_OUT_OF_SCOPE',
  'CASE_NOT_AT_YOUR_UNIT',
  'UNKNOWN_CATEGORY',
  'CATEGORY_NOT_LEAF',
  'EXTERNAL_REF_TAKEN',
  'IDEMPOTENCY_KEY_REUSED',
  'EXTENSION_ALREADY_USED',
  'OBJECTION_WINDOW_PASSED',
  'COMPLETION_REPORT_MISSING',
  'NOT_AN_ASSIGNMENT',
  'EVALUATION_WINDOW_CLOSED',
  'ALREADY_EVALUATED',
  'FINAL_MATCH_UNSETTLED',
  'UNIT_NOT_ROUTABLE',
  'OFFICER_INVALID',
  'PETITIONER_NOT_IN_CASE',
  'ATTACHMENT_TOO_LARGE',
  'ATTACHMENT_TYPE_REFUSED',
  'ATTACHMENT_NOT_FOUND',
  'ATTACHMENT_CONTENT_REFUSED',
  'ATTACHMENT_UNPACKED_TOO_LARGE',
  'CASES_NOT_FOUND',
  'UNMASK_SUPERVISOR_ONLY',
  'UNMASK_REASON_REQUIRED',
  'ATTACHMENT_EMPTY',
  'FIELD_NOT_NULLABLE',
  'NOTHING_TO_CHANGE',
  'REPORT_DUE_DATE_REQUIRED',
  'REPORT_DUE_DATE_PAST',
  'REPORT_DUE_DATE_NOT_ALLOWED',
  'EXTENSION_TOO_LONG',
  'DELIVERED_IN_FUTURE',
  'DELIVERED_BEFORE_ACCEPTANCE',
  'REPEAT_OF_ITSELF',
  'REPEAT_CYCLE',
  'REGISTERED_IN_FUTURE',
  'TOO_MANY_REPRESENTATIVES',
  'DUPLICATE_PETITIONER',
  'PERSON_COUNT_TOO_LOW',
  'SOURCE_LEVEL_MISMATCH',
  'EXTERNAL_REF_NOT_ALLOWED',
  'PROVINCIAL_DUE_DATE_NOT_ALLOWED',
  'PROVINCIAL_DUE_BEFORE_REGISTRATION',
  'EXTERNAL_REF_INVALID',
  'PROVINCIAL_DUE_DATE_INVALID',
  'NOT_HANDED_DOWN',
  'OUT_OF_ORDER',
  'IN_FUTURE',
  'INVALID_TRANSITION',
  'PII_SEARCH_FORBIDDEN',
  'CATEGORY_PARENT_MISSING',
  'CATEGORY_CODE_TAKEN',
  'CATEGORY_NOT_FOUND',
  'SAVED_VIEWS_FULL',
  'SAVED_VIEW_NAME_TAKEN',
  'SAVED_VIEW_NOT_FOUND',
  'CASE_ALREADY_TAKEN',
  'DELIVERY_CONTACT_NOT_HANDLING',
  'DELIVERY_BY_BUREAU',
  'OFFICER_DEFAULT_NOT_FOUND',
  'OFFICER_DEFAULT_EXISTS',
  'CATEGORY_NOT_FIRST_LEVEL',
] as const;
/** The 409 of an action the case's status does not allow (their list: CASE_TRANSITION_ERROR_CODES). */
export type CaseErrorCode = (typeof CASE_ERROR_CODES)[number] | TransitionErrorCode<CaseStatus>;
const caseError = errorFactory<CaseErrorCode>();

export const caseNotFound = (id: number) =>
  caseError('not_found', 'CASE_NOT_FOUND', `信访件 ${id} 不存在`, { id });
export const caseOutOfScope = () =>
  caseError('forbidden', 'CASE_OUT_OF_SCOPE', '该信访件未交由本单位办理，无权查看或操作');
export const notCurrentUnit = () =>
  caseError('forbidden', 'CASE_NOT_AT_YOUR_UNIT', '该信访件当前不在本单位，无权操作');
export const unknownCategory = (code: string) =>
  caseError('invalid', 'UNKNOWN_CATEGORY', `内容分类 ${code} 不存在或已停用`, {
    field: 'categoryCode',
    code,
  });
export const categoryNotLeaf = (code: string) =>
  caseError('invalid', 'CATEGORY_NOT_LEAF', `内容分类须选到第三级，${code} 不是第三级分类`, {
    field: 'categoryCode',
    code,
  });
export const externalRefTaken = (externalRef: string) =>
  caseError('conflict', 'EXTERNAL_REF_TAKEN', `省系统件号 ${externalRef} 已登记`, {
    externalRef,
  });
export const notHandedDown = () =>
  caseError(
    'conflict',
    'NOT_HANDED_DOWN',
    '直接来信来访件没有上级信访件编号和上级办理期限，只有上级转送或交办件可以更正',
  );
export const idempotencyKeyReused = () =>
  caseError('conflict', 'IDEMPOTENCY_KEY_REUSED', 'Idempotency-Key 已用于另一份不同的登记请求');
export const invalidCase = (code: CaseErrorCode, message: string, field?: string) =>
  caseError('invalid', code, message, field ? { field } : undefined);
export const extensionAlreadyUsed = () =>
  caseError('conflict', 'EXTENSION_ALREADY_USED', '该信访件已延期一次，不能再次延期');
export const objectionWindowPassed = (dueAt: Date) =>
  caseError('conflict', 'OBJECTION_WINDOW_PASSED', '已超过 5 个工作日的异议期限', {
    dueAt: dueAt.toISOString(),
  });
export const completionReportMissing = () =>
  caseError('conflict', 'COMPLETION_REPORT_MISSING', '交办件须先报送办理结果才能办结');
export const notAnAssignment = () =>
  caseError('conflict', 'NOT_AN_ASSIGNMENT', '只有交办件需要报送办理结果');
export const evaluationWindowClosed = () =>
  caseError('conflict', 'EVALUATION_WINDOW_CLOSED', '满意度评价期限已过');
export const alreadyEvaluated = () => caseError('conflict', 'ALREADY_EVALUATED', '该信访件已评价');
export const finalMatchUnsettled = (finalCaseId: number) =>
  caseError(
    'conflict',
    'FINAL_MATCH_UNSETTLED',
    '该件登记时匹配到已终结的信访事项，须先由承办人处理匹配（确认不再受理，或说明理由排除匹配），才能转送、交办、移交或不予受理',
    { finalCaseId },
  );
export const unitNotRoutable = (unitId: number) =>
  caseError('invalid', 'UNIT_NOT_ROUTABLE', '只能转送或交办给在用的区属单位', {
    field: 'unitId',
    unitId,
  });
export const officerInvalid = (userId: number) =>
  caseError('invalid', 'OFFICER_INVALID', '承办人须为在用的本局工作人员', {
    field: 'officerId',
    userId,
  });
export const caseAlreadyTaken = (id: number) =>
  caseError('conflict', 'CASE_ALREADY_TAKEN', '该信访件已有承办人，不能再领取', { id });
export const officerDefaultNotFound = (id: number) =>
  caseError('not_found', 'OFFICER_DEFAULT_NOT_FOUND', `默认承办人规则 ${id} 不存在`, { id });
export const officerDefaultExists = (scope: string) =>
  caseError('conflict', 'OFFICER_DEFAULT_EXISTS', '该分类和来源已设默认承办人，请修改原规则', {
    scope,
  });
export const categoryNotFirstLevel = (code: string) =>
  caseError('invalid', 'CATEGORY_NOT_FIRST_LEVEL', `${code} 不是在用的一级分类`, {
    field: 'categoryCode',
  });
export const petitionerNotInCase = (petitionerId: number) =>
  caseError('not_found', 'PETITIONER_NOT_IN_CASE', '该信访人不属于此信访件', {
    petitionerId,
  });
export const attachmentTooLarge = (maxBytes: number) =>
  caseError('too_large', 'ATTACHMENT_TOO_LARGE', `附件不得超过 ${Math.floor(maxBytes / 1024)} KB`, {
    field: 'file',
    maxBytes,
  });
export const attachmentTypeRefused = (filename: string) =>
  caseError(
    'unsupported',
    'ATTACHMENT_TYPE_REFUSED',
    '附件类型不被接受（可上传 PDF、图片、Office 文档、录音），且扩展名须与文件内容一致',
    { field: 'file', filename },
  );
export const attachmentNotFound = (id: number) =>
  caseError('not_found', 'ATTACHMENT_NOT_FOUND', `附件 ${id} 不存在`, { id });
/** The errors an upload check raises, for checkUpload(). */
export const uploadErrors = {
  empty: () => invalidCase('ATTACHMENT_EMPTY', '附件为空', 'file'),
  tooLarge: attachmentTooLarge,
  refused: attachmentTypeRefused,
  contentRefused: (filename: string, reason: string) =>
    caseError('unsupported', 'ATTACHMENT_CONTENT_REFUSED', reason, {
      field: 'file',
      filename,
    }),
  unpackedTooLarge: (reason: string) =>
    caseError('too_large', 'ATTACHMENT_UNPACKED_TOO_LARGE', reason, { field: 'file' }),
};
export const casesNotFound = (ids: number[]) =>
  caseError('invalid', 'CASES_NOT_FOUND', '引用的信访件不存在', { field: 'caseIds', ids });
export const unmaskForbidden = () =>
  caseError(
    'forbidden',
    'UNMASK_SUPERVISOR_ONLY',
    '该检举控告件已交办单位办理，解除检举人保密须由督查员决定',
  );
export const unmaskReasonRequired = () =>
  caseError('invalid', 'UNMASK_REASON_REQUIRED', '解除检举人保密须填写事由', {
    field: 'unmaskReason',
  });
export const deliveryContactNotHandling = () =>
  caseError(
    'forbidden',
    'DELIVERY_CONTACT_NOT_HANDLING',
    '本单位受理后、出具处理意见书前方可查看送达联系方式，该信访件当前不在此阶段',
  );
export const deliveryByBureau = () =>
  caseError(
    'forbidden',
    'DELIVERY_BY_BUREAU',
    '检举控告件的检举人信息保密，处理意见书由信访局送达，单位不能查看检举人的联系方式',
  );
export const piiSearchForbidden = () =>
  caseError('forbidden', 'PII_SEARCH_FORBIDDEN', '责任单位不能按身份证号、电话或姓名检索信访件');
export const categoryParentMissing = (parentCode: string) =>
  caseError('invalid', 'CATEGORY_PARENT_MISSING', `上级分类 ${parentCode} 不存在`, {
    field: 'code',
  });
export const categoryCodeTaken = (code: string) =>
  caseError('conflict', 'CATEGORY_CODE_TAKEN', `分类编码 ${code} 已存在`);
export const categoryNotFound = (code: string) =>
  caseError('not_found', 'CATEGORY_NOT_FOUND', `分类 ${code} 不存在`);
export const savedViewsFull = (limit: number) =>
  caseError(
    'conflict',
    'SAVED_VIEWS_FULL',
    `每位用户最多保存 ${limit} 个视图，请先删除不用的视图`,
    { limit },
  );
export const savedViewNameTaken = (name: string) =>
  caseError('conflict', 'SAVED_VIEW_NAME_TAKEN', `已有名为「${name}」的视图`, { field: 'name' });
export const savedViewNotFound = (id: number) =>
  caseError('not_found', 'SAVED_VIEW_NOT_FOUND', `视图 ${id} 不存在`, { id });
export const invalidCaseTransition = (
  current: CaseStatus,
  label: string,
  action: CaseAction,
  allowedFrom: readonly CaseStatus[],
) => invalidTransition('信访件', { current, label, action, allowedFrom });
