import { CHANNEL_LABELS, COLLECTIVE_MIN_PERSONS, type Channel } from '@app/cases';
import { dayOf, inPeriod, instantInPeriod, monthOf, type Period } from './metric-math';
import {
  HANDED_DOWN_STATUTORY_DAYS,
  evaluationDay,
  handedDownDeadline,
  type CaseClockRow,
  type CaseRow,
  type SourceName,
  type SourceRows,
} from './metric-sources';

export type ItemType = 'case' | 'letter' | 'key_matter' | 'mission';
export const GROUP_DIMENSIONS = ['unit', 'channel', 'sourceLevel', 'month'] as const;
export type GroupDimension = (typeof GROUP_DIMENSIONS)[number];

/** One thing behind a figure, with where it falls in each breakdown. */
export interface MetricItem {
  id: number;
  /** Counted in the numerator (for a count: counted at all). */
  num: boolean;
  /** Counted in the denominator (a count's items are all in it). */
  den: boolean;
  unitId: number | null;
  channel: string | null;
  sourceLevel: string | null;
  month: string;
  /** The Shanghai day that places the item in a period (its month is this day's, but see below). */
  day: string;
}

export interface MetricContext {
  period: Period;
  fromAt: Date;
  toAt: Date;
  /** The time the figures are computed at: open clocks are overdue or not as of now. */
  now: Date;
}

export interface MetricDefinition<S extends SourceName = SourceName> {
  key: string;
  label: string;
  /** The definition a reader of the report sees (DESIGN §5). */
  definition: string;
  kind: 'count' | 'rate';
  itemType: ItemType;
  /** 件, 份, 次 for counts. */
  unit: string;
  numeratorLabel: string;
  denominatorLabel: string | null;
  source: S;
  /** Where the row falls: null when it is not in the figure's population at all. */
  classify(row: SourceRows[S], ctx: MetricContext): MetricItem | null;
  /**
   * For a figure whose population depends on "now": the instant from which this row counts (it
   * is left out before it), or null when it counts regardless. The summaries keep such items
   * aside and count them at query time.
   */
  countsFrom?(row: SourceRows[S]): Date | null;
  /**
   * For a figure whose numerator depends on the period's end: the instant the row enters the
   * numerator (it is in the numerator of a period ending after it).
   */
  numeratorFrom?(row: SourceRows[S]): Date | null;
  /**
   * Computed from raw rows each time instead of from the summaries: where the population depends
   * on the period's start as well (a stock, not a flow), or the table is small (key matters,
   * missions: hundreds a year).
   */
  live?: true;
}

const defineMetric = <S extends SourceName>(d: MetricDefinition<S>): MetricDefinition<S> => d;

const FROM_ABOVE_LEVELS = ['national', 'provincial', 'municipal'];

function caseItem(c: CaseRow, num: boolean, den: boolean, day: string): MetricItem {
  return {
    id: c.id,
    num,
    den,
    unitId: c.unitId,
    channel: c.channel,
    sourceLevel: c.sourceLevel,
    month: day.slice(0, 7),
    day,
  };
}

/** A count over cases registered in the period that pass `test`. */
function registeredCount(
  key: string,
  label: string,
  definition: string,
  test: (c: CaseRow) => boolean,
): MetricDefinition<'registeredCases'> {
  return defineMetric({
    key,
    label,
    definition,
    kind: 'count',
    itemType: 'case',
    unit: '件',
    numeratorLabel: label,
    denominatorLabel: null,
    source: 'registeredCases',
    classify: (c, ctx) =>
      instantInPeriod(c.registeredAt, ctx.fromAt, ctx.toAt) && test(c)
        ? caseItem(c, true, true, dayOf(c.registeredAt))
        : null,
  });
}

/** Met on time: the clock was satisfied by its due time (24:00 of its last day). */
const metOnTime = (k: CaseClockRow['clock']) =>
  k.status === 'satisfied' && k.endedAt !== null && k.endedAt.getTime() <= k.dueAt.getTime();

/**
 * Every figure of DESIGN §5. A new figure is one entry here (and, for a new table, one source in
 * the repository); the API, breakdowns, drill-down and snapshots pick it up from the list.
 */
