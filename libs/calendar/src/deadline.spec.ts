import { OFFICIAL_2022_2026, OFFICIAL_YEARS } from './data/official-2022-2026';
import { CLOCK_KINDS, computeDue, DEFAULT_RULES, type DeadlineRule } from './deadline';
import { WorkingCalendar } from './working-calendar';

const calendar = new WorkingCalendar([...OFFICIAL_2022_2026], [...OFFICIAL_YEARS]);

/** 10:00 Shanghai on the given date. */
const at10 = (date: string) => new Date(`${date}T10:00:00+08:00`);

type Rule = Pick<DeadlineRule, 'length' | 'unit' | 'rollOverHoliday'>;
const cal = (length: number, rollOverHoliday = false): Rule => ({
  length,
  unit: 'calendar_days',
  rollOverHoliday,
});
const work = (length: number): Rule => ({ length, unit: 'working_days', rollOverHoliday: false });

describe('computeDue', () => {
  // 信访工作条例 periods run "自…之日起": the start day is not counted; the period ends at 24:00
  // of its last day.
  it.each<[string, Date, Rule, number, string]>([
    ['15 calendar days across New Year', at10('2022-12-20'), cal(15), 0, '2023-01-04'],
    ['the start day is not counted', at10('2022-03-01'), cal(1), 0, '2022-03-02'],
    // 2022-01-28T17:30Z is 01:30 on 2022-01-29 in Shanghai: the period starts from the 29th.
    [
      'late evening UTC = next Shanghai day',
      new Date('2022-01-28T17:30:00Z'),
      cal(15),
      0,
      '2022-02-13',
    ],
    // Without rollOverHoliday a calendar-day period may end on a holiday (2022-10-03, 国庆节).
    ['no roll-over when the rule says not to', at10('2022-08-04'), cal(60), 0, '2022-10-03'],
    ['roll-over: 国庆节 → 调休 Saturday', at10('2022-08-04'), cal(60, true), 0, '2022-10-08'],
    ['roll-over: 春节 → first day back', at10('2022-01-01'), cal(30, true), 0, '2022-02-07'],
    ['roll-over: a plain Saturday → Monday', at10('2022-06-02'), cal(30, true), 0, '2022-07-04'],
    ['roll-over leaves a working day alone', at10('2022-06-01'), cal(30, true), 0, '2022-07-01'],
    // Hearing time (听证) is not counted: paused days extend the period, then roll-over applies.
    ['paused days extend, then roll', at10('2022-08-24'), cal(30, true), 10, '2022-10-08'],
    ['5 working days from a Friday before 国庆节', at10('2022-09-30'), work(5), 0, '2022-10-12'],
    ['5 working days from the Friday before 春节', at10('2022-01-28'), work(5), 0, '2022-02-09'],
    ['working days across the 2023 New Year', at10('2022-12-29'), work(5), 0, '2023-01-06'],
    // From the 调休 Saturday 2022-01-29 (Shanghai), not from the UTC date 2022-01-28 (→ 02-09).
    [
      'working days from a late-evening instant',
      new Date('2022-01-28T17:30:00Z'),
      work(5),
      0,
      '2022-02-10',
    ],
    ['15 working days over 端午', at10('2022-06-01'), work(15), 0, '2022-06-23'],
    [
      'paused days on working days land on a working day',
      at10('2022-06-01'),
      work(15),
      2,
      '2022-06-27',
    ],
  ])('%s', (_name, start, rule, paused, dueDate) => {
    const due = computeDue(start, rule, calendar, paused);
    expect(due.dueDate).toBe(dueDate);
    // Due at 24:00 Shanghai of the last day = 16:00 UTC that day.
    expect(due.dueAt.toISOString()).toBe(`${dueDate}T16:00:00.000Z`);
  });

  it('counts from the Shanghai date however late in that day the clock started', () => {
    const earliest = new Date('2022-02-28T16:00:00.000Z'); // 2022-03-01 00:00 Shanghai
    const latest = new Date('2022-03-01T15:59:59.999Z'); // 2022-03-01 23:59:59.999 Shanghai
    for (const start of [earliest, latest]) {
      expect(computeDue(start, cal(15), calendar).dueDate).toBe('2022-03-16');
    }
  });

  it('registration on 2022-12-20 with the default triage rule is due at 2023-01-04 24:00', () => {
    expect(computeDue(at10('2022-12-20'), DEFAULT_RULES.triage, calendar)).toEqual({
      dueDate: '2023-01-04',
      dueAt: new Date('2023-01-04T16:00:00.000Z'),
      provisional: false,
    });
  });

  it('refuses negative paused days and a fractional length', () => {
    expect(() => computeDue(at10('2022-06-01'), cal(15), calendar, -1)).toThrow(RangeError);
    expect(() => computeDue(at10('2022-06-01'), cal(1.5), calendar)).toThrow(RangeError);
  });
});

describe('computeDue in a year with no loaded notice (2027)', () => {
  it.each<[string, Date, Rule, string, boolean]>([
    // 2026-11-02 + 60 = 2027-01-01 (元旦, a Friday by the weekend rule).
    ['a roll-over last day in 2027', at10('2026-11-02'), cal(60, true), '2027-01-01', true],
    // No calendar moves a plain calendar-day period.
    ['a plain calendar-day period', at10('2026-12-20'), cal(15), '2027-01-04', false],
    ['working days counted into 2027', at10('2026-12-28'), work(5), '2027-01-04', true],
    ['working days ending in 2026', at10('2026-12-21'), work(5), '2026-12-28', false],
    ['a roll-over last day in 2026', at10('2026-11-02'), cal(30, true), '2026-12-02', false],
  ])('%s', (_, start, rule, dueDate, provisional) => {
    expect(computeDue(start, rule, calendar)).toMatchObject({ dueDate, provisional });
  });
});

describe('DEFAULT_RULES (DESIGN §3)', () => {
  it.each<[string, number, DeadlineRule['unit'], boolean]>([
    ['triage', 15, 'calendar_days', false],
    ['acceptance_notice', 15, 'calendar_days', false],
    ['objection_window', 5, 'working_days', false],
    ['handling', 60, 'calendar_days', true],
    ['assignment_report', 15, 'calendar_days', false],
    ['review_request_window', 30, 'calendar_days', false],
    ['review_decision', 30, 'calendar_days', true],
    ['re_review_request_window', 30, 'calendar_days', false],
    ['re_review_decision', 30, 'calendar_days', true],
    ['supervision_reply', 15, 'working_days', false],
    ['evaluation_window', 30, 'calendar_days', false],
  ])('%s: %i %s, roll-over %s', (kind, length, unit, rollOverHoliday) => {
    expect(DEFAULT_RULES[kind as keyof typeof DEFAULT_RULES]).toEqual({
      kind,
      length,
      unit,
      rollOverHoliday,
    });
  });

  it('has exactly one rule per clock kind', () => {
    expect(Object.keys(DEFAULT_RULES).sort()).toEqual([...CLOCK_KINDS].sort());
  });
});
