import { errorFactory } from '@app/core';
import type { CalendarProblem } from './calendar-data';

/** Every code this lib raises: a new one is declared here, once. */
export const CALENDAR_ERROR_CODES = [
  'CALENDAR_INVALID',
  'DEADLINE_RULE_NOT_FOUND',
  'DEADLINE_RULE_INVALID',
] as const;
export type CalendarErrorCode = (typeof CALENDAR_ERROR_CODES)[number];
const calendarError = errorFactory<CalendarErrorCode>();

export const calendarInvalid = (year: number, problems: CalendarProblem[]) =>
  calendarError('invalid', 'CALENDAR_INVALID', `${year} 年节假日安排有误，请核对所列日期`, {
    year,
    problems,
  });
export const calendarYearInvalid = (year: number) =>
  calendarError('invalid', 'CALENDAR_INVALID', `年份 ${year} 无效`, { year });
export const calendarSourceInvalid = () =>
  calendarError('invalid', 'CALENDAR_INVALID', '请填写节假日安排的来源（不超过 200 字）', {
    field: 'source',
  });
export const calendarNoteInvalid = () =>
  calendarError('invalid', 'CALENDAR_INVALID', '备注不超过 500 字', { field: 'note' });
export const deadlineRuleNotFound = (kind: string) =>
  calendarError('not_found', 'DEADLINE_RULE_NOT_FOUND', `期限规则 ${kind} 不存在`, { kind });
export const deadlineRuleInvalid = (field: string, message: string) =>
  calendarError('invalid', 'DEADLINE_RULE_INVALID', message, { field });
