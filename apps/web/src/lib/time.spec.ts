import {
  daysLeft,
  formatDateTime,
  nowAsShown,
  pickedInstant,
  shanghaiDay,
  urgencyOf,
} from './time';

// A clock whose last day is 2026-03-10 (Shanghai) is due at 24:00 that day = 16:00 UTC.
const due = '2026-03-10T16:00:00.000Z';

describe('days left and urgency, counted in Shanghai whatever the PC says', () => {
  it.each([
    ['2026-03-05T02:00:00Z', 5, 'normal'],
    ['2026-03-07T10:00:00Z', 3, 'due_soon'],
    // 2026-03-09 23:30 Shanghai is still the 9th: one day left, amber.
    ['2026-03-09T15:30:00Z', 1, 'due_soon'],
    // 00:30 Shanghai on the 10th is 16:30 UTC on the 9th: due today, red.
    ['2026-03-09T16:30:00Z', 0, 'due_today'],
    ['2026-03-10T15:59:00Z', 0, 'due_today'],
    // From 24:00 of the last day the clock is overdue.
    ['2026-03-10T16:00:00Z', -1, 'overdue'],
    ['2026-03-13T01:00:00Z', -3, 'overdue'],
  ])('at %s: %i days left, %s', (now, left, urgency) => {
    expect(daysLeft(due, new Date(now))).toBe(left);
    expect(urgencyOf(due, new Date(now))).toBe(urgency);
  });

  it('formats instants in Asia/Shanghai', () => {
    expect(formatDateTime('2026-03-09T16:30:00Z')).toBe('2026-03-10 00:30');
    expect(shanghaiDay('2026-03-09T16:30:00Z')).toBe('2026-03-10');
    expect(formatDateTime(null)).toBe('—');
  });
});

describe('date-time pickers mean Beijing time', () => {
  it('a picker showing now (Beijing wall clock) sends now, whatever zone the PC is on', () => {
    const sent = new Date(pickedInstant(nowAsShown())).getTime();
    expect(Math.abs(sent - Date.now())).toBeLessThan(2000);
  });

  it('a picker defaulting to now sends no earlier than now: a change made a moment before (受理) is not after it', () => {
    // Cut to the second, "now" fell before an acceptance made earlier in the same second, and
    // the API refused the answer's default 送达时间 as earlier than 受理.
    for (const ms of [1, 499, 999]) {
      const at = new Date(Date.UTC(2026, 11, 6, 13, 50, 5, ms));
      jest.useFakeTimers({ now: at });
      try {
        expect(new Date(pickedInstant(nowAsShown())).getTime()).toBe(at.getTime());
      } finally {
        jest.useRealTimers();
      }
    }
  });
});
