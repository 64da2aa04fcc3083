import { historyProblems, type CaseHistoryInput, type HistoryEvent } from './case-history';
import { registrationProblems } from '../registration/registration-rules';

const at = (day: number) => new Date(Date.UTC(2022, 2, day, 2));
const input = (events: HistoryEvent[]): CaseHistoryInput => ({
  channel: 'visit',
  source: 'direct',
  sourceLevel: 'district',
  registeredAt: at(1),
  title: 't',
  content: 'c',
  purpose: 'complaint',
  categoryCode: '010301',
  locality: 'x',
  personCount: 1,
  petitioners: [{ kind: 'person', name: '甲' }],
  events,
});
const routed = (kind: 'transferred' | 'assigned' = 'transferred'): HistoryEvent[] => [
  kind === 'assigned'
    ? { type: 'assigned', at: at(2), unitId: 1, unitName: 'u', reportDueDate: '2022-05-01' }
    : { type: 'transferred', at: at(2), unitId: 1, unitName: 'u' },
  { type: 'accepted', at: at(3) },
];
const answered = (day: number, delivered = day): HistoryEvent => ({
  type: 'answered',
  at: at(day),
  decision: 'support',
  facts: 'f',
  basis: 'b',
  deliveryMethod: 'post',
  deliveredAt: at(delivered),
});
const now = new Date(Date.UTC(2026, 0, 1));
const codes = (events: HistoryEvent[]) => historyProblems(input(events), now).map((p) => p.code);

describe('historyProblems: past events follow the rules of live handling', () => {
  it.each<[string, HistoryEvent[], string[]]>([
    ['a complete handling', [...routed(), answered(20), { type: 'closed', at: at(21) }], []],
    [
      'closed before answered',
      [...routed(), { type: 'closed', at: at(5) }],
      ['INVALID_TRANSITION'],
    ],
    [
      'a second extension',
      [
        ...routed(),
        { type: 'extended', at: at(10), days: 10, reason: 'r' },
        { type: 'extended', at: at(11), days: 10, reason: 'r' },
      ],
      ['EXTENSION_ALREADY_USED'],
    ],
    [
      'an extension over 30 days',
      [...routed(), { type: 'extended', at: at(10), days: 31, reason: 'r' }],
      ['EXTENSION_TOO_LONG'],
    ],
    [
      'delivered before acceptance',
      [...routed(), answered(20, 2)],
      ['DELIVERED_BEFORE_ACCEPTANCE'],
    ],
    [
      'an assignment closed without its report',
      [...routed('assigned'), answered(20), { type: 'closed', at: at(21) }],
      ['COMPLETION_REPORT_MISSING'],
    ],
    [
      'events out of order',
      [
        { type: 'transferred', at: at(5), unitId: 1, unitName: 'u' },
        { type: 'accepted', at: at(4) },
      ],
      ['OUT_OF_ORDER'],
    ],
    [
      'an event in the future',
      [
        {
          type: 'not_accepted',
          at: new Date(Date.UTC(2027, 0, 1)),
          reason: 'r',
          route: 'litigation',
        },
      ],
      ['IN_FUTURE'],
    ],
  ])('%s', (_, events, expected) => expect(codes(events)).toEqual(expected));
});

// Every way in (the counter, the spreadsheet import, the history import) checks these.
describe('registrationProblems: 上级办理期限 and 上级信访件编号', () => {
  const registeredAt = new Date('2022-02-28T17:30:00Z'); // 2022-03-01 01:30 in Shanghai
  const handedDown = { source: 'transferred', sourceLevel: 'provincial', registeredAt } as const;
  it.each<[string, Partial<CaseHistoryInput>, string[]]>([
    ['handed down, due later', { ...handedDown, provincialDueDate: '2022-03-20' }, []],
    [
      'due on the Shanghai registration day',
      { ...handedDown, provincialDueDate: '2022-03-01' },
      [],
    ],
    [
      'due on the UTC date, the day before the Shanghai one',
      { ...handedDown, provincialDueDate: '2022-02-28' },
      ['PROVINCIAL_DUE_BEFORE_REGISTRATION'],
    ],
    [
      'registered now (no time given), due yesterday',
      { ...handedDown, registeredAt: undefined, provincialDueDate: '2025-12-31' },
      ['PROVINCIAL_DUE_BEFORE_REGISTRATION'],
    ],
    ['a direct case', { provincialDueDate: '2022-03-20' }, ['PROVINCIAL_DUE_DATE_NOT_ALLOWED']],
    ['handed down without one', { ...handedDown, provincialDueDate: null }, []],
    [
      'a date that does not exist (the history file checks only its shape)',
      { ...handedDown, provincialDueDate: '2022-02-30' },
      ['PROVINCIAL_DUE_DATE_INVALID'],
    ],
    ['the upper number', { ...handedDown, externalRef: 'GD2022-(0009)' }, []],
    [
      'a direct case with an upper number',
      { externalRef: 'GD2022-0009' },
      ['EXTERNAL_REF_NOT_ALLOWED'],
    ],
    ...['GD 2022', 'GD\u00072022', 'X'.repeat(65)].map(
      (externalRef): [string, Partial<CaseHistoryInput>, string[]] => [
        `an upper number of another shape: ${JSON.stringify(externalRef).slice(0, 20)}`,
        { ...handedDown, externalRef },
        ['EXTERNAL_REF_INVALID'],
      ],
    ),
  ])('%s', (_, over, expected) =>
    expect(registrationProblems({ ...input([]), ...over }, now).map((p) => p.code)).toEqual(
      expected,
    ),
  );
});
