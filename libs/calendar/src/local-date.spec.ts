import { addDays, endOfShanghaiDay, isLocalDate, isWeekend, shanghaiDate } from './local-date';

describe('Shanghai local dates', () => {
  it.each([
    ['2022-01-28T15:59:59.999Z', '2022-01-28'], // 23:59:59.999 in Shanghai
    ['2022-01-28T16:00:00.000Z', '2022-01-29'], // midnight in Shanghai
    ['2022-01-28T17:30:00.000Z', '2022-01-29'], // 01:30 the next morning: already the 29th there
    ['2022-12-31T16:30:00.000Z', '2023-01-01'], // New Year comes eight hours earlier than in UTC
    ['2024-02-28T20:00:00.000Z', '2024-02-29'],
  ])('the instant %s falls on %s in Shanghai', (instant, date) => {
    expect(shanghaiDate(new Date(instant))).toBe(date);
  });

  it.each([
    ['2022-01-29', '2022-01-29T16:00:00.000Z'],
    ['2022-12-31', '2022-12-31T16:00:00.000Z'],
    ['2024-02-29', '2024-02-29T16:00:00.000Z'],
  ])('a day %s ends at 24:00 Shanghai = %s', (date, end) => {
    expect(endOfShanghaiDay(date).toISOString()).toBe(end);
    expect(shanghaiDate(new Date(endOfShanghaiDay(date).getTime() - 1))).toBe(date);
    expect(shanghaiDate(endOfShanghaiDay(date))).toBe(addDays(date, 1));
  });

  it.each([
    ['2022-01-31', 1, '2022-02-01'],
    ['2024-02-28', 1, '2024-02-29'],
    ['2023-02-28', 1, '2023-03-01'],
    ['2022-12-20', 15, '2023-01-04'],
    ['2023-01-01', -1, '2022-12-31'],
    ['2022-03-01', 0, '2022-03-01'],
  ])('%s plus %i days is %s', (date, n, expected) => {
    expect(addDays(date, n)).toBe(expected);
  });

  it.each([
    ['2022-01-28', false], // Friday
    ['2022-01-29', true], // Saturday
    ['2022-01-30', true], // Sunday
    ['2022-01-31', false], // Monday
  ])('%s is a weekend day: %s', (date, weekend) => {
    expect(isWeekend(date)).toBe(weekend);
  });

  it.each(['2023-02-29', '2022-1-5', '2022-01-05T00:00', '', '20220105'])(
    'refuses the malformed date %p',
    (bad) => {
      expect(isLocalDate(bad)).toBe(false);
      expect(() => addDays(bad, 1)).toThrow(RangeError);
      expect(() => endOfShanghaiDay(bad)).toThrow(RangeError);
    },
  );

  it('refuses an invalid instant and a fractional day count', () => {
    expect(() => shanghaiDate(new Date('nonsense'))).toThrow(RangeError);
    expect(() => addDays('2022-01-01', 1.5)).toThrow(RangeError);
  });
});
