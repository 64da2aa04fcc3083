import { DomainError } from '@app/core';

export const caseNotFound = (id: number) =>
  new DomainError('not_found', 'CASE_NOT_FOUND', `信访件 ${id} 不存在`, { id });
export const caseOutOfScope = () =>
  new DomainError('forbidden', 'CASE_OUT_OF_SCOPE', '该信访件未交由本单位办理，无权查看或操作');
export const notCurrentUnit = () =>
  new DomainError('forbidden', 'CASE_NOT_AT_YOUR_UNIT', '该信访件当前不在本单位，无权操作');
export const unknownCategory = (code: string) =>
  new DomainError('invalid', 'UNKNOWN_CATEGORY', `内容分类 ${code} 不存在或已停用`, {
    field: 'categoryCode',
    code,
  });
export const categoryNotLeaf = (code: string) =>
  new DomainError('invalid', 'CATEGORY_NOT_LEAF', `内容分类须选到第三级，${code} 不是第三级分类`, {
    field: 'categoryCode',
    code,
  });
export const externalRefTaken = (externalRef: string) =>
  new DomainError('conflict', 'EXTERNAL_REF_TAKEN', `省系统件号 ${externalRef} 已登记`, {
    externalRef,
  });
export const idempotencyKeyReused = () =>
  new DomainError(
    'conflict',
    'IDEMPOTENCY_KEY_REUSED',
    'Idempotency-Key 已用于另一份不同的登记请求',
  );
export const invalidCase = (code: string, message: string, field?: string) =>
  new DomainError('invalid', code, message, field ? { field } : undefined);
export const extensionAlreadyUsed = () =>
  new DomainError('conflict', 'EXTENSION_ALREADY_USED', '该信访件已延期一次，不能再次延期');
export const objectionWindowPassed = (dueAt: Date) =>
  new DomainError('conflict', 'OBJECTION_WINDOW_PASSED', '已超过 5 个工作日的异议期限', {
    dueAt: dueAt.toISOString(),
  });
export const completionReportMissing = () =>
  new DomainError('conflict', 'COMPLETION_REPORT_MISSING', '交办件须先报送办理结果才能办结');
export const notAnAssignment = () =>
  new DomainError('conflict', 'NOT_AN_ASSIGNMENT', '只有交办件需要报送办理结果');
export const evaluationWindowClosed = () =>
  new DomainError('conflict', 'EVALUATION_WINDOW_CLOSED', '满意度评价期限已过');
export const alreadyEvaluated = () =>
  new DomainError('conflict', 'ALREADY_EVALUATED', '该信访件已评价');
export const finalMatchUnsettled = (finalCaseId: number) =>
  new DomainError(
    'conflict',
    'FINAL_MATCH_UNSETTLED',
    '该件登记时匹配到已终结的信访事项，须先由承办人处理匹配（确认不再受理，或说明理由排除匹配），才能转送、交办、移交或不予受理',
    { finalCaseId },
  );
export const unitNotRoutable = (unitId: number) =>
  new DomainError('invalid', 'UNIT_NOT_ROUTABLE', '只能转送或交办给在用的区属单位', {
    field: 'unitId',
    unitId,
  });
export const officerInvalid = (userId: number) =>
  new DomainError('invalid', 'OFFICER_INVALID', '承办人须为在用的本局工作人员', {
    field: 'officerId',
    userId,
  });
export const petitionerNotInCase = (petitionerId: number) =>
  new DomainError('not_found', 'PETITIONER_NOT_IN_CASE', '该信访人不属于此信访件', {
    petitionerId,
  });
export const attachmentTooLarge = (maxBytes: number) =>
  new DomainError(
    'too_large',
    'ATTACHMENT_TOO_LARGE',
    `附件不得超过 ${Math.floor(maxBytes / 1024)} KB`,
    {
      field: 'file',
      maxBytes,
    },
  );
export const attachmentTypeRefused = (filename: string) =>
  new DomainError(
    'unsupported',
    'ATTACHMENT_TYPE_REFUSED',
    '附件类型不被接受（可上传 PDF、图片、Office 文档、录音），且扩展名须与文件内容一致',
    { field: 'file', filename },
  );
export const attachmentNotFound = (id: number) =>
  new DomainError('not_found', 'ATTACHMENT_NOT_FOUND', `附件 ${id} 不存在`, { id });
/** The errors an upload check raises, for checkUpload(). */
export const uploadErrors = {
  empty: () => invalidCase('ATTACHMENT_EMPTY', '附件为空', 'file'),
  tooLarge: attachmentTooLarge,
  refused: attachmentTypeRefused,
  contentRefused: (filename: string, reason: string) =>
    new DomainError('unsupported', 'ATTACHMENT_CONTENT_REFUSED', reason, {
      field: 'file',
      filename,
    }),
  unpackedTooLarge: (reason: string) =>
    new DomainError('too_large', 'ATTACHMENT_UNPACKED_TOO_LARGE', reason, { field: 'file' }),
};
export const casesNotFound = (ids: number[]) =>
  new DomainError('invalid', 'CASES_NOT_FOUND', '引用的信访件不存在', { field: 'caseIds', ids });
export const unmaskForbidden = () =>
  new DomainError(
    'forbidden',
    'UNMASK_SUPERVISOR_ONLY',
    '该检举控告件已交办单位办理，解除检举人保密须由督查员决定',
  );
export const unmaskReasonRequired = () =>
  new DomainError('invalid', 'UNMASK_REASON_REQUIRED', '解除检举人保密须填写事由', {
    field: 'unmaskReason',
  });
