import { plainToInstance, Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsBoolean,
  IsIn,
  IsInt,
  IsNumber,
  IsOptional,
  IsString,
  Matches,
  Max,
  MaxLength,
  Min,
  MinLength,
  ValidateNested,
  validateSync,
  type ValidationError,
} from 'class-validator';
import { isLocalDate } from '@app/calendar';
import {
  ANSWER_DECISIONS,
  CHANNELS,
  DELIVERY_METHODS,
  EVALUATIONS,
  NOT_ACCEPTED_ROUTES,
  PETITIONER_KINDS,
  PURPOSES,
  REFERRAL_TARGETS,
  REVIEW_DECISIONS,
  REVIEW_KINDS,
  SOURCE_LEVELS,
  SOURCES,
} from '@app/cases';
import { ESCALATIONS, LETTER_REASONS, LETTER_TYPES } from '@app/supervision';
import { KEY_MATTER_CATEGORIES, MISSION_KINDS, OUTCOMES } from '@app/key-matters';
import type { RowProblem } from '../sheet-columns';

/** An instant with its offset: 2022-03-01T09:00:00+08:00 (or Z). */
const INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?(Z|[+-]\d{2}:\d{2})$/;
const DATE = /^\d{4}-\d{2}-\d{2}$/;
const REF = /^[\w\-.:/#〔〕()（）]{1,100}$/u;
const IsInstant = () =>
  Matches(INSTANT, { message: '$property 须为带时区的时间，如 2022-03-01T09:00:00+08:00' });
const IsDateText = () => Matches(DATE, { message: '$property 须为日期 YYYY-MM-DD' });
const IsRef = (each = false) =>
  Matches(REF, { each, message: '$property 须为 1-100 位字母、数字和 -_.:/# 等符号' });

export const HISTORY_TYPES = [
  'case',
  'supervision_letter',
  'key_matter',
  'persuasion_mission',
  'review',
] as const;
export type HistoryType = (typeof HISTORY_TYPES)[number];

class PetitionerRecord {
  @IsIn(PETITIONER_KINDS) kind: string;
  @IsString() @MinLength(1) @MaxLength(100) name: string;
  @IsOptional()
  @Matches(/^(\d{17}[\dXx]|[0-9A-HJ-NPQRTUWXY]{2}\d{6}[0-9A-HJ-NPQRTUWXY]{10})$/, {
    message: 'idNumber 须为 18 位居民身份证号码或统一社会信用代码',
  })
  idNumber?: string;
  @IsOptional() @Matches(/^[0-9+\-() ]{5,20}$/, { message: 'phone 格式不正确' }) phone?: string;
  @IsOptional() @IsString() @MaxLength(500) address?: string;
  @IsOptional() @IsBoolean() representative?: boolean;
}

/** One past event; which fields it needs depends on its type (checked in `eventProblems`). */
class EventRecord {
  @IsIn([
    'transferred',
    'assigned',
    'accepted',
    'objected',
    'not_accepted',
    'referred',
    'extended',
    'answered',
    'reported',
    'closed',
    'evaluated',
  ])
  type: string;
  @IsInstant() at: string;
  @IsOptional() @IsString() @MaxLength(40) unit?: string;
  @IsOptional() @IsDateText() reportDueDate?: string;
  @IsOptional() @IsString() @MaxLength(1000) instructions?: string;
  @IsOptional() @IsString() @MinLength(1) @MaxLength(1000) reason?: string;
  @IsOptional() @IsIn(NOT_ACCEPTED_ROUTES) route?: string;
  @IsOptional() @IsIn(REFERRAL_TARGETS) to?: string;
  @IsOptional() @IsInt() @Min(1) @Max(30) days?: number;
  @IsOptional() @IsIn(ANSWER_DECISIONS) decision?: string;
  @IsOptional() @IsString() @MaxLength(20000) facts?: string;
  @IsOptional() @IsString() @MaxLength(20000) basis?: string;
  @IsOptional() @IsIn(DELIVERY_METHODS) deliveryMethod?: string;
  @IsOptional() @IsInstant() deliveredAt?: string;
  @IsOptional() @IsString() @MinLength(1) @MaxLength(20000) report?: string;
  @IsOptional() @IsIn(EVALUATIONS) evaluation?: string;
}

const EVENT_NEEDS: Record<string, (keyof EventRecord)[]> = {
  transferred: ['unit'],
  assigned: ['unit', 'reportDueDate'],
  objected: ['reason'],
  not_accepted: ['reason', 'route'],
  referred: ['to', 'reason'],
  extended: ['days', 'reason'],
  answered: ['decision', 'deliveryMethod', 'deliveredAt'],
  reported: ['report'],
  evaluated: ['evaluation'],
};

export class CaseRecord {
  @IsIn(['case']) type: 'case';
  @IsRef() ref: string;
  @IsOptional()
  @Matches(/^[A-Za-z0-9\-_]{1,32}$/, { message: 'caseNo 至多 32 位字母、数字和 -_' })
  caseNo?: string;
  @IsOptional() @IsString() @MinLength(1) @MaxLength(64) externalRef?: string;
  @IsIn(CHANNELS) channel: string;
  @IsIn(SOURCES) source: string;
  @IsIn(SOURCE_LEVELS) sourceLevel: string;
  @IsInstant() registeredAt: string;
  @IsString() @MinLength(1) @MaxLength(200) title: string;
  @IsString() @MinLength(1) @MaxLength(20000) content: string;
  @IsIn(PURPOSES) purpose: string;
  @Matches(/^\d{6}$/, { message: 'categoryCode 须为 6 位第三级分类代码' }) categoryCode: string;
  @IsString() @MinLength(1) @MaxLength(100) locality: string;
  @IsInt() @Min(1) @Max(9999) personCount: number;
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(50)
  @ValidateNested({ each: true })
  @Type(() => PetitionerRecord)
  petitioners: PetitionerRecord[];
  @IsOptional() @IsBoolean() skipLevel?: boolean;
  @IsOptional() @IsBoolean() toBeijing?: boolean;
  @IsOptional() @IsBoolean() toProvince?: boolean;
  @IsOptional() @IsBoolean() jointSigned?: boolean;
  @IsOptional() @IsBoolean() lawRelated?: boolean;
  @IsOptional() @IsBoolean() confidentialAccuser?: boolean;
  @IsOptional() @IsDateText() provincialDueDate?: string;
  @IsOptional() @IsRef() repeatOf?: string;
  @IsArray()
  @ArrayMaxSize(100)
  @ValidateNested({ each: true })
  @Type(() => EventRecord)
  events: EventRecord[];
}

class AtNote {
  @IsInstant() at: string;
  @IsString() @MinLength(1) @MaxLength(20000) note: string;
}
class LetterReply {
  @IsInstant() at: string;
  @IsString() @MinLength(1) @MaxLength(20000) text: string;
}
class LetterVerdict {
  @IsInstant() at: string;
  @IsBoolean() accepted: boolean;
  @IsOptional() @IsString() @MaxLength(20000) note?: string;
}
class LetterEscalation {
  @IsInstant() at: string;
  @IsIn(ESCALATIONS) escalation: string;
  @IsString() @MinLength(1) @MaxLength(20000) note: string;
}
class LetterVoid {
  @IsInstant() at: string;
  @IsString() @MinLength(1) @MaxLength(500) reason: string;
}

export class LetterRecord {
  @IsIn(['supervision_letter']) type: 'supervision_letter';
  @IsRef() ref: string;
  @Matches(/^.{1,20}〔\d{4}〕\d{1,6}号$/u, { message: 'number 须形如 荔信督〔2022〕17号' })
  number: string;
  @IsIn(LETTER_TYPES) letterType: string;
  @IsIn(LETTER_REASONS) reason: string;
  @IsOptional() @IsString() @MaxLength(500) reasonNote?: string;
  @IsString() @MinLength(1) @MaxLength(20000) requirements: string;
  @IsString() @MinLength(1) @MaxLength(40) unit: string;
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(200)
  @IsRef(true)
  cases: string[];
  @IsInstant() issuedAt: string;
  @IsOptional() @IsDateText() replyDueDate?: string;
  @IsString() @MinLength(1) @MaxLength(50) signer: string;
  @IsOptional() @IsString() @MaxLength(50) contactPerson?: string;
  @IsOptional() @IsString() @MaxLength(30) contactPhone?: string;
  @IsOptional() @IsInstant() receivedAt?: string;
  @IsOptional() @IsArray() @ValidateNested({ each: true }) @Type(() => AtNote) chases?: AtNote[];
  @IsOptional() @ValidateNested() @Type(() => LetterReply) reply?: LetterReply;
  @IsOptional() @ValidateNested() @Type(() => LetterVerdict) verdict?: LetterVerdict;
  @IsOptional()
  @IsArray()
  @ValidateNested({ each: true })
  @Type(() => LetterEscalation)
  escalations?: LetterEscalation[];
  @IsOptional() @ValidateNested() @Type(() => LetterVoid) voided?: LetterVoid;
}

class ProgressRecord {
  @IsDateText() date: string;
  @IsString() @MinLength(1) @MaxLength(20000) note: string;
}
class ResolutionRecord {
  @IsBoolean() resolved: boolean;
  @IsDateText() date: string;
  @IsArray() @IsIn(OUTCOMES, { each: true }) outcomes: string[];
  @IsString() @MinLength(1) @MaxLength(20000) evidence: string;
}

export class KeyMatterRecord {
  @IsIn(['key_matter']) type: 'key_matter';
  @IsRef() ref: string;
  @IsString() @MinLength(1) @MaxLength(200) title: string;
  @IsIn(KEY_MATTER_CATEGORIES) category: string;
  @IsString() @MinLength(1) @MaxLength(20000) description: string;
  @IsIn(SOURCE_LEVELS) sourceLevel: string;
  @IsOptional() @IsString() @MaxLength(64) externalRef?: string;
  @IsOptional() @IsDateText() reportDueDate?: string;
  @IsOptional() @IsInstant() reportedAt?: string;
  @IsArray() @ArrayMaxSize(200) @IsRef(true) cases: string[];
  @IsOptional() @IsString() @MaxLength(50) leaderInCharge?: string;
  @IsOptional() @IsString() @MaxLength(1000) taskForce?: string;
  @IsOptional() @IsString() @MaxLength(20000) plan?: string;
  @IsOptional() @IsString() @MaxLength(20000) measures?: string;
  @IsOptional() @IsDateText() deadline?: string;
  @IsInstant() listedAt: string;
  @IsOptional()
  @IsArray()
  @ValidateNested({ each: true })
  @Type(() => ProgressRecord)
  progress?: ProgressRecord[];
  @IsOptional() @ValidateNested() @Type(() => ResolutionRecord) resolution?: ResolutionRecord;
}

export class MissionRecord {
  @IsIn(['persuasion_mission']) type: 'persuasion_mission';
  @IsRef() ref: string;
  @IsIn(MISSION_KINDS) kind: string;
  @IsString() @MinLength(1) @MaxLength(100) place: string;
  @IsDateText() startDate: string;
  @IsDateText() endDate: string;
  @IsString() @MinLength(1) @MaxLength(500) staff: string;
  @IsInt() @Min(0) @Max(9999) personsPersuaded: number;
  @IsInt() @Min(0) @Max(9999) personsReturned: number;
  @IsNumber({ maxDecimalPlaces: 2 }) @Min(0) @Max(9_999_999_999) cost: number;
  @IsOptional() @IsString() @MaxLength(1000) note?: string;
  @IsOptional() @IsArray() @ArrayMaxSize(200) @IsRef(true) cases?: string[];
}

/** The record's decision words (as docs/import-format.md has them) and the API's own. */
export const REVIEW_DECISION_OF: Record<string, (typeof REVIEW_DECISIONS)[number]> = {
  upheld: 'uphold',
  changed: 'modify',
  revoked: 'revoke',
  uphold: 'uphold',
  modify: 'modify',
  revoke: 'revoke',
};

class HearingRecord {
  @IsDateText() from: string;
  @IsDateText() to: string;
}

export class ReviewRecord {
  @IsIn(['review']) type: 'review';
  @IsRef() ref: string;
  @IsIn(REVIEW_KINDS) level: string;
  @IsRef() case: string;
  @IsInstant() requestedAt: string;
  @IsInstant() receivedAt: string;
  @IsString() @MinLength(1) @MaxLength(100) organ: string;
  @IsBoolean() accepted: boolean;
  @IsOptional() @IsString() @MinLength(1) @MaxLength(1000) notAcceptedReason?: string;
  @IsOptional() @IsIn(CHANNELS) channel?: string;
  @IsOptional() @IsString() @MinLength(1) @MaxLength(20000) reasons?: string;
  @IsOptional() @IsString() @MinLength(1) @MaxLength(1000) lateJustification?: string;
  @IsOptional() @ValidateNested() @Type(() => HearingRecord) hearing?: HearingRecord;
  @IsOptional() @IsIn(Object.keys(REVIEW_DECISION_OF)) decision?: string;
  @IsOptional() @IsString() @MinLength(1) @MaxLength(20000) decisionReasons?: string;
  @IsOptional() @IsInstant() decidedAt?: string;
  @IsOptional() @IsInstant() deliveredAt?: string;
  @IsOptional() @IsIn(DELIVERY_METHODS) deliveryMethod?: string;
}

const DECISION_FIELDS = ['decision', 'decidedAt', 'deliveredAt', 'deliveryMethod'] as const;

/** Which fields go together: a decision is all four or none; a refusal has a reason and no more. */
function reviewShapeProblems(r: ReviewRecord): RowProblem[] {
  const problems: RowProblem[] = [];
  const given = DECISION_FIELDS.filter((f) => r[f] !== undefined);
  if (!r.accepted) {
    if (!r.notAcceptedReason)
      problems.push({
        field: 'notAcceptedReason',
        code: 'REQUIRED',
        message: '不予受理的申请须有 notAcceptedReason',
      });
    for (const f of [...given, ...(r.hearing ? (['hearing'] as const) : [])])
      problems.push({ field: f, code: 'NOT_ACCEPTED', message: `不予受理的申请不能有 ${f}` });
  } else {
    if (r.notAcceptedReason)
      problems.push({
        field: 'notAcceptedReason',
        code: 'ACCEPTED',
        message: '已受理的申请不能有 notAcceptedReason',
      });
    if (given.length > 0 && given.length < DECISION_FIELDS.length)
      for (const f of DECISION_FIELDS.filter((x) => r[x] === undefined))
        problems.push({ field: f, code: 'REQUIRED', message: `复查/复核意见须同时填写 ${f}` });
  }
  return problems;
}

export type HistoryRecord =
  CaseRecord | LetterRecord | KeyMatterRecord | MissionRecord | ReviewRecord;

const CLASSES = {
  case: CaseRecord,
  supervision_letter: LetterRecord,
  key_matter: KeyMatterRecord,
  persuasion_mission: MissionRecord,
  review: ReviewRecord,
} as const;

export type ParsedLine =
  { ok: true; record: HistoryRecord } | { ok: false; ref: string | null; problems: RowProblem[] };

/** One JSON Lines line: parsed, typed and checked field by field (class-validator). */
export function parseHistoryLine(line: string): ParsedLine {
  let raw: unknown;
  try {
    raw = JSON.parse(line);
  } catch {
    return fail(null, 'line', 'INVALID_JSON', '不是有效的 JSON');
  }
  if (!raw || typeof raw !== 'object' || Array.isArray(raw))
    return fail(null, 'line', 'INVALID_JSON', '每行须为一个 JSON 对象');
  const obj = raw as Record<string, unknown>;
  const ref = typeof obj.ref === 'string' ? obj.ref.slice(0, 100) : null;
  const type = obj.type;
  if (typeof type !== 'string' || !(type in CLASSES)) {
    return fail(ref, 'type', 'UNKNOWN_TYPE', `type 须为 ${HISTORY_TYPES.join('、')} 之一`);
  }
  const cls = CLASSES[type as keyof typeof CLASSES];
  const record = plainToInstance(cls as new () => HistoryRecord, obj);
  const errors = validateSync(record, { whitelist: true, forbidNonWhitelisted: true });
  const problems = flatten(errors);
  if (record instanceof CaseRecord && Array.isArray(record.events)) {
    record.events.forEach((e, i) => {
      for (const need of EVENT_NEEDS[e?.type] ?? []) {
        if (e[need] === undefined)
          problems.push({
            field: `events[${i}].${need}`,
            code: 'REQUIRED',
            message: `${e.type} 事件须有 ${need}`,
          });
      }
    });
  }
  if (record instanceof ReviewRecord && problems.length === 0)
    problems.push(...reviewShapeProblems(record));
  for (const [field, value] of dates(record)) {
    if (!isLocalDate(value.slice(0, 10)))
      problems.push({ field, code: 'INVALID_DATE', message: `${field} 不是真实的日期` });
  }
  if (problems.length) return { ok: false, ref, problems };
  return { ok: true, record };
}

function fail(ref: string | null, field: string, code: string, message: string): ParsedLine {
  return { ok: false, ref, problems: [{ field, code, message }] };
}

function flatten(errors: ValidationError[], path = ''): RowProblem[] {
  return errors.flatMap((e) => {
    const field = path
      ? /^\d+$/.test(e.property)
        ? `${path}[${e.property}]`
        : `${path}.${e.property}`
      : e.property;
    const own = Object.entries(e.constraints ?? {}).map(([code, message]) => ({
      field,
      code: code === 'whitelistValidation' ? 'UNKNOWN_FIELD' : `INVALID_${code.toUpperCase()}`,
      message: code === 'whitelistValidation' ? `不认识的字段 ${field}` : message,
    }));
    return [...own, ...flatten(e.children ?? [], field)];
  });
}

/** Every date-like string field of a record (real-date check: 2022-02-30 is refused). */
function dates(record: object, path = ''): [string, string][] {
  const out: [string, string][] = [];
  for (const [k, v] of Object.entries(record)) {
    const field = path ? `${path}.${k}` : k;
    if (typeof v === 'string' && (DATE.test(v) || INSTANT.test(v))) out.push([field, v]);
    else if (v && typeof v === 'object') out.push(...dates(v as object, field));
  }
  return out;
}
