import { Readable } from 'node:stream';
import { AppConfig } from '@app/core';
import { ImportRunner, ImportsService } from '@app/exchange';
import {
  GROUP_DIMENSIONS,
  METRICS,
  MetricsService,
  type MetricDefinition,
  type Period,
} from '@app/metrics';
import { makeUnit } from '@app/testing';
import { createTestApp, type TestApp } from './support/test-app';

/**
 * A generated district loaded through the history import, its figures worked out by a separate,
 * simple reference below from the generated facts alone (not from the metrics code): every
 * figure of 2022 and 2023, in total, by channel and by month, and every drill-down list, equal.
 * The facts sit on the edges on purpose: registrations just after midnight and just before it
 * (Shanghai), evaluation windows ending on the last day of a month, key matters listed late on a
 * month's last evening, handed-down cases never triaged or never accepted.
 */

const DAY = 86_400_000;
/** Day `d` counted from 2021-10-01 as a date. */
const dateOf = (d: number) => new Date(Date.UTC(2021, 9, 1) + d * DAY).toISOString().slice(0, 10);
const addDays = (date: string, n: number) =>
  new Date(Date.parse(`${date}T00:00:00Z`) + n * DAY).toISOString().slice(0, 10);
const at = (date: string, hm: string) => `${date}T${hm}:00+08:00`;
const month = (date: string) => date.slice(0, 7);
const monthEnd = (date: string) => {
  const [y, m] = date.split('-').map(Number);
  return new Date(Date.UTC(y, m, 0)).toISOString().slice(0, 10);
};

function prng(seed: number) {
  let s = seed >>> 0;
  const next = () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let x = s;
    x = Math.imul(x ^ (x >>> 15), x | 1);
    x ^= x + Math.imul(x ^ (x >>> 7), x | 61);
    return ((x ^ (x >>> 14)) >>> 0) / 4294967296;
  };
  return {
    next,
    int: (lo: number, hi: number) => lo + Math.floor(next() * (hi - lo + 1)),
    pick: <T>(xs: readonly T[]): T => xs[Math.floor(next() * xs.length)],
  };
}

const SURNAMES =
  '王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤';
const CHANNELS = ['visit', 'letter', 'online', 'call'] as const;
const TIMES = ['00:05', '07:59', '09:30', '23:50'];

/** What the generator decided about one case: the facts the reference reads. */
interface CaseFact {
  ref: string;
  regDate: string;
  channel: string;
  source: string;
  level: string;
  collective: boolean;
  provincialDueDate: string | null;
  unit: string | null;
  sentDate: string | null;
  acceptedDate: string | null;
  deliveredDate: string | null;
  closedDate: string | null;
  rating: string | null;
  ratedDate: string | null;
  /** The evaluation window's last day when it lapsed (delivery + 30 days). */
  lapsedDate: string | null;
}
interface MatterFact {
  ref: string;
  level: string;
  listedDate: string;
  listedAt: string;
  resolution: { resolved: boolean; date: string } | null;
}
interface ReviewFact {
  ref: string;
  caseRef: string;
  channel: string;
  deliveredDate: string;
}
interface MissionFact {
  ref: string;
  startDate: string;
}

