import { isLocalDate, shanghaiDate } from '@app/calendar';
import type {
  BatchCaseInput,
  Channel,
  PetitionerInput,
  Purpose,
  Source,
  SourceLevel,
} from '@app/cases';
import { EXTERNAL_REF_PATTERN, EXTERNAL_REF_RULE_TEXT } from '@app/cases';

/**
 * The spreadsheet of cases handed down by the provincial integrated petition system
 * (省一体化信访信息系统), column by column: the header as the province writes it, the aliases other
 * exports use, and the English key. docs/import-format.md is this table in prose.
 */
export const SHEET_COLUMNS = [
  {
    key: 'externalRef',
    header: '省信访件编号',
    aliases: ['信访件编号', '省件编号', '信访编号', '件号', '省系统编号', 'provincial_case_no'],
    required: true,
  },
  {
    key: 'channel',
    header: '信访形式',
    aliases: ['信访方式', '信访渠道', '渠道'],
    required: true,
  },
  { key: 'source', header: '来源方式', aliases: ['来源类型', '转交办方式', '交转办方式'] },
  {
    key: 'sourceLevel',
    header: '来源层级',
    aliases: ['来源', '来源单位', '交办单位', '转送单位', '来源机关', 'source_level'],
    required: true,
  },
  {
    key: 'registeredAt',
    header: '登记时间',
    aliases: ['登记日期', '来访时间', '信访日期', 'registered_at'],
    required: true,
  },
  {
    key: 'names',
    header: '信访人姓名',
    aliases: ['信访人', '姓名', '信访人（单位）名称', 'petitioners', 'petitioner_names'],
    required: true,
  },
  {
    key: 'idNumbers',
    header: '证件号码',
    aliases: ['身份证号码', '身份证号', '证件号', '公民身份号码', 'id_numbers', 'id_number'],
  },
  {
    key: 'phones',
    header: '联系电话',
    aliases: ['电话', '手机号码', '手机', '联系方式', 'phones', 'phone'],
  },
  {
    key: 'addresses',
    header: '住址',
    aliases: ['地址', '联系地址', '家庭住址', '现住址', '通讯地址', 'addresses', 'address'],
  },
  { key: 'personCount', header: '信访人数', aliases: ['人数', 'person_count'] },
  { key: 'title', header: '信访标题', aliases: ['标题', '事项标题', '信访事项', '主题'] },
  {
    key: 'content',
    header: '信访内容',
    aliases: ['内容', '诉求内容', '主要诉求', '反映内容', '信访事项内容', '问题描述'],
    required: true,
  },
  { key: 'purpose', header: '信访目的', aliases: ['目的', '信访目的分类'] },
  {
    key: 'category',
    header: '内容分类',
    aliases: ['问题分类', '内容分类代码', '分类', '问题类别', 'category_code'],
    required: true,
  },
  { key: 'locality', header: '问题属地', aliases: ['属地', '问题发生地', '发生地'] },
  {
    key: 'dueDate',
    header: '办理期限',
    aliases: ['期限', '办结期限', '限办日期', '办理时限', '要求办结时间', 'deadline', 'due_date'],
  },
] as const satisfies readonly {
  key: string;
  header: string;
  aliases: readonly string[];
  required?: boolean;
}[];

export type SheetKey = (typeof SHEET_COLUMNS)[number]['key'];
export const HEADER_OF = Object.fromEntries(SHEET_COLUMNS.map((c) => [c.key, c.header])) as Record<
  SheetKey,
  string
>;

const normaliseHeader = (h: string) =>
  h
    .normalize('NFKC')
    .replace(/[\s*＊]/g, '')
    .replace(/[(（][^)）]*[)）]$/, '')
    .toLowerCase();

const HEADER_INDEX = new Map<string, SheetKey>(
  SHEET_COLUMNS.flatMap((c) =>
    [c.header, c.key, ...c.aliases].map((h) => [normaliseHeader(h), c.key] as const),
  ),
);

export interface HeaderMap {
  /** Column position (0-based) of each recognised key. */
  positions: Partial<Record<SheetKey, number>>;
  /** Required columns the header lacks (the file cannot be imported). */
  missing: string[];
  /** Headers this format does not know (ignored). */
  ignored: string[];
}

