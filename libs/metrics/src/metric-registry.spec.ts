import { figureOf, groupsOf } from './metric-figures';
import { periodInstants, yearPeriod } from './metric-math';
import {
  METRICS,
  classifyAll,
  findMetric,
  type MetricContext,
  type MetricDefinition,
} from './metric-registry';
import type {
  CaseClockRow,
  CaseRow,
  HandedDownRow,
  KeyMatterRow,
  LetterRow,
  MissionRow,
  ReviewRow,
} from './metric-sources';

const period = yearPeriod(2022);
const ctx: MetricContext = {
  period,
  ...periodInstants(period),
  now: new Date('2023-01-10T02:00:00Z'),
};
/** A Shanghai wall-clock time as an instant. */
const sh = (local: string) => new Date(`${local}+08:00`);

const aCase = (over: Partial<CaseRow> = {}): CaseRow => ({
  id: 1,
  unitId: 7,
  channel: 'visit',
  source: 'direct',
  sourceLevel: 'district',
  registeredAt: sh('2022-03-01T10:00:00'),
  repeat: false,
  collective: false,
  skipLevel: false,
  status: 'registered',
  provincialDueDate: null,
  closedAt: null,
  evaluation: null,
  evaluatedAt: null,
  ...over,
});

const withClock = (
  clock: Partial<CaseClockRow['clock']>,
  c: Partial<CaseRow> = {},
): CaseClockRow => ({
  case: aCase(c),
  clock: {
    id: 100,
    hopUnitId: 9,
    status: 'running',
    dueDate: '2022-03-16',
    dueAt: sh('2022-03-17T00:00:00'),
    endedAt: null,
    ...clock,
  },
});

function metric(key: string): MetricDefinition {
  const m = findMetric(key);
  if (!m) throw new Error(`no metric ${key}`);
  return m;
}
const classify = (key: string, row: unknown, at: MetricContext = ctx) =>
  metric(key).classify(row as never, at);

describe('the metric registry', () => {
  it('has every DESIGN §5 figure once, with a Chinese definition and its parts', () => {
    const keys = METRICS.map((m) => m.key);
    expect(new Set(keys).size).toBe(keys.length);
    expect(keys).toEqual(
      expect.arrayContaining([
        'systemClosureRate',
        'timelyTriageRate',
        'onTimeAnswerRate',
        'evaluationRate',
        'satisfactionRate',
        'repeatRate',
        'onlineShare',
        'casesRegistered',
        'assignedFromAbove',
        'collectiveVisits',
        'skipLevelVisits',
        'lettersIssued',
        'letterOnTimeReplyRate',
        'keyMattersResolved',
        'keyMatterResolutionRate',
        'persuasionMissions',
        'reviewsHandled',
      ]),
    );
    for (const m of METRICS) {
      expect(m.definition).toMatch(/[\u4e00-\u9fff]/);
      expect(m.denominatorLabel === null).toBe(m.kind === 'count');
    }
  });
});

describe('及时受理率 (timelyTriageRate): the triage clock of first petitions', () => {
  it.each<[string, Partial<CaseClockRow['clock']>, Partial<CaseRow>, boolean | null]>([
    [
      'triaged on the last day',
      { status: 'satisfied', endedAt: sh('2022-03-16T23:59:00') },
      {},
      true,
    ],
    ['triaged a day late', { status: 'satisfied', endedAt: sh('2022-03-17T09:00:00') }, {}, false],
    ['untriaged past the deadline', { status: 'running' }, {}, false],
    [
      'untriaged, deadline not yet reached (not counted)',
      { status: 'running', dueDate: '2022-12-31', dueAt: sh('2023-01-01T00:00:00') },
      {},
      null,
    ],
    [
      'a repeat petition (not counted)',
      { status: 'satisfied', endedAt: sh('2022-03-02T09:00:00') },
      { repeat: true },
      null,
    ],
    [
      'deadline in the next year (not counted)',
      { status: 'satisfied', dueDate: '2023-01-05', endedAt: sh('2022-12-30T09:00:00') },
      {},
      null,
    ],
    [
      'registered last year, deadline this year (counted this year)',
      {
        status: 'satisfied',
        dueDate: '2022-01-04',
        dueAt: sh('2022-01-05T00:00:00'),
        endedAt: sh('2021-12-22T09:00:00'),
      },
      { registeredAt: sh('2021-12-20T10:00:00') },
      true,
    ],
  ])('%s', (_, clock, c, onTime) => {
    const now = { ...ctx, now: sh('2022-12-20T10:00:00') };
    const item = classify('timelyTriageRate', withClock(clock, c), now);
    if (onTime === null) expect(item).toBeNull();
    else expect(item).toMatchObject({ num: onTime, den: true, unitId: null });
  });
});