function generate(categoryCode: string) {
  const rnd = prng(20260118);
  const lines: object[] = [];
  const cases: CaseFact[] = [];
  const base = (ref: string) => ({
    type: 'case',
    ref,
    title: `历史信访件 ${ref}`,
    content: '历史记录中的信访事项。',
    purpose: 'complaint',
    categoryCode,
    locality: '东湖区某街道',
  });
  for (let i = 0; i < 170; i++) {
    const ref = `G-${i}`;
    // 2021-10-15 .. 2023-01-31
    const regDate = dateOf(rnd.int(14, 487));
    const channel = rnd.pick(CHANNELS);
    const fromAbove = rnd.next() < 0.5;
    const level = fromAbove ? rnd.pick(['national', 'provincial', 'municipal']) : 'district';
    const source = fromAbove ? rnd.pick(['assigned', 'transferred']) : 'direct';
    const provincialDueDate =
      fromAbove && rnd.next() < 0.5 ? addDays(regDate, rnd.int(20, 100)) : null;
    const collective = channel === 'visit' && rnd.next() < 0.3;
    const x = rnd.next();
    const stage = x < 0.1 ? 0 : x < 0.2 ? 1 : x < 0.35 ? 2 : 3;
    const f: CaseFact = {
      ref,
      regDate,
      channel,
      source,
      level,
      collective,
      provincialDueDate,
      unit: null,
      sentDate: null,
      acceptedDate: null,
      deliveredDate: null,
      closedDate: null,
      rating: null,
      ratedDate: null,
      lapsedDate: null,
    };
    const events: object[] = [];
    if (stage >= 1) {
      f.unit = rnd.pick(['G-ZJ', 'G-RS']);
      f.sentDate = addDays(regDate, rnd.int(1, 20));
      events.push({ type: 'transferred', at: at(f.sentDate, '10:00'), unit: f.unit });
    }
    if (stage >= 2) {
      f.acceptedDate = addDays(f.sentDate!, rnd.int(1, 5));
      events.push({ type: 'accepted', at: at(f.acceptedDate, '10:00') });
    }
    if (stage >= 3) {
      f.deliveredDate = addDays(f.acceptedDate!, rnd.int(20, 75));
      // some answers delivered 30 days before a month's last day: the window ends on it
      if (rnd.next() < 0.35) f.deliveredDate = addDays(monthEnd(addDays(f.acceptedDate!, 50)), -30);
      f.closedDate = addDays(f.deliveredDate, 1);
      events.push(
        {
          type: 'answered',
          at: at(f.deliveredDate, '09:00'),
          decision: 'explain',
          facts: '经调查核实，已向信访人说明有关情况。',
          basis: '《信访工作条例》',
          deliveryMethod: 'in_person',
          deliveredAt: at(f.deliveredDate, '10:00'),
        },
        { type: 'closed', at: at(f.closedDate, '10:00') },
      );
      const r = rnd.next();
      const windowEnd = addDays(f.deliveredDate, 30);
      if (r < 0.55) {
        f.rating = rnd.pick(['satisfied', 'basically_satisfied', 'dissatisfied']);
        f.ratedDate = addDays(f.deliveredDate, rnd.int(2, 29));
        events.push({ type: 'evaluated', at: at(f.ratedDate, '10:00'), evaluation: f.rating });
      } else {
        // lapsed: left to the import, or written down days after the window ended
        f.lapsedDate = windowEnd;
        if (r < 0.75) {
          events.push({
            type: 'evaluated',
            at: at(addDays(windowEnd, rnd.int(1, 6)), '10:00'),
            evaluation: 'lapsed',
          });
        }
      }
    }
    cases.push(f);
    lines.push({
      ...base(ref),
      channel,
      source,
      sourceLevel: level,
      ...(fromAbove ? { externalRef: `SX-${i}` } : {}),
      ...(provincialDueDate ? { provincialDueDate } : {}),
      registeredAt: at(regDate, rnd.pick(TIMES)),
      personCount: collective ? 6 : 1,
      petitioners: [
        {
          kind: 'person',
          name: SURNAMES[i % SURNAMES.length] + (i < SURNAMES.length ? '某' : '某某'),
        },
      ],
      events,
    });
  }

  // 复查 of answered cases, delivered through the years
  const reviews: ReviewFact[] = [];
  // (of rated cases, asked after the rating: a request does not touch the evaluation)
  const rated = cases.filter((c) => c.ratedDate && c.ratedDate <= addDays(c.deliveredDate!, 20));
  for (const c of rated.filter((_, i) => i % 3 === 0)) {
    const received = addDays(c.ratedDate!, rnd.int(1, 5));
    const delivered = addDays(received, rnd.int(10, 28));
    const r: ReviewFact = {
      ref: `R-${c.ref}`,
      caseRef: c.ref,
      channel: rnd.pick(['letter', 'visit']),
      deliveredDate: delivered,
    };
    reviews.push(r);
    lines.push({
      type: 'review',
      ref: r.ref,
      level: 'review',
      case: c.ref,
      requestedAt: at(received, '09:00'),
      receivedAt: at(received, '10:00'),
      organ: '东湖区人民政府',
      channel: r.channel,
      accepted: true,
      decision: 'upheld',
      decisionReasons: '原处理意见认定事实清楚。',
      decidedAt: at(addDays(delivered, -2), '10:00'),
      deliveredAt: at(delivered, rnd.pick(['00:05', '10:00', '23:50'])),
      deliveryMethod: 'post',
    });
  }

  // key matters listed late in the evening of a month's last day, or early on the first
  const matters: MatterFact[] = [];
  for (let i = 0; i < 40; i++) {
    // K-0: resolved on 30 December 2022, listed by the records on 4 January 2023
    const listedDate = i === 0 ? '2023-01-04' : dateOf(rnd.int(30, 470));
    const lastEvening = rnd.next() < 0.4;
    const listedAt = at(listedDate, lastEvening ? '23:40' : rnd.pick(['00:10', '09:00']));
    const y = rnd.next();
    // some resolved on days before the records list them (a ledger written up afterwards)
    const resolution =
      i === 0
        ? { resolved: true, date: '2022-12-30' }
        : y < 0.15
          ? { resolved: true, date: addDays(listedDate, -rnd.int(1, 12)) }
          : y < 0.6
            ? { resolved: true, date: addDays(listedDate, rnd.int(0, 200)) }
            : y < 0.75
              ? { resolved: false, date: addDays(listedDate, rnd.int(10, 200)) }
              : null;
    if (resolution && resolution.date > '2026-01-19') resolution.date = '2026-01-19';
    const m: MatterFact = {
      ref: `K-${i}`,
      level: rnd.pick(['district', 'municipal']),
      listedDate,
      listedAt,
      resolution,
    };
    matters.push(m);
    lines.push({
      type: 'key_matter',
      ref: m.ref,
      title: `重点事项 ${m.ref}`,
      category: 'group',
      description: '群体性信访事项。',
      sourceLevel: m.level,
      ...(m.level === 'district' ? {} : { reportDueDate: addDays(listedDate, 60) }),
      cases: [],
      leaderInCharge: '张副区长',
      taskForce: '区住建局',
      plan: '逐户核查',
      measures: '落实帮扶',
      deadline: addDays(listedDate, 90),
      listedAt,
      ...(resolution
        ? {
            resolution: {
              resolved: resolution.resolved,
              date: resolution.date,
              outcomes: resolution.resolved ? ['solved'] : [],
              evidence: '化解协议书',
            },
          }
        : {}),
    });
  }
  const missions: MissionFact[] = [];
  for (let i = 0; i < 8; i++) {
    const m = { ref: `M-${i}`, startDate: dateOf(rnd.int(50, 470)) };
    missions.push(m);
    lines.push({
      type: 'persuasion_mission',
      ref: m.ref,
      kind: 'away',
      place: `北京 ${m.ref}`,
      startDate: m.startDate,
      endDate: addDays(m.startDate, 2),
      staff: '王某、李某',
      personsPersuaded: 1,
      personsReturned: 1,
      cost: 1000,
    });
  }
  return { lines, cases, reviews, matters, missions };
}