/** Maps a header row to keys; "信访人姓名（必填）", "* 登记时间" and English keys are recognised. */
export function mapHeader(cells: unknown[]): HeaderMap {
  const positions: Partial<Record<SheetKey, number>> = {};
  const ignored: string[] = [];
  cells.forEach((cell, i) => {
    const text = cellText(cell);
    if (!text) return;
    const key = HEADER_INDEX.get(normaliseHeader(text));
    if (key && positions[key] === undefined) positions[key] = i;
    else ignored.push(text);
  });
  const missing = SHEET_COLUMNS.filter(
    (c) => 'required' in c && c.required && positions[c.key] === undefined,
  ).map((c) => c.header);
  return { positions, missing, ignored };
}

export interface RowProblem {
  field: string;
  code: string;
  message: string;
}

export interface SheetContext {
  now: Date;
  /** Active third-level category codes. */
  leafCodes: Set<string>;
  /** Leaf category names → code (only names that are unique among leaves). */
  leafByName: Map<string, string>;
}

export type ParsedRow =
  | { ok: true; input: BatchCaseInput }
  | { ok: false; externalRef: string | null; problems: RowProblem[] };

const CHANNEL_WORDS: Record<string, Channel> = {
  来访: 'visit',
  走访: 'visit',
  到访: 'visit',
  来信: 'letter',
  信件: 'letter',
  书信: 'letter',
  来电: 'call',
  电话: 'call',
  网信: 'online',
  网上信访: 'online',
  网上投诉: 'online',
  网络: 'online',
  网上: 'online',
  传真: 'fax',
  visit: 'visit',
  letter: 'letter',
  call: 'call',
  online: 'online',
  fax: 'fax',
};

const SOURCE_WORDS: Record<string, Source> = {
  转送: 'transferred',
  转办: 'transferred',
  交办: 'assigned',
  直接提出: 'direct',
  直接: 'direct',
  transferred: 'transferred',
  assigned: 'assigned',
  direct: 'direct',
};

const PURPOSE_WORDS: Record<string, Purpose> = {
  建议意见: 'suggestion',
  建议: 'suggestion',
  意见: 'suggestion',
  检举控告: 'accusation',
  检举: 'accusation',
  控告: 'accusation',
  举报: 'accusation',
  申诉求决: 'complaint',
  申诉: 'complaint',
  求决: 'complaint',
  投诉: 'complaint',
  其他: 'other',
  suggestion: 'suggestion',
  accusation: 'accusation',
  complaint: 'complaint',
  other: 'other',
};

/** 国家信访局, 广东省信访局, 广州市信访局, 荔湾区…: the level from the office's name. */
export function parseSourceLevel(text: string): SourceLevel | null {
  const t = text.trim();
  const exact: Record<string, SourceLevel> = {
    国家: 'national',
    国家级: 'national',
    中央: 'national',
    省: 'provincial',
    省级: 'provincial',
    市: 'municipal',
    市级: 'municipal',
    区: 'district',
    区级: 'district',
    县: 'district',
    县级: 'district',
    national: 'national',
    provincial: 'provincial',
    municipal: 'municipal',
    district: 'district',
  };
  if (exact[t.toLowerCase()]) return exact[t.toLowerCase()];
  if (/国家|中央|国务院/.test(t)) return 'national';
  if (/[区县]/.test(t)) return 'district';
  if (/市/.test(t)) return 'municipal';
  if (/省|自治区/.test(t)) return 'provincial';
  return null;
}

/** Cell values from exceljs or csv-parse as plain text. */
export function cellText(v: unknown): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'string') return v.trim();
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  if (v instanceof Date) return v.toISOString();
  if (typeof v === 'object') {
    const o = v as {
      richText?: { text: string }[];
      text?: unknown;
      result?: unknown;
      error?: unknown;
    };
    if (o.richText)
      return o.richText
        .map((r) => r.text)
        .join('')
        .trim();
    if (o.text !== undefined) return cellText(o.text);
    if (o.result !== undefined) return cellText(o.result);
  }
  return '';
}

const SHANGHAI_OFFSET_MS = 8 * 3600_000;
const EXCEL_EPOCH_MS = Date.UTC(1899, 11, 30);

/**
 * A time as the province writes it, read as Asia/Shanghai wall-clock time: `2026-01-05 09:30`,
 * `2026/1/5 9:30:00`, `2026年1月5日`, ISO with an offset, an Excel date cell (exceljs gives the
 * wall clock as if it were UTC) or an Excel serial number.
 */