export const METRICS = [
  defineMetric({
    key: 'systemClosureRate',
    label: '系统交转办信访件办结率',
    definition:
      '分母：上级（国家、省、市）信访部门转送、交办的信访件中，办理期限在统计期内届满的件数，不论其状态（未转送交办、已转送未签收、办理中、已办结均计入）。' +
      '办理期限：上级载明办理期限的，以该日期为准；未载明的，以承办单位办理期限（含延期）届满日为准；两者均无的（未转送交办，或已转送未签收受理），' +
      `以登记之日起 ${HANDED_DOWN_STATUTORY_DAYS} 日（受理 15 日、签收 15 日、办理 60 日）届满日为准。` +
      '按该日期计入统计期与月份。分子：分母中在统计期结束（末日 24 时）前已办结的件数。按办理期限所在环节的承办单位分组，未签收受理的按当前责任单位。',
    kind: 'rate',
    itemType: 'case',
    unit: '%',
    numeratorLabel: '已办结件数',
    denominatorLabel: '应办结件数',
    source: 'handedDownCases',
    classify: (r, ctx) => {
      const c = r.case;
      if (c.source === 'direct' || !FROM_ABOVE_LEVELS.includes(c.sourceLevel)) return null;
      const due = handedDownDeadline(r);
      if (!inPeriod(due, ctx.period)) return null;
      const closed = c.closedAt !== null && c.closedAt.getTime() < ctx.toAt.getTime();
      return {
        ...caseItem(c, closed, true, due),
        unitId: r.handling ? r.handling.hopUnitId : c.unitId,
      };
    },
    numeratorFrom: ({ case: c }) => c.closedAt,
  }),
  defineMetric({
    key: 'timelyTriageRate',
    label: '及时受理率',
    definition:
      '分母：初次信访件（重件不计）中，受理期限（登记之日起 15 日，末日 24 时届满）在统计期内届满的件数，按期限届满日计入统计期：期限内处理、逾期处理和逾期仍未处理的都计入，期限未到且尚未处理的不计入。' +
      '分子：其中在期限届满前作出处理（转送、交办、移交或不予受理）的件数。由本局负责，不按单位分组。',
    kind: 'rate',
    itemType: 'case',
    unit: '%',
    numeratorLabel: '按时受理件数',
    denominatorLabel: '应受理件数',
    source: 'triageClocks',
    classify: ({ case: c, clock: k }, ctx) => {
      if (c.repeat || k.status === 'cancelled' || !inPeriod(k.dueDate, ctx.period)) return null;
      if (k.status === 'running' && k.dueAt.getTime() > ctx.now.getTime()) return null;
      return { ...caseItem(c, metOnTime(k), true, dayOf(k.dueDate)), unitId: null };
    },
    countsFrom: ({ clock: k }) => (k.status === 'running' ? k.dueAt : null),
  }),
  defineMetric({
    key: 'onTimeAnswerRate',
    label: '按期办结率',
    definition:
      '分母：办理期限（受理之日起 60 日，含延期，末日 24 时届满；取最近一次未撤销的办理期限）在统计期内届满的信访件数，按期限届满日计入统计期：按期答复、逾期答复、在办未到期、在办已逾期的都计入。' +
      '分子：其中在期限届满前送达答复的件数。按该办理期限所在环节的承办单位分组。',
    kind: 'rate',
    itemType: 'case',
    unit: '%',
    numeratorLabel: '按期答复件数',
    denominatorLabel: '期限届满件数',
    source: 'handlingClocks',
    classify: ({ case: c, clock: k }, ctx) => {
      if (!inPeriod(k.dueDate, ctx.period)) return null;
      return { ...caseItem(c, metOnTime(k), true, dayOf(k.dueDate)), unitId: k.hopUnitId };
    },
  }),
  defineMetric({
    key: 'evaluationRate',
    label: '参评率',
    definition:
      '分母：统计期内作出评价（满意、基本满意、不满意，按评价日期计）或评价期限届满未评价（超期未评价，按评价期限末日计：期限于末日 24 时届满，计入末日）的信访件数。分子：其中信访人作出评价的件数。',
    kind: 'rate',
    itemType: 'case',
    unit: '%',
    numeratorLabel: '已评价件数',
    denominatorLabel: '已评价与超期未评价件数',
    source: 'evaluatedCases',
    classify: (c, ctx) => {
      const day = evaluationDay(c);
      if (!day || !inPeriod(day, ctx.period)) return null;
      return caseItem(c, c.evaluation !== 'lapsed', true, day);
    },
  }),
  defineMetric({
    key: 'satisfactionRate',
    label: '满意率',
    definition:
      '分母：统计期内信访人作出评价（满意、基本满意、不满意）的信访件数，按评价日期计入统计期；超期未评价的不计入。分子：其中评价为满意或基本满意的件数。',
    kind: 'rate',
    itemType: 'case',
    unit: '%',
    numeratorLabel: '满意和基本满意件数',
    denominatorLabel: '已评价件数',
    source: 'evaluatedCases',
    classify: (c, ctx) => {
      if (!c.evaluation || !c.evaluatedAt || c.evaluation === 'lapsed') return null;
      if (!instantInPeriod(c.evaluatedAt, ctx.fromAt, ctx.toAt)) return null;
      const pleased = c.evaluation === 'satisfied' || c.evaluation === 'basically_satisfied';
      return caseItem(c, pleased, true, dayOf(c.evaluatedAt));
    },
  }),
  defineMetric({
    key: 'repeatRate',
    label: '重复信访率',
    definition:
      '分母：统计期内登记的信访件数，按登记日期计入统计期（复查、复核申请不计）。分子：其中重件（同一信访人就同一事项再次信访）的件数。',
    kind: 'rate',
    itemType: 'case',
    unit: '%',
    numeratorLabel: '重件件数',
    denominatorLabel: '登记件数',
    source: 'registeredCases',
    classify: (c, ctx) =>
      instantInPeriod(c.registeredAt, ctx.fromAt, ctx.toAt)
        ? caseItem(c, c.repeat, true, dayOf(c.registeredAt))
        : null,
  }),
  defineMetric({
    key: 'onlineShare',
    label: '网信占比',
    definition:
      '分母：统计期内登记的信访件数，按登记日期计入统计期（复查、复核申请不计）。分子：其中经网上信访（网信）渠道提出的件数。',
    kind: 'rate',
    itemType: 'case',
    unit: '%',
    numeratorLabel: '网信件数',
    denominatorLabel: '登记件数',
    source: 'registeredCases',
    classify: (c, ctx) =>
      instantInPeriod(c.registeredAt, ctx.fromAt, ctx.toAt)
        ? caseItem(c, c.channel === 'online', true, dayOf(c.registeredAt))
        : null,
  }),
  registeredCount(
    'casesRegistered',
    '信访总量',
    `计数：统计期内登记的信访件数（件次），按登记日期计入统计期（复查、复核申请不计），可按渠道（${Object.values(CHANNEL_LABELS).join('、')}）分组。`,
    () => true,
  ),
  registeredCount(
    'assignedFromAbove',
    '上级交办信访件',
    '计数：统计期内登记的、由国家、省、市信访部门交办的信访件数（转送件不计），按登记日期计入统计期，可按交办层级分组。',
    (c) => c.source === 'assigned' && FROM_ABOVE_LEVELS.includes(c.sourceLevel),
  ),
  registeredCount(
    'collectiveVisits',
    '集体访',
    `计数：统计期内登记的来访件中，来访人数在 ${COLLECTIVE_MIN_PERSONS} 人以上（含）的件数，按登记日期计入统计期。`,
    (c) => c.channel === ('visit' satisfies Channel) && c.collective,
  ),
  registeredCount(
    'skipLevelVisits',
    '越级访',
    '计数：统计期内登记的来访件中，标记为越级上访的件数，按登记日期计入统计期。',
    (c) => c.channel === ('visit' satisfies Channel) && c.skipLevel,
  ),
  defineMetric({
    key: 'reviewsHandled',
    label: '复查复核',
    definition:
      '计数：统计期内送达复查意见或复核意见的复查、复核件数，按意见送达日期计入统计期（复查与复核各计一件；申请未受理的不计）。按被复查（复核）的原信访件的责任单位分组，即其处理意见受到复查的单位。',
    kind: 'count',
    itemType: 'case',
    unit: '件',
    numeratorLabel: '办理件数',
    denominatorLabel: null,
    source: 'reviewDecisions',
    classify: (r, ctx) =>
      instantInPeriod(r.deliveredAt, ctx.fromAt, ctx.toAt)
        ? {
            id: r.id,
            num: true,
            den: true,
            unitId: r.reviewedUnitId,
            channel: r.channel,
            sourceLevel: r.sourceLevel,
            month: monthOf(r.deliveredAt),
            day: dayOf(r.deliveredAt),
          }
        : null,
  }),
  defineMetric({
    key: 'lettersIssued',
    label: '发出督办函',
    definition:
      '计数：统计期内发出的督办函份数，按发函日期计入统计期（已作废的不计，其文号仍保留）。',
    kind: 'count',
    itemType: 'letter',
    unit: '份',
    numeratorLabel: '发出份数',
    denominatorLabel: null,
    source: 'letters',
    classify: (l, ctx) =>
      l.status !== 'voided' && instantInPeriod(l.issuedAt, ctx.fromAt, ctx.toAt)
        ? {
            id: l.id,
            num: true,
            den: true,
            unitId: l.unitId,
            channel: null,
            sourceLevel: null,
            month: monthOf(l.issuedAt),
            day: dayOf(l.issuedAt),
          }
        : null,
  }),
  defineMetric({
    key: 'letterOnTimeReplyRate',
    label: '督办函按时回复率',
    definition:
      '分母：统计期内发出的督办函（按发函日期计入统计期，已作废的不计）中，已回复或回复期限（末日 24 时届满）已过的份数；未回复且期限未到的不计入。分子：其中在回复期限内回复的份数。',
    kind: 'rate',
    itemType: 'letter',
    unit: '%',
    numeratorLabel: '按时回复份数',
    denominatorLabel: '应回复份数',
    source: 'letters',
    classify: (l, ctx) => {
      if (l.status === 'voided' || !instantInPeriod(l.issuedAt, ctx.fromAt, ctx.toAt)) return null;
      const due = l.replyDueAt.getTime() <= ctx.now.getTime();
      if (!l.repliedAt && !due) return null;
      return {
        id: l.id,
        num: l.repliedAt !== null && l.repliedOnTime === true,
        den: true,
        unitId: l.unitId,
        channel: null,
        sourceLevel: null,
        month: monthOf(l.issuedAt),
        day: dayOf(l.issuedAt),
      };
    },
    countsFrom: (l) => (l.repliedAt ? null : l.replyDueAt),
  }),
  defineMetric({
    key: 'keyMattersResolved',
    label: '化解重点信访事项',
    definition:
      '计数：统计期内认定化解的重点信访事项件数，按认定化解的日期计入统计期与月份，不论列入台账的日期（认定未化解的不计）。',
    kind: 'count',
    itemType: 'key_matter',
    unit: '件',
    numeratorLabel: '化解件数',
    denominatorLabel: null,
    source: 'keyMatters',
    live: true,
    classify: (k, ctx) =>
      k.status === 'resolved' && k.resolvedDate && inPeriod(k.resolvedDate, ctx.period)
        ? {
            id: k.id,
            num: true,
            den: true,
            unitId: null,
            channel: null,
            sourceLevel: k.sourceLevel,
            month: monthOf(k.resolvedDate),
            day: dayOf(k.resolvedDate),
          }
        : null,
  }),
  defineMetric({
    key: 'keyMatterResolutionRate',
    label: '重点信访事项化解率',
    definition:
      '分母：统计期结束前列入台账（或在统计期内认定化解，不论列入台账的日期）、且未在统计期开始前认定化解的重点信访事项件数（在账件数）。分子：其中在统计期内认定化解的件数，按化解日期，与“化解重点信访事项”相同。' +
      '按月分组时，化解的计入化解月份，未化解的计入列入台账月份（早于统计期的计入首月）。',
    kind: 'rate',
    itemType: 'key_matter',
    unit: '%',
    numeratorLabel: '化解件数',
    denominatorLabel: '在账件数',
    source: 'keyMatters',
    live: true,
    classify: (k, ctx) => {
      const resolved =
        k.status === 'resolved' && k.resolvedDate !== null && inPeriod(k.resolvedDate, ctx.period);
      // resolved in the period: in the ledger then, whenever the records list it
      if (k.createdAt.getTime() >= ctx.toAt.getTime() && !resolved) return null;
      if (k.status === 'resolved' && k.resolvedDate && k.resolvedDate < ctx.period.from)
        return null;
      const entered = monthOf(k.createdAt);
      const firstMonth = ctx.period.from.slice(0, 7);
      return {
        id: k.id,
        num: resolved,
        den: true,
        unitId: null,
        channel: null,
        sourceLevel: k.sourceLevel,
        month: resolved ? monthOf(k.resolvedDate!) : entered < firstMonth ? firstMonth : entered,
        day: resolved ? k.resolvedDate! : dayOf(k.createdAt),
      };
    },
  }),
  defineMetric({
    key: 'persuasionMissions',
    label: '驻点及赴外劝返',
    definition: '计数：统计期内开始的驻点、赴外劝返任务次数，按任务开始日期计入统计期。',
    kind: 'count',
    itemType: 'mission',
    unit: '次',
    numeratorLabel: '任务次数',
    denominatorLabel: null,
    source: 'missions',
    live: true,
    classify: (m, ctx) =>
      inPeriod(m.startDate, ctx.period)
        ? {
            id: m.id,
            num: true,
            den: true,
            unitId: null,
            channel: null,
            sourceLevel: null,
            month: monthOf(m.startDate),
            day: dayOf(m.startDate),
          }
        : null,
  }),
] as const satisfies readonly MetricDefinition[];

export type MetricKey = (typeof METRICS)[number]['key'];
export const METRIC_KEYS = METRICS.map((m) => m.key) as readonly MetricKey[];

export function findMetric(key: string): MetricDefinition | undefined {
  return (METRICS as readonly MetricDefinition[]).find((m) => m.key === key);
}

/** The items of one figure from its source rows, in id order. */
export function classifyAll<S extends SourceName>(
  metric: MetricDefinition<S>,
  rows: readonly SourceRows[S][],
  ctx: MetricContext,
): MetricItem[] {
  const items: MetricItem[] = [];
  const seen = new Set<number>();
  for (const row of rows) {
    const item = metric.classify(row, ctx);
    // 件次: a case (letter, matter) counts once per figure.
    if (item && !seen.has(item.id)) {
      seen.add(item.id);
      items.push(item);
    }
  }
  return items.sort((a, b) => a.id - b.id);
}