describe('按期办结率 (onTimeAnswerRate): the handling clock by its due date', () => {
  it.each<[string, Partial<CaseClockRow['clock']>, boolean | null]>([
    ['answered on time', { status: 'satisfied', endedAt: sh('2022-03-10T10:00:00') }, true],
    ['answered late', { status: 'satisfied', endedAt: sh('2022-03-20T10:00:00') }, false],
    ['open, overdue', { status: 'running' }, false],
    [
      'open, not yet due',
      { status: 'running', dueDate: '2022-12-31', dueAt: sh('2023-01-01T00:00:00') },
      false,
    ],
    ['due next year (not counted)', { dueDate: '2023-01-02' }, null],
  ])('%s', (_, clock, onTime) => {
    const item = classify('onTimeAnswerRate', withClock(clock));
    if (onTime === null) expect(item).toBeNull();
    else
      expect(item).toMatchObject({
        num: onTime,
        den: true,
        unitId: 9,
        month: clock.dueDate?.slice(0, 7) ?? '2022-03',
      });
  });
});

describe('系统交转办信访件办结率 (systemClosureRate)', () => {
  const from = { source: 'assigned', sourceLevel: 'provincial' };
  const handling = { dueDate: '2022-05-01', hopUnitId: 9 };
  const row = (c: Partial<CaseRow>, h: HandedDownRow['handling'] = handling): HandedDownRow => ({
    case: aCase(c),
    handling: h,
  });
  it.each<[string, HandedDownRow, [boolean, string, number | null] | null]>([
    [
      'closed within the year',
      row({ ...from, closedAt: sh('2022-03-12T10:00:00') }),
      [true, '2022-05-01', 9],
    ],
    [
      'closed after the year ended',
      row({ ...from, closedAt: sh('2023-01-02T10:00:00') }),
      [false, '2022-05-01', 9],
    ],
    ['still open', row(from), [false, '2022-05-01', 9]],
    [
      'transferred from the city counts',
      row({ source: 'transferred', sourceLevel: 'municipal' }),
      [false, '2022-05-01', 9],
    ],
    ['a direct petition is not a system case', row({ source: 'direct' }), null],
    [
      'a district-level case is not from above',
      row({ source: 'transferred', sourceLevel: 'district' }),
      null,
    ],
    // never triaged (no handling clock, no upper deadline): registration day + 90 days, current unit
    ['never triaged: due 90 days after registration', row(from, null), [false, '2022-05-30', 7]],
    [
      'never triaged, registered in October: due next year',
      row({ ...from, registeredAt: sh('2022-10-10T09:00:00') }, null),
      null,
    ],
    // the upper office's 办理期限 wins over the handling clock
    [
      'provincial deadline in December, handling in January',
      row({ ...from, provincialDueDate: '2022-12-20' }, { dueDate: '2023-01-14', hopUnitId: 9 }),
      [false, '2022-12-20', 9],
    ],
    [
      'provincial deadline next year, handling this year',
      row({ ...from, provincialDueDate: '2023-01-05' }, { dueDate: '2022-12-20', hopUnitId: 9 }),
      null,
    ],
  ])('%s', (_, r, expected) => {
    const item = classify('systemClosureRate', r);
    if (expected === null) expect(item).toBeNull();
    else expect(item && [item.num, item.day, item.unitId]).toEqual(expected);
    expect(item?.den ?? true).toBe(true);
  });
});

