import { OFFICIAL_2022_2026, OFFICIAL_YEARS, WorkingCalendar } from '@app/calendar';
import {
  decideStages,
  DEFAULT_STAGE_RULES,
  planStages,
  type ReminderStage,
  stageDate,
  startOfShanghaiDay,
  workingDaysBefore,
} from './stages';

const calendar = new WorkingCalendar([...OFFICIAL_2022_2026], [...OFFICIAL_YEARS]);
const shanghai = (iso: string) => new Date(`${iso}+08:00`);

describe('stage days across holidays and 调休 days', () => {
  it.each<[string, string, number, 'working_days' | 'calendar_days', string]>([
    // 春节 2022: 01-31..02-06 off, Saturday 01-29 and Sunday 01-30 are 调休 working days.
    [
      '3 working days before the first day back after 春节',
      '2022-02-08',
      -3,
      'working_days',
      '2022-01-29',
    ],
    [
      '1 working day before lands on the 调休 Sunday',
      '2022-02-07',
      -1,
      'working_days',
      '2022-01-30',
    ],
    // 国庆节 2022: 10-01..10-07 off, Saturday 10-08 and Sunday 10-09 on.
    [
      '3 working days before 10-10 skip the whole 国庆 week',
      '2022-10-10',
      -3,
      'working_days',
      '2022-09-30',
    ],
    ['5 working days after a Friday before 国庆节', '2022-09-30', 5, 'working_days', '2022-10-12'],
    [
      'a plain week: 3 working days before a Wednesday',
      '2022-06-15',
      -3,
      'working_days',
      '2022-06-10',
    ],
    ['calendar days ignore holidays', '2022-10-01', 1, 'calendar_days', '2022-10-02'],
    [
      'offset 0 is the due date itself, even a holiday',
      '2022-10-03',
      0,
      'working_days',
      '2022-10-03',
    ],
  ])('%s', (_name, due, offset, unit, expected) => {
    expect(stageDate(calendar, due, offset, unit)).toBe(expected);
  });

  it('counts working days back from a day off as from the day itself', () => {
    // Due on a holiday (a calendar-day clock without roll-over): 10-07 → 09-30, 09-29, 09-28.
    expect(workingDaysBefore(calendar, '2022-10-07', 3)).toBe('2022-09-28');
  });

  it('plans the default stages of a clock due 2022-02-08 at Shanghai midnights', () => {
    const plan = planStages('2022-02-08', DEFAULT_STAGE_RULES, calendar);
    expect(plan.map((p) => [p.stage, p.date, p.fireAt.toISOString()])).toEqual([
      ['due_soon', '2022-01-29', '2022-01-28T16:00:00.000Z'],
      ['due_today', '2022-02-08', '2022-02-07T16:00:00.000Z'],
      // overdue fires at 24:00 of the due date, i.e. the clock's dueAt
      ['overdue', '2022-02-09', '2022-02-08T16:00:00.000Z'],
      ['escalated', '2022-02-15', '2022-02-14T16:00:00.000Z'],
    ]);
  });

  it('leaves disabled stages out', () => {
    const rules = DEFAULT_STAGE_RULES.map((r) =>
      r.stage === 'due_today' ? { ...r, enabled: false } : r,
    );
    expect(planStages('2022-06-15', rules, calendar).map((p) => p.stage)).toEqual([
      'due_soon',
      'overdue',
      'escalated',
    ]);
  });

  it('starts a Shanghai day at 16:00 UTC the day before', () => {
    expect(startOfShanghaiDay('2022-01-01').toISOString()).toBe('2021-12-31T16:00:00.000Z');
  });
});

describe('decideStages', () => {
  // Due Wednesday 2022-06-15: due soon 06-10 (Fri), today 06-15, overdue 06-16, escalate 06-22.
  const plan = planStages('2022-06-15', DEFAULT_STAGE_RULES, calendar);
  const decide = (cursor: ReminderStage | null, at: string) => {
    const d = decideStages(plan, cursor, shanghai(at));
    return { owed: d.owed.map((p) => p.stage), next: d.next?.stage ?? null };
  };

  it.each<[string, ReminderStage | null, string, ReminderStage[], ReminderStage | null]>([
    ['a fresh clock well before any stage', null, '2022-06-01T10:00:00', [], 'due_soon'],
    ['due soon exactly at its midnight', null, '2022-06-10T00:00:00', ['due_soon'], 'due_today'],
    ['the cursor skips what was handled', 'due_today', '2022-06-12T09:00:00', [], 'due_today'],
    ['due today', 'due_today', '2022-06-15T08:00:00', ['due_today'], 'overdue'],
    [
      'overdue one millisecond after 24:00',
      'overdue',
      '2022-06-16T00:00:00.001',
      ['overdue'],
      'escalated',
    ],
    ['escalation', 'escalated', '2022-06-22T00:00:00', ['escalated'], null],
    // After an outage (or a clock started late): stale notices are dropped, overdue is not.
    ['late start: only the latest notice', null, '2022-06-15T12:00:00', ['due_today'], 'overdue'],
    ['late start past overdue: no notices', null, '2022-06-17T12:00:00', ['overdue'], 'escalated'],
    [
      'outage past escalation: both',
      'due_soon',
      '2022-06-30T12:00:00',
      ['overdue', 'escalated'],
      null,
    ],
  ])('%s', (_name, cursor, at, owed, next) => {
    expect(decide(cursor, at)).toEqual({ owed, next });
  });

  it('owes nothing more after the last stage', () => {
    expect(decideStages([], null, new Date())).toEqual({ owed: [], next: null });
  });
});