type Facts = ReturnType<typeof generate>;
/** One item behind a figure, as the reference places it. */
interface Item {
  ref: string;
  num: boolean;
  channel: string | null;
  month: string;
}

/**
 * The reference: each figure's items in a period, from the facts alone, as the definitions read.
 * `handlingDue`: each accepted case's handling deadline (60 days from acceptance, rolled over a
 * holiday by the calendar), which the clocks compute.
 */
function reference(facts: Facts, p: Period, handlingDue: Map<string, string>) {
  const inP = (d: string | null): d is string => d !== null && d >= p.from && d <= p.to;
  const firstMonth = month(p.from);
  const out: Record<string, Item[]> = {};
  const put = (key: string, ref: string, num: boolean, channel: string | null, date: string) =>
    (out[key] ??= []).push({ ref, num, channel, month: month(date) });
  for (const c of facts.cases) {
    if (inP(c.regDate)) {
      put('casesRegistered', c.ref, true, c.channel, c.regDate);
      put('onlineShare', c.ref, c.channel === 'online', c.channel, c.regDate);
      put('repeatRate', c.ref, false, c.channel, c.regDate);
      if (c.source === 'assigned') put('assignedFromAbove', c.ref, true, c.channel, c.regDate);
      if (c.collective) put('collectiveVisits', c.ref, true, c.channel, c.regDate);
    }
    const triageDue = addDays(c.regDate, 15);
    if (inP(triageDue)) {
      put(
        'timelyTriageRate',
        c.ref,
        c.sentDate !== null && c.sentDate <= triageDue,
        c.channel,
        triageDue,
      );
    }
    const due = handlingDue.get(c.ref) ?? null;
    if (inP(due)) {
      put(
        'onTimeAnswerRate',
        c.ref,
        c.deliveredDate !== null && c.deliveredDate <= due,
        c.channel,
        due,
      );
    }
    if (c.source !== 'direct') {
      const deadline = c.provincialDueDate ?? due ?? addDays(c.regDate, 90);
      if (inP(deadline)) {
        put(
          'systemClosureRate',
          c.ref,
          c.closedDate !== null && c.closedDate <= p.to,
          c.channel,
          deadline,
        );
      }
    }
    const evaluated = c.ratedDate ?? c.lapsedDate;
    if (inP(evaluated)) put('evaluationRate', c.ref, c.rating !== null, c.channel, evaluated);
    if (inP(c.ratedDate)) {
      put('satisfactionRate', c.ref, c.rating !== 'dissatisfied', c.channel, c.ratedDate);
    }
  }
  for (const r of facts.reviews) {
    if (inP(r.deliveredDate)) put('reviewsHandled', r.ref, true, r.channel, r.deliveredDate);
  }
  for (const m of facts.matters) {
    const res = m.resolution;
    if (res?.resolved && inP(res.date)) put('keyMattersResolved', m.ref, true, null, res.date);
    const resolvedIn = res?.resolved === true && inP(res.date);
    if (m.listedDate > p.to && !resolvedIn) continue;
    if (res?.resolved && res.date < p.from) continue;
    const listedMonth = month(m.listedDate) < firstMonth ? p.from : m.listedDate;
    put('keyMatterResolutionRate', m.ref, resolvedIn, null, resolvedIn ? res.date : listedMonth);
  }
  for (const m of facts.missions) {
    if (inP(m.startDate)) put('persuasionMissions', m.ref, true, null, m.startDate);
  }
  return out;
}

