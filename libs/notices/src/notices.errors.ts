import { errorFactory } from '@app/core';
import { NOTICE_KIND_LABELS, type NoticeKind } from './notice-kinds';

/** Every code this lib raises: a new one is declared here, once. */
export const NOTICE_ERROR_CODES = [
  'NOTICE_NOT_FOUND',
  'NOTICE_TEMPLATE_NOT_FOUND',
  'NOTICE_KIND_NOT_ALLOWED',
  'NOTICE_ALREADY_ISSUED',
  'NOTICE_ALREADY_DELIVERED',
  'NOTICE_CASE_NOT_HANDED_OVER',
  'NOTICE_CASE_NOT_REFUSED',
  'NOTICE_CASE_NOT_ANSWERED',
  'NOTICE_NOT_A_REVIEW_CASE',
  'NOTICE_REVIEW_NOT_DECIDED',
  'NOTICE_CASE_NOT_FINAL_MATTER',
  'NOTICE_UNKNOWN_PLACEHOLDER',
  'NOTICE_TEMPLATE_INVALID',
  'NOTICE_DELIVERED_IN_FUTURE',
  'NOTICE_DELIVERED_BEFORE_ISSUE',
] as const;
export type NoticeErrorCode = (typeof NOTICE_ERROR_CODES)[number];
const noticeError = errorFactory<NoticeErrorCode>();

export const noticeNotFound = (id: number) =>
  noticeError('not_found', 'NOTICE_NOT_FOUND', `文书 ${id} 不存在`, { id });
export const noticeTemplateNotFound = (kind: string) =>
  noticeError('not_found', 'NOTICE_TEMPLATE_NOT_FOUND', `文书模板 ${kind} 不存在`, { kind });
export const noticeKindNotAllowed = (kind: NoticeKind) =>
  noticeError(
    'forbidden',
    'NOTICE_KIND_NOT_ALLOWED',
    `当前角色不能制发${NOTICE_KIND_LABELS[kind]}`,
    { kind },
  );
export const noticeAlreadyIssued = (kind: NoticeKind, number: string | null) =>
  noticeError(
    'conflict',
    'NOTICE_ALREADY_ISSUED',
    `该信访件已制发${NOTICE_KIND_LABELS[kind]}${number ? `（${number}）` : ''}`,
    { kind, number },
  );
export const noticeAlreadyDelivered = (id: number) =>
  noticeError('conflict', 'NOTICE_ALREADY_DELIVERED', '该文书的送达已登记', { id });
/** The case is not (yet) where this kind of notice is owed: a 409 naming why. */
export const noticeNotApplicable = (
  code: Extract<
    NoticeErrorCode,
    | 'NOTICE_CASE_NOT_HANDED_OVER'
    | 'NOTICE_CASE_NOT_REFUSED'
    | 'NOTICE_CASE_NOT_ANSWERED'
    | 'NOTICE_NOT_A_REVIEW_CASE'
    | 'NOTICE_REVIEW_NOT_DECIDED'
    | 'NOTICE_CASE_NOT_FINAL_MATTER'
  >,
  kind: NoticeKind,
  status: string,
) =>
  noticeError('conflict', code, NOT_APPLICABLE[code](NOTICE_KIND_LABELS[kind]), { kind, status });

const NOT_APPLICABLE = {
  NOTICE_CASE_NOT_HANDED_OVER: (l: string) => `信访件尚未转送或交办，不能制发${l}`,
  NOTICE_CASE_NOT_REFUSED: (l: string) => `信访件未作出不予受理决定，不能制发${l}`,
  NOTICE_CASE_NOT_ANSWERED: (l: string) => `信访件尚未作出书面答复，不能制发${l}`,
  NOTICE_NOT_A_REVIEW_CASE: (l: string) => `该信访件不是相应的复查/复核件，不能制发${l}`,
  NOTICE_REVIEW_NOT_DECIDED: (l: string) => `尚未作出复查/复核意见，不能制发${l}`,
  NOTICE_CASE_NOT_FINAL_MATTER: (l: string) => `信访件未确认为已终结事项，不能制发${l}`,
} as const;

export const unknownPlaceholders = (
  kind: NoticeKind,
  names: string[],
  allowed: readonly string[],
) =>
  noticeError(
    'invalid',
    'NOTICE_UNKNOWN_PLACEHOLDER',
    `模板中的占位符 ${names.map((n) => `{{${n}}}`).join('、')} 不是${NOTICE_KIND_LABELS[kind]}可用的数据`,
    { field: 'body', unknown: names, allowed },
  );
export const noticeTemplateInvalid = (field: string, message: string) =>
  noticeError('invalid', 'NOTICE_TEMPLATE_INVALID', message, { field });
export const noticeDeliveryInvalid = (
  code: 'NOTICE_DELIVERED_IN_FUTURE' | 'NOTICE_DELIVERED_BEFORE_ISSUE',
  message: string,
) => noticeError('invalid', code, message, { field: 'deliveredAt' });
