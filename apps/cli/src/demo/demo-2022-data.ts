/**
 * The 2022 demo history of a fictional district (东湖区): a JSON Lines file in the history-import
 * format (docs/import-format.md) whose year-end figures are those of the reference self-evaluation
 * (系统交转办信访件办结率 100%, 复查复核 37 件, 化解重点信访事项 319 件, 督办函 226 份), plus a realistic
 * volume of ordinary cases. Deterministic for a seed; every person, unit and place is generated
 * (姓 + 某/某某, no ID numbers, no phone numbers).
 */

/** The fictional district's units (codes of this system's units; created by the demo if absent). */
export const DEMO_UNITS = [
  { code: 'DH-ZJ', name: '东湖区住房和城乡建设局' },
  { code: 'DH-RS', name: '东湖区人力资源和社会保障局' },
  { code: 'DH-GT', name: '东湖区规划和自然资源分局' },
  { code: 'DH-SC', name: '东湖区市场监督管理局' },
  { code: 'DH-CG', name: '东湖区城市管理和综合执法局' },
  { code: 'DH-JY', name: '东湖区教育局' },
  { code: 'DH-WJ', name: '东湖区卫生健康局' },
  { code: 'DH-HX', name: '东湖区湖心街道办事处' },
  { code: 'DH-BA', name: '东湖区北岸街道办事处' },
  { code: 'DH-NY', name: '东湖区南苑街道办事处' },
] as const;

/** The reference's figures, and how the demo builds them. */
export const DEMO_2022 = {
  year: 2022,
  reviews: 33,
  reReviews: 4,
  /** 复查复核 handled in 2022 = reviews + reReviews (each decision delivered in 2022). */
  reviewsHandled: 37,
  keyMattersResolved: 319,
  keyMattersOpen: 14,
  lettersIssued: 226,
  refusedReviews: 2,
  missions: 6,
  ordinaryCases: 2400,
} as const;

const SURNAMES =
  '王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤';
const STREETS = ['湖心街道', '北岸街道', '南苑街道', '滨江街道', '青松街道', '东门街道'];
const SUBJECTS: [string, string][] = [
  ['反映小区电梯长期故障', '小区电梯多次停运，物业未及时维修，影响老人出行。'],
  ['反映拖欠工资', '工地完工后仍被拖欠数月工资，多次讨要未果。'],
  ['反映噪音扰民', '夜间施工噪音严重，影响周边居民休息。'],
  ['反映物业服务质量差', '小区物业收费后服务不到位，公共区域卫生差。'],
  ['反映学位分配问题', '子女入学学位分配与政策不符，请求核查。'],
  ['反映占道经营', '路口长期占道经营，影响通行安全。'],
  ['反映房屋漏水', '楼上住户房屋漏水多次协商未果，请求协调。'],
  ['反映社保缴费问题', '单位未按规定缴纳社会保险，请求督促补缴。'],
  ['反映旧楼加装电梯', '加装电梯意见不一，请求组织协商。'],
  ['反映食品安全问题', '某小吃店卫生条件差，请求检查。'],
  ['反映医疗服务问题', '就医过程中对收费有疑问，请求解释。'],
  ['反映违法建设', '邻居在天台搭建构筑物，请求依法处理。'],
];
const CHANNELS = ['visit', 'letter', 'call', 'online', 'online', 'online'];
const LEVELS = ['national', 'provincial', 'provincial', 'municipal', 'municipal', 'municipal'];

/** mulberry32: a small seeded generator, so the same seed gives the same file. */
function random(seed: number) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return {
    next,
    int: (lo: number, hi: number) => lo + Math.floor(next() * (hi - lo + 1)),
    pick: <T>(xs: readonly T[]): T => xs[Math.floor(next() * xs.length)],
  };
}

const DAY_MS = 86_400_000;
const JAN1 = Date.UTC(2022, 0, 1);
/** Day `d` of 2022 (0 = 1 January) as a date. */
const dateOf = (d: number) => new Date(JAN1 + d * DAY_MS).toISOString().slice(0, 10);
/** Day `d` of 2022 at `hour`:`min` in Shanghai, with its offset. */
const at = (d: number, hour = 9, min = 0) =>
  `${dateOf(d)}T${String(hour).padStart(2, '0')}:${String(min).padStart(2, '0')}:00+08:00`;
