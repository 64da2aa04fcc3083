import { caseNumber, parseCaseNumber } from './case-number';

describe('case numbers', () => {
  it('pads the sequence to six digits and never cuts a longer one', () => {
    expect(caseNumber('XF', 2022, 123)).toBe('XF-2022-000123');
    expect(caseNumber('XF', 2022, 1_234_567)).toBe('XF-2022-1234567');
  });

  it("reads back the bureau's own numbers only", () => {
    for (const seq of [1, 999_999, 1_000_000]) {
      expect(parseCaseNumber('XF', caseNumber('XF', 2023, seq))).toEqual({ year: 2023, seq });
    }
    expect(parseCaseNumber('XF', 'SJ-2023-000001')).toBeNull();
    expect(parseCaseNumber('XF', 'XF-2023-12345')).toBeNull();
    expect(parseCaseNumber('XF', 'XF-2023-000001-1')).toBeNull();
  });
});
