import { checkIdNumber, normalizeIdNumber, normalizePhone } from './identity-numbers';

const TODAY = '2026-12-03';
/** The 18-digit number of these 17 digits with its check digit (GB 11643). */
const withCheck = (first17: string) => {
  const w = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
  const sum = [...first17].reduce((s, d, i) => s + Number(d) * w[i], 0);
  return first17 + '10X98765432'[sum % 11];
};

describe('checkIdNumber (GB 11643 / GB 32100)', () => {
  it('accepts an 18-digit number whose check digit and birth date hold, in capitals', () => {
    expect(checkIdNumber('11010519491231002x', TODAY)).toEqual({
      ok: true,
      kind: 'resident',
      value: '11010519491231002X',
      birthDate: '1949-12-31',
    });
    expect(checkIdNumber(withCheck('44052419800101001'), TODAY)).toMatchObject({ ok: true });
  });

  it('refuses a wrong check digit, saying which part is wrong', () => {
    const r = checkIdNumber('110105194912310021', TODAY);
    expect(r).toEqual({ ok: false, reason: expect.stringContaining('校验位') });
  });

  it('refuses a birth date that does not exist or has not happened', () => {
    // 1949-02-30 with its correct check digit for those 17 digits.
    const bad = '11010519490230001';
    expect(checkIdNumber(withCheck(bad), TODAY)).toEqual({
      ok: false,
      reason: expect.stringContaining('出生日期'),
    });
    expect(checkIdNumber(withCheck('11010520300101001'), TODAY)).toMatchObject({ ok: false });
    expect(checkIdNumber(withCheck('11010518990101001'), TODAY)).toMatchObject({ ok: false });
  });

  it('converts an old 15-digit number to the 18-digit form of the same person', () => {
    const r = checkIdNumber('110105491231002', TODAY);
    expect(r).toEqual({
      ok: true,
      kind: 'resident',
      value: '11010519491231002X',
      birthDate: '1949-12-31',
    });
    expect(normalizeIdNumber('110105491231002')).toBe(normalizeIdNumber('11010519491231002x'));
  });

  it('checks a unified social credit code', () => {
    expect(checkIdNumber('91350100M000100Y43', TODAY)).toMatchObject({
      ok: true,
      kind: 'organization',
    });
    expect(checkIdNumber('91350100M000100Y44', TODAY)).toEqual({
      ok: false,
      reason: expect.stringContaining('统一社会信用代码'),
    });
  });

  it('keeps a number it cannot check as given, trimmed and in capitals', () => {
    expect(normalizeIdNumber(' 11010519491231002y ')).toBe('11010519491231002Y');
  });
});

describe('normalizePhone', () => {
  it.each([
    ['13800138000', '13800138000'],
    ['138 0013 8000', '13800138000'],
    ['+86 138-0013-8000', '13800138000'],
    ['008613800138000', '13800138000'],
    ['020-8123 4567', '020-81234567'],
    ['(0755)12345678', '0755-12345678'],
    ['010-12345678转123', '010-12345678-123'],
  ])('%s → %s', (raw, expected) => expect(normalizePhone(raw)).toBe(expected));

  it.each(['12345', '8123 4567', '12800138000', '1380013800', 'abc'])(
    'refuses %s (no area code, not a mobile)',
    (raw) => expect(normalizePhone(raw)).toBeNull(),
  );
});
