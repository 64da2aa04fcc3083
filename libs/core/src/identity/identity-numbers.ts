/**
 * The numbers a person or an organisation gives at the counter, checked and written one way, so
 * one person is one blind index (a 15-digit card and its 18-digit successor are the same person,
 * 138 0013 8000 and +86 13800138000 the same phone) and 重件 detection is not defeated.
 */

/** GB 11643-1999: the weights of the first 17 digits and the check character of sum mod 11. */
const RESIDENT_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const RESIDENT_CHECK = '10X98765432';

/** GB 32100-2015: the unified social credit code's characters and weights (3^i mod 31). */
const CREDIT_CHARS = '0123456789ABCDEFGHJKLMNPQRTUWXY';
const CREDIT_WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];

/** The shape an ID field may have at all (checked or not): 15 digits, or 18 letters and digits. */
export const ID_NUMBER_SHAPE = /^(\d{15}|[0-9A-Za-z]{18})$/;

export type IdNumberCheck =
  | { ok: true; value: string; kind: 'resident' | 'organization'; birthDate?: string }
  | { ok: false; reason: string };

function residentCheckChar(first17: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(first17[i]) * RESIDENT_WEIGHTS[i];
  return RESIDENT_CHECK[sum % 11];
}

function creditCheckChar(first17: string): string | null {
  let sum = 0;
  for (let i = 0; i < 17; i++) {
    const v = CREDIT_CHARS.indexOf(first17[i]);
    if (v < 0) return null;
    sum += v * CREDIT_WEIGHTS[i];
  }
  return CREDIT_CHARS[(31 - (sum % 31)) % 31];
}

/** YYYYMMDD as a real date no later than `today` (YYYY-MM-DD) and not before 1900. */
function birthDate(yyyymmdd: string, today: string): string | null {
  const iso = `${yyyymmdd.slice(0, 4)}-${yyyymmdd.slice(4, 6)}-${yyyymmdd.slice(6, 8)}`;
  const d = new Date(`${iso}T00:00:00Z`);
  if (Number.isNaN(d.getTime()) || d.toISOString().slice(0, 10) !== iso) return null;
  if (iso < '1900-01-01' || iso > today) return null;
  return iso;
}

/**
 * Checks an ID number as given: an 18-digit resident number (check digit and birth date), an old
 * 15-digit one (converted to its 18-digit form), or an organisation's unified social credit code.
 * `today` is the Asia/Shanghai date a birth date may not pass.
 */
export function checkIdNumber(raw: string, today: string): IdNumberCheck {
  const s = raw.trim().toUpperCase();
  if (/^\d{15}$/.test(s)) {
    const born = birthDate(`19${s.slice(6, 12)}`, today);
    if (!born) return { ok: false, reason: '15 位身份证号中的出生日期不是真实日期' };
    const first17 = `${s.slice(0, 6)}19${s.slice(6)}`;
    return {
      ok: true,
      kind: 'resident',
      value: first17 + residentCheckChar(first17),
      birthDate: born,
    };
  }
  if (/^\d{17}[\dX]$/.test(s)) {
    const born = birthDate(s.slice(6, 14), today);
    if (!born) return { ok: false, reason: '身份证号中的出生日期不是真实日期' };
    if (residentCheckChar(s.slice(0, 17)) !== s[17])
      return { ok: false, reason: '身份证号校验位不正确，请核对号码' };
    return { ok: true, kind: 'resident', value: s, birthDate: born };
  }
  if (/^[0-9A-HJ-NPQRTUWXY]{2}\d{6}[0-9A-HJ-NPQRTUWXY]{10}$/.test(s)) {
    if (creditCheckChar(s.slice(0, 17)) !== s[17])
      return { ok: false, reason: '统一社会信用代码校验位不正确，请核对代码' };
    return { ok: true, kind: 'organization', value: s };
  }
  return { ok: false, reason: '须为 18 位或 15 位身份证号，或 18 位统一社会信用代码' };
}

/**
 * The one written form of an ID number, for storing and for its blind index: a valid number as
 * `checkIdNumber` writes it (15 → 18 digits), anything else trimmed and in capitals (a number the
 * clerk marked unverified is kept as given).
 */
export function normalizeIdNumber(raw: string): string {
  // Any birth date up to the end of time: writing a number one way does not judge it.
  const checked = checkIdNumber(raw, '9999-12-31');
  return checked.ok ? checked.value : raw.trim().toUpperCase();
}

/** Mainland mobile numbers: 11 digits from 13x to 19x. */
const MOBILE = /^1[3-9]\d{9}$/;
/** A landline with its area code (010, 02x, 0xxx) and 7 or 8 digits, an extension after. */
const LANDLINE = /^(0(?:10|2\d|[3-9]\d{2}))(\d{7,8})(?:(?:转|#|ext\.?|x)(\d{1,6}))?$/i;

/**
 * A phone number in its one written form, or null when it is neither a mobile nor a landline
 * with its area code: spaces, dashes, brackets and a +86 / 0086 prefix are dropped; a landline
 * is written 区号-号码 (with -分机 when given).
 */
export function normalizePhone(raw: string): string | null {
  let s = raw.trim().replace(/[\s\-()（）]/g, '');
  s = s.replace(/^(?:\+86|0086)/, '');
  if (MOBILE.test(s)) return s;
  const m = LANDLINE.exec(s);
  if (!m) return null;
  return m[3] ? `${m[1]}-${m[2]}-${m[3]}` : `${m[1]}-${m[2]}`;
}