/** A figure's parts in total and by a group, from its items. */
function partsOf(items: Item[], by?: 'channel' | 'month') {
  const groups = new Map<string | null, [number, number]>();
  for (const i of items) {
    const g = by ? i[by] : null;
    const v = groups.get(g) ?? [0, 0];
    v[0] += i.num ? 1 : 0;
    v[1] += 1;
    groups.set(g, v);
  }
  return [...groups.entries()].sort(([a], [b]) => String(a).localeCompare(String(b)));
}

describe('the figures against a reference computed from generated facts (e2e)', () => {
  let t: TestApp;
  let facts: Facts;
  const idOf = new Map<string, number>();
  const handlingDue = new Map<string, string>();

  beforeAll(async () => {
    t = await createTestApp();
    t.clock.set(new Date('2026-01-20T02:00:00Z'));
    await makeUnit(t.app, { code: 'G-ZJ', name: '区住房和城乡建设局' });
    await makeUnit(t.app, { code: 'G-RS', name: '区人力资源和社会保障局' });
    const [{ code }] = await t.db.query<{ code: string }[]>(
      'SELECT code FROM categories WHERE level = 3 AND active = 1 ORDER BY code LIMIT 1',
    );
    facts = generate(code);
    const { userId } = await t.tokenFor('supervisor');
    const actor = { id: userId, username: 'supervisor', role: 'supervisor' as const, unitId: null };
    const file = Buffer.from(facts.lines.map((l) => `${JSON.stringify(l)}\n`).join(''));
    const imports = t.app.get(ImportsService);
    const job = await imports.accept(
      'history',
      { filename: 'generated.jsonl', stream: Readable.from([file]), truncated: () => false },
      t.app.get(AppConfig).storage.importMaxBytes,
      actor,
    );
    await t.app.get(ImportRunner).run(job.id);
    const done = await imports.get(job.id);
    expect({ status: done.status, errors: done.errorRows }).toEqual({ status: 'done', errors: 0 });

    for (const r of await t.db.query<{ id: number; title: string }[]>(
      "SELECT id, title FROM cases WHERE title LIKE '历史信访件 %'",
    )) {
      idOf.set(`case:${r.title.slice(6)}`, Number(r.id));
    }
    for (const r of await t.db.query<{ id: number; title: string }[]>(
      'SELECT r.case_id AS id, o.title FROM case_reviews r JOIN cases o ON o.id = r.original_case_id',
    )) {
      idOf.set(`case:R-${r.title.slice(6)}`, Number(r.id));
    }
    for (const r of await t.db.query<{ id: number; title: string }[]>(
      'SELECT id, title FROM key_matters',
    )) {
      idOf.set(`key_matter:${r.title.slice(5)}`, Number(r.id));
    }
    for (const r of await t.db.query<{ id: number; place: string }[]>(
      'SELECT id, place FROM persuasion_missions',
    )) {
      idOf.set(`mission:${r.place.slice(3)}`, Number(r.id));
    }
    // the handling deadlines the clocks computed (60 days from acceptance, holidays rolled over)
    for (const r of await t.db.query<{ title: string; due: string }[]>(
      `SELECT c.title, DATE_FORMAT(k.due_date, '%Y-%m-%d') AS due FROM clocks k
         JOIN cases c ON c.id = k.case_id WHERE k.kind = 'handling'`,
    )) {
      handlingDue.set(r.title.slice(6), r.due);
    }
    for (const c of facts.cases.filter((f) => f.acceptedDate)) {
      const due = handlingDue.get(c.ref)!;
      // the calendar may roll a last day over a holiday, never by more than the 国庆 week
      expect(due >= addDays(c.acceptedDate!, 60) && due <= addDays(c.acceptedDate!, 68)).toBe(true);
    }
  }, 300_000);
  afterAll(() => t.close());

  const PERIODS: Period[] = [
    { from: '2022-01-01', to: '2022-12-31' },
    { from: '2023-01-01', to: '2023-12-31' },
  ];

  it('the generated facts reach every edge the figures must get right', () => {
    const y22 = reference(facts, PERIODS[0], handlingDue);
    const never = facts.cases.filter((c) => c.source !== 'direct' && !c.acceptedDate);
    expect(never.filter((c) => !c.sentDate).length).toBeGreaterThan(3); // never triaged
    expect(never.filter((c) => c.sentDate).length).toBeGreaterThan(3); // never accepted
    expect(facts.cases.some((c) => c.lapsedDate === '2022-12-31')).toBe(true);
    expect(
      facts.cases.filter((c) => c.lapsedDate && c.lapsedDate === monthEnd(c.lapsedDate)).length,
    ).toBeGreaterThan(5);
    expect(facts.matters.filter((m) => m.listedAt.includes('T23:40')).length).toBeGreaterThan(5);
    // resolved in a month before the one the records list it in
    expect(
      facts.matters.filter(
        (m) => m.resolution?.resolved && month(m.resolution.date) < month(m.listedDate),
      ).length,
    ).toBeGreaterThan(0);
    for (const key of [
      'casesRegistered',
      'timelyTriageRate',
      'onTimeAnswerRate',
      'systemClosureRate',
      'evaluationRate',
      'satisfactionRate',
      'reviewsHandled',
      'keyMattersResolved',
      'keyMatterResolutionRate',
      'persuasionMissions',
    ]) {
      const items = y22[key] ?? [];
      expect({ key, some: items.length > 3 }).toEqual({ key, some: true });
    }
    expect(y22.systemClosureRate.some((i) => !i.num)).toBe(true);
  });

  it('every figure, in total, by channel and by month, equals the reference', async () => {
    const metrics = t.app.get(MetricsService);
    for (const period of PERIODS) {
      const expected = reference(facts, period, handlingDue);
      for (const by of [undefined, 'channel', 'month'] as const) {
        const got = await metrics.figures(period, by);
        for (const f of got.figures) {
          const items = expected[f.key] ?? [];
          const want = partsOf(items, by).map(([g, [num, den]]) => [
            g,
            num,
            f.kind === 'rate' ? den : null,
          ]);
          const have = by
            ? (
                f as {
                  groups?: { value: unknown; numerator: number; denominator: number | null }[];
                }
              )
                .groups!.map((g) => [g.value, g.numerator, g.denominator])
                .sort(([a], [b]) => String(a).localeCompare(String(b)))
            : items.length || f.numerator.value
              ? [[null, f.numerator.value, f.denominator?.value ?? null]]
              : [];
          expect({ key: f.key, period: period.from, by, groups: have }).toEqual({
            key: f.key,
            period: period.from,
            by,
            groups: want,
          });
        }
      }
    }
  }, 120_000);

  it('every drill-down list equals the reference items', async () => {
    const metrics = t.app.get(MetricsService);
    for (const period of PERIODS) {
      const expected = reference(facts, period, handlingDue);
      for (const m of METRICS as readonly MetricDefinition[]) {
        const items = expected[m.key] ?? [];
        const parts =
          m.kind === 'rate' ? (['numerator', 'denominator'] as const) : (['numerator'] as const);
        for (const part of parts) {
          const want = items
            .filter((i) => part === 'denominator' || i.num)
            .map((i) => idOf.get(`${m.itemType}:${i.ref}`))
            .sort((a, b) => a! - b!);
          const have: number[] = [];
          let cursor: number | undefined;
          for (;;) {
            const page = await metrics.items(m.key, period, { part, cursor, limit: 40 });
            have.push(...page.items.map((i) => Number(i.id)));
            if (page.nextCursor === null) break;
            cursor = page.nextCursor;
          }
          expect({ key: m.key, period: period.from, part, ids: have }).toEqual({
            key: m.key,
            period: period.from,
            part,
            ids: want,
          });
        }
      }
    }
  }, 120_000);

  it('the figures are the same from the summaries, from the raw rows and after a rebuild', async () => {
    const metrics = t.app.get(MetricsService);
    const before = [];
    for (const period of PERIODS) {
      for (const by of [undefined, ...GROUP_DIMENSIONS]) {
        const f = await metrics.figures(period, by);
        expect(f).toEqual(await metrics.rawFigures(period, by));
        before.push(f);
      }
    }
    for (const year of [2021, 2022, 2023, 2024]) await metrics.rebuild(year, true);
    const after = [];
    for (const period of PERIODS) {
      for (const by of [undefined, ...GROUP_DIMENSIONS])
        after.push(await metrics.figures(period, by));
    }
    expect(after).toEqual(before);
  }, 120_000);
});