const pad = (n: number, w: number) => String(n).padStart(w, '0');

export interface DemoOptions {
  seed?: number;
  ordinaryCases?: number;
  /** Active third-level category codes to file cases under (from `GET /categories`). */
  categoryCodes: readonly string[];
}

interface CaseFacts {
  ref: string;
  unit: string;
  acceptedDay: number;
}

/** The demo file, line by line (cases first, then what cites them). */
export function* demo2022Lines(opts: DemoOptions): Generator<string> {
  const rnd = random(opts.seed ?? 2022);
  const count = opts.ordinaryCases ?? DEMO_2022.ordinaryCases;
  const categories = [...opts.categoryCodes].sort();
  if (categories.length === 0) throw new Error('no active third-level categories');
  const name = () => rnd.pick([...SURNAMES]) + (rnd.next() < 0.5 ? '某' : '某某');
  const line = (r: object) => JSON.stringify(r);
  const handled: CaseFacts[] = [];

  const caseBase = (ref: string, registeredDay: number) => {
    const [title, content] = rnd.pick(SUBJECTS);
    const persons = rnd.next() < 0.04 ? rnd.int(5, 12) : 1;
    return {
      type: 'case',
      ref,
      registeredAt: at(registeredDay, rnd.int(8, 16), rnd.int(0, 59)),
      title,
      content,
      purpose: rnd.pick(['complaint', 'complaint', 'complaint', 'suggestion', 'other']),
      categoryCode: rnd.pick(categories),
      locality: `东湖区${rnd.pick(STREETS)}`,
      personCount: persons,
      petitioners: [{ kind: 'person', name: name() }],
    };
  };

  /** A handled case's events from hand-over to rating; all on time, rated mostly satisfied. */
  const handling = (
    reg: number,
    unit: string,
    assigned: boolean,
    rating: 'satisfied' | 'basically_satisfied' | 'dissatisfied' | null,
  ) => {
    const sent = reg + rnd.int(1, 5);
    const accepted = sent + rnd.int(1, 3);
    const answered = accepted + rnd.int(12, 40);
    const delivered = answered + 1;
    const events: object[] = [
      assigned
        ? {
            type: 'assigned',
            at: at(sent, 10),
            unit,
            reportDueDate: dateOf(accepted + 55),
          }
        : { type: 'transferred', at: at(sent, 10), unit },
      { type: 'accepted', at: at(accepted, 10) },
      {
        type: 'answered',
        at: at(answered, 10),
        decision: rnd.pick(['support', 'explain', 'explain', 'reject']),
        facts: '经调查核实，已向信访人说明有关情况。',
        basis: '《信访工作条例》及相关政策规定',
        deliveryMethod: rnd.pick(['in_person', 'post', 'online', 'sms']),
        deliveredAt: at(delivered, 10),
      },
    ];
    let last = delivered;
    if (assigned) {
      events.push({ type: 'reported', at: at(delivered, 15), report: '已办结并答复信访人。' });
    }
    events.push({ type: 'closed', at: at(last + 1, 10) });
    last += 1;
    if (rating) {
      events.push({ type: 'evaluated', at: at(last + 2, 10), evaluation: rating });
      last += 2;
    }
    return { events, acceptedDay: accepted, deliveredDay: delivered, lastDay: last };
  };
  const rating = () => {
    const x = rnd.next();
    return x < 0.72 ? 'satisfied' : x < 0.96 ? 'basically_satisfied' : 'dissatisfied';
  };

  // Ordinary cases: half from the district itself, the rest handed down from above (all of those
  // closed in time, so 系统交转办信访件办结率 is 100%).
  for (let i = 1; i <= count; i++) {
    const ref = `DH2022-${pad(i, 5)}`;
    // Registered through the year; the last weeks' cases run into 2023 (open at year end).
    const reg = Math.min(355, Math.floor(((i - 1) / count) * 356));
    const base = caseBase(ref, reg);
    const unit = rnd.pick(DEMO_UNITS).code;
    const x = rnd.next();
    if (x < 0.5) {
      const channel = rnd.pick(CHANNELS);
      if (rnd.next() < 0.04) {
        yield line({
          ...base,
          channel,
          source: 'direct',
          sourceLevel: 'district',
          events: [
            {
              type: 'not_accepted',
              at: at(reg + 3, 10),
              reason: '属于诉讼程序解决的事项，已告知信访人依法向人民法院提起诉讼。',
              route: 'litigation',
            },
          ],
        });
        continue;
      }
      const h = handling(reg, unit, false, rating());
      yield line({ ...base, channel, source: 'direct', sourceLevel: 'district', events: h.events });
      handled.push({ ref, unit, acceptedDay: h.acceptedDay });
    } else {
      const assigned = x > 0.85;
      const h = handling(reg, unit, assigned, rating());
      yield line({
        ...base,
        externalRef: `SX2022-${pad(i, 6)}`,
        channel: 'online',
        source: assigned ? 'assigned' : 'transferred',
        sourceLevel: rnd.pick(LEVELS),
        provincialDueDate: dateOf(h.acceptedDay + 60),
        events: h.events,
      });
      handled.push({ ref, unit, acceptedDay: h.acceptedDay });
    }
  }

  // Cases whose answers were contested: 33 复查 (4 of them then 复核), all delivered in 2022,
  // and two requests refused as out of time.
  const reviewLines: string[] = [];
  const contestedCount = DEMO_2022.reviews + DEMO_2022.refusedReviews;
  for (let i = 0; i < contestedCount; i++) {
    const ref = `DH2022-FC-${pad(i + 1, 3)}`;
    const reg = 5 + i * 6;
    const unit = DEMO_UNITS[i % DEMO_UNITS.length].code;
    const h = handling(reg, unit, false, 'dissatisfied');
    yield line({
      ...caseBase(ref, reg),
      channel: 'visit',
      source: 'direct',
      sourceLevel: 'district',
      events: h.events,
    });
    const received = h.lastDay + 3;
    const base = {
      type: 'review',
      ref: `FC2022-${pad(i + 1, 3)}`,
      level: 'review',
      case: ref,
      requestedAt: at(received, 9),
      receivedAt: at(received, 10),
      organ: '东湖区人民政府',
      channel: 'letter',
    };
    if (i >= DEMO_2022.reviews) {
      reviewLines.push(
        line({
          ...base,
          requestedAt: at(h.deliveredDay + 40, 9),
          receivedAt: at(h.deliveredDay + 40, 10),
          accepted: false,
          notAcceptedReason: '超过《信访工作条例》规定的 30 日申请期限，且无正当理由。',
        }),
      );
      continue;
    }
    const decided = received + rnd.int(15, 25);
    reviewLines.push(
      line({
        ...base,
        accepted: true,
        decision: rnd.pick(['upheld', 'upheld', 'upheld', 'changed', 'revoked']),
        decisionReasons: '经复查，原处理意见认定事实清楚，适用依据正确。',
        decidedAt: at(decided, 10),
        deliveredAt: at(decided + 2, 10),
        deliveryMethod: 'post',
      }),
    );
    if (i < DEMO_2022.reReviews) {
      const reReceived = decided + 2 + 5;
      const hearing = i % 2 === 0;
      const reDecided = reReceived + rnd.int(15, 22) + (hearing ? 3 : 0);
      reviewLines.push(
        line({
          type: 'review',
          ref: `FH2022-${pad(i + 1, 3)}`,
          level: 're_review',
          case: `FC2022-${pad(i + 1, 3)}`,
          requestedAt: at(reReceived, 9),
          receivedAt: at(reReceived, 10),
          organ: '某市人民政府',
          accepted: true,
          ...(hearing
            ? { hearing: { from: dateOf(reReceived + 5), to: dateOf(reReceived + 7) } }
            : {}),
          decision: 'upheld',
          decisionReasons: '经复核，维持复查意见。',
          decidedAt: at(reDecided, 10),
          deliveredAt: at(reDecided + 2, 10),
          deliveryMethod: 'in_person',
        }),
      );
    }
  }
  yield* reviewLines;

  // 督办函: 226 issued in 2022, each to a unit about a case it held, replied and accepted.
  const eligible = handled.filter((c) => c.acceptedDay + 30 <= 350);
  for (let n = 1; n <= DEMO_2022.lettersIssued; n++) {
    const c = eligible[Math.floor(((n - 1) * eligible.length) / DEMO_2022.lettersIssued)];
    const issued = c.acceptedDay + rnd.int(5, 12);
    yield line({
      type: 'supervision_letter',
      ref: `DB2022-${pad(n, 3)}`,
      number: `东信督〔2022〕${n}号`,
      letterType: rnd.next() < 0.9 ? 'ordinary' : 'on_site',
      reason: rnd.pick(['stalling', 'other', 'overdue', 'not_reported']),
      requirements: '请加快办理进度，于期限内办结并书面回复办理情况。',
      unit: c.unit,
      cases: [c.ref],
      issuedAt: at(issued, 9),
      signer: '东湖区信访局',
      receivedAt: at(issued + 1, 9),
      reply: { at: at(issued + 7, 15), text: '已按要求加快办理，并向信访人作出答复。' },
      verdict: { at: at(issued + 9, 10), accepted: true },
    });
  }

  // 重点信访事项: 319 resolved in 2022 with their 五个一 and 三到位一处理; a few still open.
  const matters = DEMO_2022.keyMattersResolved + DEMO_2022.keyMattersOpen;
  for (let n = 1; n <= matters; n++) {
    const listed = Math.floor(((n - 1) * 250) / matters);
    const resolved = n <= DEMO_2022.keyMattersResolved;
    const fromAbove = n % 5 === 0;
    const [title] = rnd.pick(SUBJECTS);
    yield line({
      type: 'key_matter',
      ref: `ZD2022-${pad(n, 3)}`,
      title: `${rnd.pick(STREETS)}${title.replace(/^反映/, '')}`,
      category: rnd.pick(['issue', 'issue', 'person', 'group', 'field']),
      description: '群众反映集中、久拖未决的信访事项，列入重点化解台账。',
      sourceLevel: fromAbove ? 'municipal' : 'district',
      ...(fromAbove ? { reportDueDate: dateOf(listed + 90) } : {}),
      cases: [],
      leaderInCharge: `${rnd.pick([...SURNAMES])}副区长`,
      taskForce: `${rnd.pick(DEMO_UNITS).name}、${rnd.pick(STREETS)}办事处`,
      plan: '摸清诉求，依法依规制定化解方案，明确时间节点。',
      measures: '落实包案领导接访约谈，做好政策解释和帮扶。',
      deadline: dateOf(Math.min(listed + 120, 364)),
      listedAt: at(listed, 9),
      progress: [{ date: dateOf(listed + 10), note: '已召开协调会，明确责任分工。' }],
      ...(resolved
        ? {
            resolution: {
              resolved: true,
              date: dateOf(Math.min(listed + rnd.int(20, 100), 360)),
              outcomes: rnd.next() < 0.7 ? ['solved', 'educated'] : ['assisted', 'educated'],
              evidence: '信访人签字确认问题已解决，息诉罢访。',
            },
          }
        : {}),
    });
  }

  // 劝返: a few missions.
  for (let n = 1; n <= DEMO_2022.missions; n++) {
    const start = 40 + n * 45;
    yield line({
      type: 'persuasion_mission',
      ref: `QF2022-${pad(n, 2)}`,
      kind: n % 2 ? 'away' : 'on_site',
      place: n % 2 ? '某省会城市' : '区来访接待大厅',
      startDate: dateOf(start),
      endDate: dateOf(start + 2),
      staff: `${name()}、${name()}`,
      personsPersuaded: rnd.int(1, 4),
      personsReturned: 1,
      cost: Math.round(rnd.int(800, 4000) * 100) / 100,
    });
  }
}
