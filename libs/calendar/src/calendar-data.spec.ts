import {
  calendarChecksum,
  type CalendarProblem,
  missingCalendarMessage,
  missingCalendarYears,
  officialNoticeSource,
  validateYearDays,
} from './calendar-data';
import { OFFICIAL_2022_2026, OFFICIAL_YEARS } from './data/official-2022-2026';
import { type CalendarException, WorkingCalendar } from './working-calendar';

const holiday = (date: string, name = '春节'): CalendarException => ({
  date,
  kind: 'holiday',
  name,
});
const workday = (date: string, name = '春节'): CalendarException => ({
  date,
  kind: 'workday',
  name,
});

describe('validateYearDays', () => {
  it.each(OFFICIAL_YEARS)('accepts the official notice for %i', (year) => {
    const days = OFFICIAL_2022_2026.filter((d) => d.date.startsWith(`${year}-`));
    expect(validateYearDays(year, days)).toEqual([]);
  });

  it('allows a holiday on a weekend (the notices list whole spans)', () => {
    expect(validateYearDays(2022, [holiday('2022-02-05'), holiday('2022-02-06')])).toEqual([]);
  });

  it.each<[string, CalendarException[], CalendarProblem[]]>([
    [
      'a day of another year',
      [holiday('2023-01-01', '元旦')],
      [{ date: '2023-01-01', reason: 'outside_year' }],
    ],
    [
      'the same day twice',
      [holiday('2022-01-31'), workday('2022-01-31')],
      [
        { date: '2022-01-31', reason: 'duplicate' },
        { date: '2022-01-31', reason: 'workday_not_weekend' },
      ],
    ],
    [
      'a date that does not exist',
      [holiday('2022-02-30')],
      [{ date: '2022-02-30', reason: 'invalid_date' }],
    ],
    [
      'a 调休 workday on a weekday',
      [workday('2022-01-31')],
      [{ date: '2022-01-31', reason: 'workday_not_weekend' }],
    ],
    [
      'an unknown kind',
      [{ date: '2022-01-31', kind: 'off' as never, name: '春节' }],
      [{ date: '2022-01-31', reason: 'invalid_kind' }],
    ],
    [
      'an empty name',
      [holiday('2022-01-31', ' ')],
      [{ date: '2022-01-31', reason: 'invalid_name' }],
    ],
    [
      'a name over 50 characters',
      [holiday('2022-01-31', '节'.repeat(51))],
      [{ date: '2022-01-31', reason: 'invalid_name' }],
    ],
  ])('lists %s', (_name, days, problems) => {
    expect(validateYearDays(2022, days)).toEqual(problems);
  });
});

describe('calendarChecksum', () => {
  const days = [holiday('2022-01-31'), workday('2022-01-29'), holiday('2022-02-01')];

  it('is a SHA-256 of the day list that does not depend on its order', () => {
    expect(calendarChecksum(days)).toMatch(/^[0-9a-f]{64}$/);
    expect(calendarChecksum([...days].reverse())).toBe(calendarChecksum(days));
  });

  it('changes when a day changes', () => {
    expect(calendarChecksum([...days.slice(1), holiday('2022-01-31', '除夕')])).not.toBe(
      calendarChecksum(days),
    );
    expect(calendarChecksum(days.slice(1))).not.toBe(calendarChecksum(days));
  });
});

it('names the State Council notice of a year', () => {
  expect(officialNoticeSource(2024)).toBe('国务院办公厅关于2024年部分节假日安排的通知');
});

describe('missingCalendarYears', () => {
  const through2026 = new WorkingCalendar([], [2025, 2026]);
  it.each<[string, number[]]>([
    ['2026-10-31', []],
    ['2026-11-01', [2027]],
    ['2026-12-31', [2027]],
    ['2027-01-01', [2027]],
    ['2027-11-01', [2027, 2028]],
  ])('on %s: %j', (today, missing) => {
    expect(missingCalendarYears(today, through2026)).toEqual(missing);
  });

  it('names the years and the notices', () => {
    expect(missingCalendarMessage([2027])).toContain('国务院办公厅关于2027年部分节假日安排的通知');
  });
});
