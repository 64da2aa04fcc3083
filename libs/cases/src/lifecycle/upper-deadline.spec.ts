import type { ClockEntity } from '@app/deadlines';
import { upperDeadlineWarning } from './upper-deadline';

type Status = ClockEntity['status'];

describe('upperDeadlineWarning: the case page warns when the upper office’s deadline is at risk', () => {
  const handling = (dueDate: string, status: Status = 'running') => ({
    kind: 'handling',
    status,
    dueDate,
  });
  const cases: [string, Parameters<typeof upperDeadlineWarning>, string | null][] = [
    [
      'no upper deadline',
      [{ provincialDueDate: null }, [handling('2026-03-01')], '2026-01-05'],
      null,
    ],
    [
      'handling ends before it',
      [{ provincialDueDate: '2026-03-02' }, [handling('2026-03-01')], '2026-01-05'],
      null,
    ],
    [
      'handling ends on its day',
      [{ provincialDueDate: '2026-03-01' }, [handling('2026-03-01')], '2026-01-05'],
      null,
    ],
    [
      'handling ends after it',
      [{ provincialDueDate: '2026-02-20' }, [handling('2026-03-01')], '2026-01-05'],
      'clock_after',
    ],
    [
      'the deadline passed while the case is in hand',
      [{ provincialDueDate: '2026-01-04' }, [handling('2026-03-01')], '2026-01-05'],
      'passed',
    ],
    [
      'nothing running any more (answered)',
      [{ provincialDueDate: '2026-01-04' }, [handling('2026-03-01', 'satisfied')], '2026-01-05'],
      null,
    ],
    [
      'the petitioner’s window is not bounded by it',
      [
        { provincialDueDate: '2026-01-20' },
        [{ kind: 'review_request_window', status: 'running', dueDate: '2026-02-20' }],
        '2026-01-05',
      ],
      null,
    ],
  ];
  it.each(cases)('%s', (_, args, kind) => {
    expect(upperDeadlineWarning(...args)?.kind ?? null).toBe(kind);
  });

  it('names the clock that falls due last', () => {
    expect(
      upperDeadlineWarning(
        { provincialDueDate: '2026-02-01' },
        [
          { kind: 'assignment_report', status: 'running', dueDate: '2026-02-10' },
          handling('2026-03-01'),
        ],
        '2026-01-05',
      ),
    ).toEqual({
      kind: 'clock_after',
      provincialDueDate: '2026-02-01',
      clockKind: 'handling',
      clockDueDate: '2026-03-01',
    });
  });
});