export function parseShanghaiTime(v: unknown): Date | null {
  if (v instanceof Date) {
    return Number.isNaN(v.getTime()) ? null : new Date(v.getTime() - SHANGHAI_OFFSET_MS);
  }
  if (typeof v === 'number') {
    if (!(v > 20_000 && v < 80_000)) return null;
    return new Date(EXCEL_EPOCH_MS + Math.round(v * 86_400_000) - SHANGHAI_OFFSET_MS);
  }
  const text = cellText(v);
  if (!text) return null;
  if (/^\d{4}-\d{2}-\d{2}T.*(Z|[+-]\d{2}:?\d{2})$/.test(text)) {
    const d = new Date(text);
    return Number.isNaN(d.getTime()) ? null : d;
  }
  const m =
    /^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?(?:[\sT]+(\d{1,2})[:：时](\d{1,2})(?:[:：分](\d{1,2}(?:\.\d+)?))?秒?)?$/.exec(
      text,
    );
  if (!m) {
    const serial = Number(text);
    return Number.isFinite(serial) ? parseShanghaiTime(serial) : null;
  }
  const [, y, mo, d, h = '0', mi = '0', s = '0'] = m;
  const date = `${y}-${mo.padStart(2, '0')}-${d.padStart(2, '0')}`;
  if (!isLocalDate(date) || Number(h) > 23 || Number(mi) > 59 || Number(s) >= 60) return null;
  return new Date(
    Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), 0, Number(s) * 1000) -
      SHANGHAI_OFFSET_MS,
  );
}

/** A date (the deadline column) as YYYY-MM-DD in Asia/Shanghai. */
export function parseShanghaiDate(v: unknown): string | null {
  const t = parseShanghaiTime(v);
  return t ? shanghaiDate(t) : null;
}

const ID_NUMBER = /^(\d{17}[\dX]|[0-9A-HJ-NPQRTUWXY]{2}\d{6}[0-9A-HJ-NPQRTUWXY]{10})$/;
const PHONE = /^[0-9+\-() ]{5,20}$/;
const ORGANISATION = /(公司|集团|委员会|合作社|协会|学校|医院|厂|店|中心|村委|居委)$/;

const splitList = (text: string, names = false) =>
  text
    .split(names ? /[、,，;；\n\r]+/ : /[;；\n\r]+|[、，,](?=\s*\S)/)
    .map((s) => s.trim())
    .filter(Boolean);

