import { OFFICIAL_2022_2026, OFFICIAL_YEARS } from './data/official-2022-2026';
import { WorkingCalendar } from './working-calendar';

const calendar = new WorkingCalendar([...OFFICIAL_2022_2026], [...OFFICIAL_YEARS]);

describe('WorkingCalendar with the official 2022–2026 notices', () => {
  it.each([
    ['2022-01-28', true, 'Friday before the Spring Festival'],
    ['2022-01-29', true, '调休 Saturday'],
    ['2022-01-30', true, '调休 Sunday'],
    ['2022-01-31', false, '春节 (Monday)'],
    ['2022-02-04', false, '春节 (Friday)'],
    ['2022-02-06', false, '春节 (Sunday)'],
    ['2022-02-07', true, 'first Monday back'],
    ['2022-02-12', false, 'plain Saturday'],
    ['2022-10-07', false, '国庆节 (Friday)'],
    ['2022-10-08', true, '调休 Saturday after National Day'],
    ['2022-10-09', true, '调休 Sunday after National Day'],
    ['2022-12-31', false, '2023 元旦 holiday starting on a Saturday'],
    ['2023-01-02', false, '元旦 (Monday)'],
    ['2023-01-03', true, 'Tuesday after New Year'],
    ['2025-10-06', false, '中秋节 inside the 2025 National Day break'],
    ['2026-01-04', true, '调休 Sunday after 2026 New Year'],
  ])('%s is a working day: %s (%s)', (date, working) => {
    expect(calendar.isWorkingDay(date)).toBe(working);
  });

  it.each([
    ['2022-01-28', '2022-01-29'], // Friday → the 调休 Saturday
    ['2022-01-30', '2022-02-07'], // over the whole Spring Festival
    ['2022-09-30', '2022-10-08'], // over National Day to the 调休 Saturday
    ['2022-12-30', '2023-01-03'], // over the New Year holiday
    ['2022-06-01', '2022-06-02'], // an ordinary Wednesday
  ])('the next working day after %s is %s', (date, next) => {
    expect(calendar.nextWorkingDay(date)).toBe(next);
  });

  it.each([
    ['2022-01-27', 2, '2022-01-29', 'a 调休 Saturday counts as a working day'],
    ['2022-01-28', 3, '2022-02-07', 'Spring Festival days do not count'],
    ['2022-12-29', 5, '2023-01-06', 'across the 2023 New Year holiday'],
    ['2022-06-01', 0, '2022-06-01', 'zero working days is the start day'],
  ])('%s + %i working days = %s (%s)', (date, n, expected) => {
    expect(calendar.addWorkingDays(date, n)).toBe(expected);
  });

  it('knows which years have an official notice loaded', () => {
    expect(calendar.covers('2022-01-01')).toBe(true);
    expect(calendar.covers('2026-12-31')).toBe(true);
    expect(calendar.covers('2021-12-31')).toBe(false);
    expect(calendar.covers('2027-01-01')).toBe(false);
  });

  it('falls back to the weekday rule in a year without a notice', () => {
    expect(calendar.isWorkingDay('2027-01-01')).toBe(true); // a Friday; its holiday is not known yet
    expect(calendar.isWorkingDay('2027-01-02')).toBe(false);
  });

  it('refuses a duplicate day and a negative working-day count', () => {
    const day = { date: '2022-01-31', kind: 'holiday' as const, name: '春节' };
    expect(() => new WorkingCalendar([day, day], [2022])).toThrow(RangeError);
    expect(() => calendar.addWorkingDays('2022-01-01', -1)).toThrow(RangeError);
  });
});