describe('参评率 and 满意率: evaluations recorded in the period', () => {
  const at = sh('2022-06-01T10:00:00');
  it.each<[string | null, Date | null, [boolean, boolean] | null, [boolean, boolean] | null]>([
    ['satisfied', at, [true, true], [true, true]],
    ['basically_satisfied', at, [true, true], [true, true]],
    ['dissatisfied', at, [true, true], [false, true]],
    ['lapsed', at, [false, true], null],
    [null, null, null, null],
    ['satisfied', sh('2023-01-01T00:00:00'), null, null], // next year in Shanghai
    ['satisfied', sh('2021-12-31T23:59:59'), null, null],
    // a lapse is recorded at its window's end, 24:00 of the last day: it belongs to that day
    ['lapsed', sh('2023-01-01T00:00:00'), [false, true], null], // window ended 31 December
    ['lapsed', sh('2022-01-01T00:00:00'), null, null], // window ended 31 December 2021
  ])('%s at %s', (evaluation, evaluatedAt, participation, satisfaction) => {
    const c = aCase({ evaluation, evaluatedAt });
    const p = classify('evaluationRate', c);
    const s = classify('satisfactionRate', c);
    expect(p && [p.num, p.den]).toEqual(participation);
    expect(s && [s.num, s.den]).toEqual(satisfaction);
  });
});

describe('counts and shares over cases registered in the period', () => {
  const cases = [
    aCase({ id: 1, channel: 'online', repeat: true }),
    aCase({ id: 2, channel: 'visit', collective: true, skipLevel: true }),
    aCase({ id: 3, channel: 'letter', collective: true, skipLevel: true }),
    aCase({ id: 4, source: 'assigned', sourceLevel: 'national' }),
    aCase({ id: 5, source: 'assigned', sourceLevel: 'district' }),
    aCase({ id: 6, registeredAt: sh('2021-12-31T23:00:00') }),
    aCase({ id: 7, registeredAt: sh('2023-01-01T00:00:00') }),
  ];
  it.each([
    ['casesRegistered', 5, null],
    ['repeatRate', 1, 5],
    ['onlineShare', 1, 5],
    ['collectiveVisits', 1, null],
    ['skipLevelVisits', 1, null],
    ['assignedFromAbove', 1, null],
  ])('%s', (key, num, den) => {
    const m = metric(key);
    const f = figureOf(m, classifyAll(m, cases as never[], ctx));
    expect(f.numerator.value).toBe(num);
    expect(f.denominator?.value ?? null).toBe(den);
  });

  it('repeatRate is 20%, shown as 20%', () => {
    const m = metric('repeatRate');
    expect(figureOf(m, classifyAll(m, cases as never[], ctx))).toMatchObject({
      value: 20,
      display: '20%',
    });
  });

  it('an empty year has counts of 0 and rates of —', () => {
    expect(figureOf(metric('casesRegistered'), [])).toMatchObject({ value: 0, display: '0' });
    expect(figureOf(metric('repeatRate'), [])).toMatchObject({
      value: null,
      display: '—',
      denominator: { value: 0 },
    });
  });

  it('a case counts once per figure (件次) even if its row comes twice', () => {
    const m = metric('casesRegistered');
    expect(classifyAll(m, [cases[0], cases[0]] as never[], ctx)).toHaveLength(1);
  });

  it('groups add up to the figure, by channel and by month', () => {
    const m = metric('casesRegistered');
    const items = classifyAll(m, cases as never[], ctx);
    const byChannel = groupsOf(m, items, 'channel');
    expect(byChannel.map((g) => [g.value, g.numerator])).toEqual([
      ['letter', 1],
      ['online', 1],
      ['visit', 3],
    ]);
    expect(groupsOf(m, items, 'month')).toEqual([
      expect.objectContaining({ value: '2022-03', numerator: 5 }),
    ]);
  });
});

