import { formatPercent, percentOf, periodInstants, ratio, yearPeriod } from './metric-math';

describe('ratio', () => {
  it.each([
    [0, 0, null, null],
    [0, 5, 0, 0],
    [5, 5, 1, 100],
    [1, 8, 0.125, 12.5],
    [2, 3, 2 / 3, 66.67],
    [1, 3, 1 / 3, 33.33],
  ])('%i ÷ %i', (num, den, value, percent) => {
    expect(ratio(num, den)).toEqual({ numerator: num, denominator: den, value, percent });
  });

  it('an empty denominator has no rate: neither 0% nor 100%', () => {
    expect(formatPercent(ratio(0, 0).percent)).toBe('—');
  });

  it.each([
    [-1, 2],
    [3, 2],
    [1.5, 2],
  ])('refuses %s ÷ %s', (n, d) => {
    expect(() => ratio(n, d)).toThrow(RangeError);
  });
});

describe('percentOf', () => {
  it('rounds half up in exact arithmetic (865.76 ÷ 879.34 = 98.46%)', () => {
    expect(percentOf(86576, 87934)).toBe(98.46);
    expect(percentOf(1, 200)).toBe(0.5);
    expect(percentOf(1, 80000)).toBe(0); // 0.00125% rounds to 0.00
    expect(percentOf(1, 20000)).toBe(0.01); // 0.005% rounds half up
  });

  it('refuses an empty denominator', () => {
    expect(() => percentOf(1, 0)).toThrow(RangeError);
  });
});

describe('formatPercent', () => {
  it.each([
    [100, '100%'],
    [98.46, '98.46%'],
    [12.5, '12.50%'],
    [0, '0%'],
    [null, '—'],
  ])('%s → %s', (p, text) => expect(formatPercent(p)).toBe(text));
});

describe('periodInstants', () => {
  it('a year runs from 00:00 to 24:00 Asia/Shanghai', () => {
    expect(periodInstants(yearPeriod(2022))).toEqual({
      fromAt: new Date('2021-12-31T16:00:00.000Z'),
      toAt: new Date('2022-12-31T16:00:00.000Z'),
    });
  });
});
