import { isLocalDate, shanghaiDate } from '@app/calendar';
import type { RegisterCaseInput } from '../case-inputs';
import { MAX_REPRESENTATIVES } from '../case-vocabulary';
import type { CaseErrorCode } from '../cases.errors';

/** Someone's 15 minutes of clock skew is not "registered in the future". */
export const FUTURE_TOLERANCE_MS = 5 * 60_000;

export interface RegistrationProblem {
  field: string;
  code: CaseErrorCode;
  message: string;
}

/**
 * 省信访件编号 / 上级信访件编号: the number the upper office's system gave the case. The counter,
 * the correction, the spreadsheet and the history import all check it against this one shape.
 */
export const EXTERNAL_REF_MAX = 64;
export const EXTERNAL_REF_PATTERN = /^[\w\-()（）〔〕[\]#/.]{1,64}$/u;
export const EXTERNAL_REF_RULE_TEXT =
  '至多 64 位字母、数字和 - _ ( ) （ ） 〔 〕 [ ] # / . 符号，不含空格';

/** What a handed-down case carries from the office above: its number and its deadline. */
export interface UpperOfficeFacts {
  source: RegisterCaseInput['source'];
  externalRef?: string | null;
  provincialDueDate?: string | null;
}

/**
 * The rules of the upper office's number and deadline, at registration and when an officer
 * corrects them later: only a handed-down (转送/交办) case has them, the number has one shape, and
 * the deadline is not before the Shanghai day the case was registered on.
 */
export function upperOfficeProblems(
  f: UpperOfficeFacts,
  registeredAt: Date,
): RegistrationProblem[] {
  const problems: RegistrationProblem[] = [];
  const add = (field: string, code: CaseErrorCode, message: string) =>
    problems.push({ field, code, message });
  if (f.externalRef) {
    if (f.source === 'direct') {
      add('externalRef', 'EXTERNAL_REF_NOT_ALLOWED', '直接来信来访件没有省系统件号');
    } else if (!EXTERNAL_REF_PATTERN.test(f.externalRef)) {
      add(
        'externalRef',
        'EXTERNAL_REF_INVALID',
        `省信访件编号格式不正确（${EXTERNAL_REF_RULE_TEXT}）`,
      );
    }
  }
  if (f.provincialDueDate) {
    if (f.source === 'direct') {
      add('provincialDueDate', 'PROVINCIAL_DUE_DATE_NOT_ALLOWED', '直接来信来访件没有上级办理期限');
    } else if (!isLocalDate(f.provincialDueDate)) {
      add(
        'provincialDueDate',
        'PROVINCIAL_DUE_DATE_INVALID',
        '上级办理期限须为有效日期（如 2026-03-05）',
      );
    } else if (f.provincialDueDate < shanghaiDate(registeredAt)) {
      // Dates are compared as the Shanghai calendar day the case was registered on.
      add(
        'provincialDueDate',
        'PROVINCIAL_DUE_BEFORE_REGISTRATION',
        '上级办理期限不能早于登记日期',
      );
    }
  }
  return problems;
}

/**
 * The rules a registration must meet beyond its shape (category and officer are checked against
 * the database separately). One list, so a counter registration refuses with the first problem and
 * a spreadsheet import reports every problem of a row.
 */
export function registrationProblems(input: RegisterCaseInput, now: Date): RegistrationProblem[] {
  const problems: RegistrationProblem[] = [];
  const add = (field: string, code: CaseErrorCode, message: string) =>
    problems.push({ field, code, message });
  if (input.registeredAt && input.registeredAt.getTime() > now.getTime() + FUTURE_TOLERANCE_MS) {
    add('registeredAt', 'REGISTERED_IN_FUTURE', '登记时间不能晚于当前时间');
  }
  const representatives = input.petitioners.filter((p) => p.representative).length;
  if (representatives > MAX_REPRESENTATIVES) {
    // 信访工作条例 art. 17: a collective petition sends no more than 5 representatives.
    add(
      'petitioners',
      'TOO_MANY_REPRESENTATIVES',
      `集体访推选代表不得超过 ${MAX_REPRESENTATIVES} 人`,
    );
  }
  const ids = input.petitioners
    .map((p) => p.idNumber?.trim().toUpperCase())
    .filter((v): v is string => !!v);
  if (new Set(ids).size !== ids.length) {
    add('petitioners', 'DUPLICATE_PETITIONER', '同一信访人不能重复登记');
  }
  if (input.personCount < input.petitioners.length) {
    add('personCount', 'PERSON_COUNT_TOO_LOW', '人数不能少于登记的信访人数');
  }
  if (input.source !== 'direct' && input.sourceLevel === 'district') {
    add('sourceLevel', 'SOURCE_LEVEL_MISMATCH', '上级转送或交办件的来源层级须为国家、省或市');
  }
  problems.push(...upperOfficeProblems(input, input.registeredAt ?? now));
  return problems;
}