describe('supervision letters', () => {
  const letter = (over: Partial<LetterRow>): LetterRow => ({
    id: 1,
    unitId: 3,
    status: 'issued',
    issuedAt: sh('2022-05-06T10:00:00'),
    replyDueAt: sh('2022-05-28T00:00:00'),
    repliedAt: null,
    repliedOnTime: null,
    ...over,
  });
  it.each<[string, Partial<LetterRow>, boolean, [boolean, boolean] | null]>([
    [
      'replied on time',
      { status: 'replied', repliedAt: sh('2022-05-20T10:00:00'), repliedOnTime: true },
      true,
      [true, true],
    ],
    [
      'replied late',
      { status: 'accepted', repliedAt: sh('2022-06-02T10:00:00'), repliedOnTime: false },
      true,
      [false, true],
    ],
    ['unanswered past due', {}, true, [false, true]],
    ['unanswered, not yet due', { replyDueAt: sh('2023-02-01T00:00:00') }, true, null],
    ['voided (number kept, not counted)', { status: 'voided' }, false, null],
    ['issued the year before', { issuedAt: sh('2021-12-31T10:00:00') }, false, null],
  ])('%s', (_, over, issued, onTime) => {
    const l = letter(over);
    expect(classify('lettersIssued', l) !== null).toBe(issued);
    const item = classify('letterOnTimeReplyRate', l);
    expect(item && [item.num, item.den]).toEqual(onTime);
  });
});

describe('key matters', () => {
  const km = (over: Partial<KeyMatterRow>): KeyMatterRow => ({
    id: 1,
    sourceLevel: 'provincial',
    status: 'open',
    resolvedDate: null,
    createdAt: sh('2022-02-01T10:00:00'),
    ...over,
  });
  it.each<[string, Partial<KeyMatterRow>, boolean, [boolean, string] | null]>([
    [
      'resolved this year',
      { status: 'resolved', resolvedDate: '2022-07-01' },
      true,
      [true, '2022-07'],
    ],
    ['open', {}, false, [false, '2022-02']],
    [
      'opened last year, still open',
      { createdAt: sh('2021-05-01T10:00:00') },
      false,
      [false, '2022-01'],
    ],
    [
      'resolved last year (not in the ledger this year)',
      { status: 'resolved', resolvedDate: '2021-12-30', createdAt: sh('2021-05-01T10:00:00') },
      false,
      null,
    ],
    [
      'resolved next year (open at year end)',
      { status: 'resolved', resolvedDate: '2023-01-03' },
      false,
      [false, '2022-02'],
    ],
    ['opened next year', { createdAt: sh('2023-01-01T00:00:00') }, false, null],
    [
      'resolved in December, listed by the records in January',
      { status: 'resolved', resolvedDate: '2022-12-30', createdAt: sh('2023-01-04T09:00:00') },
      true,
      [true, '2022-12'],
    ],
    [
      'found unresolved',
      { status: 'unresolved', resolvedDate: '2022-08-01' },
      false,
      [false, '2022-02'],
    ],
  ])('%s', (_, over, resolved, rate) => {
    expect(classify('keyMattersResolved', km(over)) !== null).toBe(resolved);
    const item = classify('keyMatterResolutionRate', km(over));
    expect(item && [item.num, item.month]).toEqual(rate);
  });
});

describe('persuasion missions', () => {
  it.each<[string, boolean]>([
    ['2022-01-01', true],
    ['2022-12-31', true],
    ['2021-12-31', false],
    ['2023-01-01', false],
  ])('starting %s', (startDate, counted) => {
    const m: MissionRow = { id: 1, kind: 'away', startDate };
    expect(classify('persuasionMissions', m) !== null).toBe(counted);
  });
});

describe('复查复核 (reviewsHandled): decisions delivered in the period', () => {
  it.each<[string, Date, boolean]>([
    ['delivered at the first instant of the year', sh('2022-01-01T00:00:00'), true],
    ['delivered at 23:59 on 31 December', sh('2022-12-31T23:59:59'), true],
    ['delivered at 24:00 on 31 December (next year)', sh('2023-01-01T00:00:00'), false],
    ['delivered the year before', sh('2021-12-31T23:59:59'), false],
  ])('%s', (_name, deliveredAt, counted) => {
    const r: ReviewRow = {
      id: 7,
      kind: 're_review',
      reviewedUnitId: 3,
      channel: 'letter',
      sourceLevel: 'district',
      deliveredAt,
    };
    const item = classify('reviewsHandled', r);
    expect(item !== null).toBe(counted);
    if (item) expect(item).toMatchObject({ id: 7, num: true, den: true, unitId: 3 });
  });
});