/** Reads and checks one data row; every problem of the row is reported, not just the first. */
export function parseSheetRow(cells: unknown[], header: HeaderMap, ctx: SheetContext): ParsedRow {
  const problems: RowProblem[] = [];
  const raw = (key: SheetKey): unknown => {
    const i = header.positions[key];
    return i === undefined ? undefined : cells[i];
  };
  const text = (key: SheetKey) => cellText(raw(key));
  const problem = (key: SheetKey, code: string, message: string) =>
    problems.push({ field: HEADER_OF[key], code, message });

  const externalRef = text('externalRef');
  if (!externalRef) problem('externalRef', 'REQUIRED', '省信访件编号不能为空');
  else if (!EXTERNAL_REF_PATTERN.test(externalRef))
    problem('externalRef', 'INVALID', `省信访件编号格式不正确（${EXTERNAL_REF_RULE_TEXT}）`);

  const channelText = text('channel');
  const channel = CHANNEL_WORDS[channelText.toLowerCase()];
  if (!channelText) problem('channel', 'REQUIRED', '信访形式不能为空');
  else if (!channel)
    problem(
      'channel',
      'INVALID',
      `信访形式「${channelText}」无法识别（来访、来信、来电、网信、传真）`,
    );

  const sourceText = text('source');
  const source: Source | undefined = sourceText
    ? SOURCE_WORDS[sourceText.toLowerCase()]
    : 'transferred';
  if (!source) problem('source', 'INVALID', `来源方式「${sourceText}」无法识别（转送、交办）`);

  const levelText = text('sourceLevel');
  const sourceLevel = levelText ? parseSourceLevel(levelText) : null;
  if (!levelText) problem('sourceLevel', 'REQUIRED', '来源层级不能为空');
  else if (!sourceLevel)
    problem('sourceLevel', 'INVALID', `来源层级「${levelText}」无法识别（国家、省、市、区）`);

  const registeredAt = parseShanghaiTime(raw('registeredAt'));
  if (!text('registeredAt') && !(raw('registeredAt') instanceof Date))
    problem('registeredAt', 'REQUIRED', '登记时间不能为空');
  else if (!registeredAt)
    problem('registeredAt', 'INVALID', '登记时间格式不正确（如 2026-01-05 09:30）');

  const names = splitList(text('names'), true);
  const idNumbers = splitList(text('idNumbers')).map((s) => s.toUpperCase());
  const phones = splitList(text('phones'));
  const addresses = text('addresses')
    .split(/[;；\n\r]+/)
    .map((s) => s.trim())
    .filter(Boolean);
  if (names.length === 0) problem('names', 'REQUIRED', '信访人姓名不能为空');
  if (names.some((n) => n.length > 100)) problem('names', 'TOO_LONG', '信访人姓名不得超过 100 字');
  if (idNumbers.length > names.length)
    problem('idNumbers', 'COUNT_MISMATCH', '证件号码比信访人多（多人时按顺序以分号分隔）');
  if (idNumbers.some((v) => !ID_NUMBER.test(v)))
    problem('idNumbers', 'INVALID', '证件号码须为 18 位居民身份证号码或统一社会信用代码');
  if (phones.length > names.length)
    problem('phones', 'COUNT_MISMATCH', '联系电话比信访人多（多人时按顺序以分号分隔）');
  if (phones.some((v) => !PHONE.test(v))) problem('phones', 'INVALID', '联系电话格式不正确');
  if (addresses.length > names.length)
    problem('addresses', 'COUNT_MISMATCH', '住址比信访人多（多人时按顺序以分号分隔）');
  if (addresses.some((v) => v.length > 500))
    problem('addresses', 'TOO_LONG', '住址不得超过 500 字');

  const countText = text('personCount');
  const personCount = countText ? Number(countText) : Math.max(names.length, 1);
  if (!Number.isInteger(personCount) || personCount < 1 || personCount > 9999)
    problem('personCount', 'INVALID', '信访人数须为 1 至 9999 的整数');

  const content = text('content');
  if (!content) problem('content', 'REQUIRED', '信访内容不能为空');
  else if (content.length > 20_000) problem('content', 'TOO_LONG', '信访内容不得超过 20000 字');
  const title = text('title') || content.replace(/\s+/g, ' ').slice(0, 40);
  if (title.length > 200) problem('title', 'TOO_LONG', '信访标题不得超过 200 字');

  const purposeText = text('purpose');
  const purpose: Purpose | undefined = purposeText
    ? PURPOSE_WORDS[purposeText.toLowerCase()]
    : 'other';
  if (!purpose)
    problem(
      'purpose',
      'INVALID',
      `信访目的「${purposeText}」无法识别（建议意见、检举控告、申诉求决、其他）`,
    );

  const categoryText = text('category');
  const code = /^(\d{6})(\D|$)/.exec(categoryText)?.[1] ?? ctx.leafByName.get(categoryText);
  if (!categoryText) problem('category', 'REQUIRED', '内容分类不能为空');
  else if (!code || !ctx.leafCodes.has(code))
    problem('category', 'UNKNOWN_CATEGORY', `内容分类「${categoryText}」不是有效的第三级分类`);

  const locality = text('locality') || '未注明';
  if (locality.length > 100) problem('locality', 'TOO_LONG', '问题属地不得超过 100 字');

  const dueText = text('dueDate');
  const dueDate =
    dueText || raw('dueDate') instanceof Date ? parseShanghaiDate(raw('dueDate')) : null;
  if ((dueText || raw('dueDate') instanceof Date) && !dueDate)
    problem('dueDate', 'INVALID', '办理期限格式不正确（如 2026-03-05）');

  if (problems.length > 0) return { ok: false, externalRef: externalRef || null, problems };

  const petitioners: PetitionerInput[] = names.map((name, i) => ({
    kind: ORGANISATION.test(name) ? 'organisation' : 'person',
    name,
    idNumber: idNumbers[i] || undefined,
    phone: phones[i] || undefined,
    address: addresses[i] || undefined,
  }));
  return {
    ok: true,
    input: {
      externalRef,
      channel: channel,
      source: source,
      sourceLevel: sourceLevel!,
      registeredAt: registeredAt!,
      title,
      content,
      purpose: purpose,
      categoryCode: code!,
      locality,
      personCount,
      petitioners,
      provincialDueDate: dueDate,
    },
  };
}
