import { Readable } from 'node:stream';
import { setImmediate as nextTurn } from 'node:timers/promises';
import type { Pool, PoolConnection, ResultSetHeader } from 'mysql2/promise';
import { hashPassword } from '@app/auth';
import {
  computeDue,
  DEFAULT_RULES,
  endOfShanghaiDay,
  OFFICIAL_2022_2026,
  OFFICIAL_YEARS,
  shanghaiDate,
  WorkingCalendar,
  type ClockKind,
  type DeadlineRule,
} from '@app/calendar';
import { caseNumber, genesisHash } from '@app/cases';
import { benchCipher, mask } from './cipher';
import { BENCH } from './config';
import { benchPool, deleteMeta, readMeta, rows, writeMeta } from './database';
import {
  creditCode,
  Fake,
  prng,
  residentId,
  STREETS,
  weights,
  zipf,
  type WeightTable,
} from './fake';

/** Bump when the generated data changes shape: a stored data set of another version is redone. */
const VERSION = 2;
const SEED = 20_220_101;
/** Cases per LOAD DATA round; the next round is generated while this one loads. */
const BATCH = 25_000;
const DAY = 86_400_000;
/** 2022-01-01 00:00 in Asia/Shanghai. */
const START = Date.parse('2021-12-31T16:00:00.000Z');

export interface DatasetInfo {
  version: number;
  seed: number;
  cases: number;
  petitioners: number;
  casePetitioners: number;
  hops: number;
  clocks: number;
  /** The instant the data set was generated "as of" (statuses and clocks are relative to it). */
  asOf: string;
  /** Wall time of the generation, load and ANALYZE. */
  seconds: number;
  statuses: Record<string, number>;
  /** Open cases whose nearest clock was already past due at `asOf`. */
  overdueAtGeneration: number;
  tableMiB: Record<string, number>;
}

const TABLES = {
  petitioners: [
    'id',
    'kind',
    'name',
    'id_number_enc',
    'id_number_bidx',
    'id_number_masked',
    'phone_enc',
    'phone_bidx',
    'phone_masked',
    'address_enc',
    'address_masked',
    'created_at',
    'updated_at',
  ],
  cases: [
    'id',
    'case_no',
    'year',
    'external_ref',
    'channel',
    'source',
    'source_level',
    'registered_at',
    'title',
    'content',
    'purpose',
    'category_code',
    'locality',
    'person_count',
    'collective',
    'skip_level',
    'to_beijing',
    'to_province',
    'joint_signed',
    'law_related',
    'confidential_accuser',
    '`repeat`',
    'first_case_id',
    'status',
    'officer_id',
    'registered_by',
    'responsible_unit_id',
    'current_hop_id',
    'next_due_at',
    'next_clock_kind',
    'extension_used',
    'not_accepted_route',
    'referred_to',
    'disposal_reason',
    'answer_decision',
    'answer_facts',
    'answer_basis',
    'answered_at',
    'delivery_method',
    'delivered_at',
    'closed_at',
    'evaluation',
    'evaluated_at',
    'event_count',
    'last_event_hash',
    'version',
    'created_at',
    'updated_at',
  ],
  case_petitioners: ['case_id', 'petitioner_id', 'representative', 'position'],
  case_hops: [
    'id',
    'case_id',
    'kind',
    'unit_id',
    'status',
    'sent_by',
    'sent_at',
    'received_at',
    'accepted_at',
    'objected_at',
    'objection_reason',
    'acted_by',
    'report_due_date',
    'completion_report',
    'reported_at',
    'instructions',
  ],
  clocks: [
    'id',
    'case_id',
    'hop_id',
    'kind',
    'status',
    'started_at',
    'length',
    'unit',
    'roll_over_holiday',
    'extended_days',
    'paused_days',
    'fixed_due',
    'due_date',
    'due_at',
    'ended_at',
    'version',
    'updated_at',
  ],
} as const;
type Table = keyof typeof TABLES;
/** Tables emptied before a (re)generation, children first. */
const CASE_TABLES = [
  'attachments',
  'pii_access_logs',
  'idempotency_keys',
  'case_events',
  'clocks',
  'case_hops',
  'case_petitioners',
  'cases',
  'petitioners',
  'case_number_sequences',
  'supervision_letter_cases',
  'supervision_letters',
  // the metric summaries are rebuilt from the new rows (bench/lib/metric-ledger-build.ts)
  'metric_items',
  'metric_counts',
  'metric_ledger_years',
];

type Cell = string | number | boolean | null;

const NEEDS_ESCAPE = /[\t\n\r\\]/;
function cell(v: Cell): string {
  if (v === null) return '\\N';
  if (typeof v === 'boolean') return v ? '1' : '0';
  if (typeof v === 'number') return String(v);
  return NEEDS_ESCAPE.test(v)
    ? v.replace(/[\t\n\r\\]/g, (c) => ({ '\t': '\\t', '\n': '\\n', '\r': '\\r' })[c] ?? '\\\\')
    : v;
}

/** DATETIME(3) text of an instant, in UTC like the app stores it. */
const dt = (ms: number | null) =>
  ms === null ? null : new Date(ms).toISOString().replace('T', ' ').slice(0, 23);

// ------------------------------------------------------------------ reference data

const BUREAUS: [string, string[]][] = [
  ['区住房和城乡建设局', ['01']],
  ['区城市管理和综合执法局', ['01']],
  ['区规划和自然资源局', ['01', '03']],
  ['区人力资源和社会保障局', ['02']],
  ['区农业农村局', ['03']],
  ['公安荔湾分局', ['04']],
  ['区司法局', ['04']],
  ['区卫生健康局', ['06']],
  ['区教育局', ['07']],
  ['区民政局', ['08']],
  ['荔湾生态环境分局', ['09']],
  ['区交通运输局', ['10']],
  ['区市场监督管理局', ['11']],
  ['区政务服务数据管理局', ['99']],
];

const FIRST_LEVEL_WEIGHT: Record<string, number> = {
  '01': 30,
  '02': 15,
  '03': 5,
  '04': 8,
  '05': 4,
  '06': 6,
  '07': 5,
  '08': 5,
  '09': 8,
  '10': 4,
  '11': 7,
  '99': 3,
};

const CHANNELS = weights<string>([
  ['online', 40],
  ['visit', 28],
  ['letter', 18],
  ['call', 12],
  ['fax', 2],
]);
const PURPOSES = weights<string>([
  ['complaint', 55],
  ['other', 18],
  ['accusation', 15],
  ['suggestion', 12],
]);
const SOURCE_LEVELS = weights<string>([
  ['municipal', 60],
  ['provincial', 30],
  ['national', 10],
]);
const EVALUATIONS = weights<string>([
  ['satisfied', 68],
  ['basically_satisfied', 16],
  ['dissatisfied', 7],
  ['lapsed', 9],
]);
const DECISIONS = weights<string>([
  ['explain', 58],
  ['support', 27],
  ['reject', 15],
]);
const DELIVERY = ['in_person', 'post', 'online', 'sms', 'phone'];
const NOT_ACCEPTED_ROUTES = [
  'litigation',
  'arbitration',
  'administrative_review',
  'administrative_reconsideration',
  'other_legal_channel',
  'not_a_petition',
];

interface Batch {
  lines: Record<Table, string[]>;
}

/** Generates the whole data set in id (= registration time) order, as TSV for LOAD DATA. */
class Generator {
  private readonly fake = new Fake(prng(SEED));
  private readonly cipher = benchCipher();
  private readonly calendar = new WorkingCalendar([...OFFICIAL_2022_2026], [...OFFICIAL_YEARS]);
  private readonly catTable: WeightTable<number>;
  private readonly frequent: WeightTable<number>;
  private readonly frequentIds: Int32Array;
  private firstCase = new Int32Array(1 << 20);
  private firstCat = new Uint8Array(1 << 20);
  petitioners = 0;
  casePetitioners = 0;
  hops = 0;
  clocks = 0;
  overdue = 0;
  readonly statuses: Record<string, number> = {};
  readonly seqByYear = new Map<number, number>();

  constructor(
    private readonly n: number,
    private readonly asOf: number,
    private readonly times: Float64Array,
    private readonly categories: { code: string; name: string }[],
    private readonly units: { bureaus: Map<string, number[]>; streets: Map<string, number> },
    private readonly officers: number[],
    private readonly registrars: number[],
  ) {
    const perFirst = new Map<string, number>();
    for (const c of categories)
      perFirst.set(c.code.slice(0, 2), (perFirst.get(c.code.slice(0, 2)) ?? 0) + 1);
    this.catTable = weights(
      categories.map((c, i) => {
        const first = c.code.slice(0, 2);
        return [i, (FIRST_LEVEL_WEIGHT[first] ?? 2) / perFirst.get(first)!];
      }),
    );
    const poolSize = Math.max(50, Math.round(n / 100));
    this.frequent = zipf(
      Array.from({ length: poolSize }, (_, i) => i),
      0.7,
    );
    this.frequentIds = new Int32Array(poolSize);
  }

  private grow(): void {
    if (this.petitioners + 8 < this.firstCase.length) return;
    const fc = new Int32Array(this.firstCase.length * 2);
    fc.set(this.firstCase);
    this.firstCase = fc;
    const cat = new Uint8Array(this.firstCat.length * 2);
    cat.set(this.firstCat);
    this.firstCat = cat;
  }

  private push(batch: Batch, table: Table, values: Cell[]): void {
    batch.lines[table].push(values.map(cell).join('\t'));
  }

  private newPetitioner(
    batch: Batch,
    caseId: number,
    catIndex: number,
    at: number,
    street: string,
  ) {
    this.grow();
    const id = ++this.petitioners;
    const f = this.fake;
    const organisation = f.chance(0.03);
    const idNumber = organisation
      ? f.chance(0.8)
        ? creditCode(id)
        : null
      : f.chance(0.86)
        ? residentId(id)
        : null;
    const phone = f.chance(0.93) ? f.phone(id) : null;
    const address = f.chance(0.55) ? f.address(street) : null;
    this.push(batch, 'petitioners', [
      id,
      organisation ? 'organisation' : 'person',
      organisation ? f.organisationName() : f.personName(),
      idNumber ? this.cipher.encrypt(idNumber) : null,
      idNumber ? this.cipher.blindIndex('idNumber', idNumber) : null,
      idNumber ? mask('idNumber', idNumber) : null,
      phone ? this.cipher.encrypt(phone) : null,
      phone ? this.cipher.blindIndex('phone', phone) : null,
      phone ? mask('phone', phone) : null,
      address ? this.cipher.encrypt(address) : null,
      address ? mask('address', address) : null,
      dt(at),
      dt(at),
    ]);
    this.firstCase[id] = caseId;
    this.firstCat[id] = catIndex;
    return id;
  }

  /** New people mostly; some come back (a few very often: 老信访户). */
  private choosePetitioner(
    batch: Batch,
    caseId: number,
    catIndex: number,
    at: number,
    street: string,
  ) {
    const f = this.fake;
    const r = f.rand();
    if (r < 0.06) {
      const slot = f.weighted(this.frequent);
      if (this.frequentIds[slot] === 0) {
        this.frequentIds[slot] = this.newPetitioner(batch, caseId, catIndex, at, street);
        return { id: this.frequentIds[slot], returning: false };
      }
      return { id: this.frequentIds[slot], returning: true };
    }
    if (r < 0.14 && this.petitioners > 1000) {
      return { id: f.int(1, this.petitioners), returning: true };
    }
    return { id: this.newPetitioner(batch, caseId, catIndex, at, street), returning: false };
  }

  private clock(
    batch: Batch,
    caseId: number,
    hopId: number | null,
    kind: ClockKind,
    start: number,
    endedAt: number | null,
    extendedDays = 0,
    fixed?: { dueDate: string; dueAt: number },
  ): number {
    const rule: DeadlineRule = DEFAULT_RULES[kind];
    const due = fixed
      ? fixed
      : (() => {
          const d = computeDue(
            new Date(start),
            { ...rule, length: rule.length + extendedDays },
            this.calendar,
          );
          return { dueDate: d.dueDate, dueAt: d.dueAt.getTime() };
        })();
    const status = endedAt === null ? 'running' : 'satisfied';
    this.push(batch, 'clocks', [
      ++this.clocks,
      caseId,
      hopId,
      kind,
      status,
      dt(start),
      fixed ? 0 : rule.length,
      fixed ? 'calendar_days' : rule.unit,
      fixed ? false : rule.rollOverHoliday,
      extendedDays,
      0,
      !!fixed,
      due.dueDate,
      dt(due.dueAt),
      dt(endedAt),
      endedAt === null ? 1 : 2,
      dt(endedAt ?? start),
    ]);
    return due.dueAt;
  }

  private unitFor(categoryCode: string, street: string, not?: number): number {
    const f = this.fake;
    const pool =
      this.units.bureaus.get(categoryCode.slice(0, 2)) ?? [...this.units.bureaus.values()].flat();
    let unit = f.chance(0.35) ? this.units.streets.get(street)! : f.pick(pool);
    if (unit === not) unit = this.units.streets.get(f.pick(STREETS))!;
    return unit;
  }

  generate(from: number, to: number, batch: Batch): void {
    const f = this.fake;
    const now = this.asOf;
    for (let id = from; id <= to; id++) {
      const reg = this.times[id - 1];
      const regDate = shanghaiDate(new Date(reg));
      const year = Number(regDate.slice(0, 4));
      const seq = (this.seqByYear.get(year) ?? 0) + 1;
      this.seqByYear.set(year, seq);
      const caseNo = caseNumber(BENCH.caseNumberPrefix, year, seq);
      const street = f.street();
      let catIndex = f.weighted(this.catTable);

      // petitioners
      const shape = f.rand();
      const people = shape < 0.9 ? 1 : shape < 0.97 ? f.int(2, 4) : f.int(2, 5);
      const collective = shape >= 0.97;
      const personCount = collective ? f.int(5, 80) : people;
      const chosen: { id: number; returning: boolean }[] = [];
      for (let k = 0; k < people; k++) {
        const p = this.choosePetitioner(batch, id, catIndex, reg, street);
        if (!chosen.some((c) => c.id === p.id)) chosen.push(p);
      }
      let repeat = false;
      let firstCaseId: number | null = null;
      const back = chosen.find((c) => c.returning && this.firstCase[c.id] < id);
      if (back && f.chance(0.55)) {
        repeat = true;
        firstCaseId = this.firstCase[back.id];
        catIndex = this.firstCat[back.id];
      }
      const category = this.categories[catIndex];
      chosen.forEach((p, i) => {
        this.push(batch, 'case_petitioners', [id, p.id, collective, i + 1]);
        this.casePetitioners++;
      });

      const channel = f.weighted(CHANNELS);
      const sourceRoll = f.rand();
      const source = sourceRoll < 0.72 ? 'direct' : sourceRoll < 0.9 ? 'transferred' : 'assigned';
      const sourceLevel = source === 'direct' ? 'district' : f.weighted(SOURCE_LEVELS);
      const purpose = category.code.startsWith('05') ? 'accusation' : f.weighted(PURPOSES);
      const officer = f.pick(this.officers);

      // life so far, as of `now`
      let status = 'registered';
      let version = 1;
      let updated = reg;
      let unitId: number | null = null;
      let hopId: number | null = null;
      let extension = false;
      let notAcceptedRoute: string | null = null;
      let referredTo: string | null = null;
      let disposal: string | null = null;
      let decision: string | null = null;
      let answeredAt: number | null = null;
      let deliveredAt: number | null = null;
      let deliveryMethod: string | null = null;
      let closedAt: number | null = null;
      let evaluation: string | null = null;
      let evaluatedAt: number | null = null;
      const running: { due: number; kind: ClockKind }[] = [];

      const triageRoll = f.rand();
      const triageDays =
        triageRoll < 0.6
          ? 0.1 + f.rand() * 3
          : triageRoll < 0.9
            ? 3 + f.rand() * 9
            : triageRoll < 0.97
              ? 12 + f.rand() * 4
              : 16 + f.rand() * 14;
      const triagedAt = reg + triageDays * DAY;
      if (now < triagedAt) {
        running.push({ kind: 'triage', due: this.clock(batch, id, null, 'triage', reg, null) });
      } else {
        this.clock(batch, id, null, 'triage', reg, triagedAt);
        version++;
        updated = triagedAt;
        const route = f.rand();
        const referLikely = category.code.startsWith('05') || category.code.startsWith('04');
        if (route < 0.06) {
          status = 'not_accepted';
          notAcceptedRoute = f.pick(NOT_ACCEPTED_ROUTES);
          disposal = '经审查，该事项应当通过法定途径解决，已告知信访人向有权机关提出。';
        } else if (route < 0.08 || (referLikely && route < 0.3)) {
          status = 'referred';
          referredTo = category.code.startsWith('05') ? 'discipline' : 'political_legal';
          disposal = '该事项属于涉法涉诉或纪检监察范围，依规移交有关机关处理。';
        } else {
          // 转送 / 交办 to a unit; it accepts (or, rarely, objects and the bureau re-routes).
          const kind = f.chance(0.25) ? 'assignment' : 'transfer';
          const sentStatus = kind === 'assignment' ? 'assigned' : 'transferred';
          let sentAt = triagedAt;
          let unit = this.unitFor(category.code, street);
          let respondedAt = sentAt + (0.2 + f.rand() * 5) * DAY;
          const reportDue = shanghaiDate(new Date(sentAt + 30 * DAY));
          let objectedOnce = false;
          for (;;) {
            hopId = ++this.hops;
            unitId = unit;
            const objects = !objectedOnce && f.chance(0.04);
            if (now < respondedAt) {
              status = sentStatus;
              version++;
              updated = sentAt;
              this.pushHop(batch, hopId, id, kind, unit, 'sent', sentAt, null, null, reportDue);
              running.push({
                kind: 'acceptance_notice',
                due: this.clock(batch, id, hopId, 'acceptance_notice', sentAt, null),
              });
              running.push({
                kind: 'objection_window',
                due: this.clock(batch, id, hopId, 'objection_window', sentAt, null),
              });
              break;
            }
            if (objects) {
              objectedOnce = true;
              version += 2;
              this.pushHop(
                batch,
                hopId,
                id,
                kind,
                unit,
                'objected',
                sentAt,
                null,
                respondedAt,
                reportDue,
              );
              const reroutedAt = respondedAt + (0.5 + f.rand() * 4) * DAY;
              if (now < reroutedAt) {
                status = 'objected';
                unitId = null;
                hopId = null;
                updated = respondedAt;
                running.push({
                  kind: 'triage',
                  due: this.clock(batch, id, null, 'triage', respondedAt, null),
                });
                break;
              }
              this.clock(batch, id, null, 'triage', respondedAt, reroutedAt);
              sentAt = reroutedAt;
              unit = this.unitFor(category.code, street, unit);
              respondedAt = sentAt + (0.2 + f.rand() * 4) * DAY;
              continue;
            }
            // accepted: the 60-day handling clock runs
            version += 2;
            const acceptedAt = respondedAt;
            const handleRoll = f.rand();
            const handleDays =
              handleRoll < 0.85
                ? 7 + f.rand() * 48
                : handleRoll < 0.95
                  ? 55 + f.rand() * 20
                  : 75 + f.rand() * 25;
            extension = handleDays > 58 && f.chance(0.5);
            const ext = extension ? 30 : 0;
            const answerAt = acceptedAt + handleDays * DAY;
            if (now < answerAt) {
              status = 'accepted';
              updated = acceptedAt;
              this.pushHop(
                batch,
                hopId,
                id,
                kind,
                unit,
                'accepted',
                sentAt,
                acceptedAt,
                null,
                reportDue,
              );
              running.push({
                kind: 'handling',
                due: this.clock(batch, id, hopId, 'handling', acceptedAt, null, ext),
              });
              if (kind === 'assignment') {
                running.push({
                  kind: 'assignment_report',
                  due: this.clock(batch, id, hopId, 'assignment_report', sentAt, null, 0, {
                    dueDate: reportDue,
                    dueAt: endOfShanghaiDay(reportDue).getTime(),
                  }),
                });
              }
              break;
            }
            this.clock(batch, id, hopId, 'handling', acceptedAt, answerAt, ext);
            this.pushHop(
              batch,
              hopId,
              id,
              kind,
              unit,
              'accepted',
              sentAt,
              acceptedAt,
              null,
              reportDue,
              answerAt,
            );
            version += extension ? 2 : 1;
            decision = f.weighted(DECISIONS);
            answeredAt = answerAt;
            deliveredAt = answerAt + f.rand() * 2 * DAY;
            deliveryMethod = f.pick(DELIVERY);
            const closeAt = answerAt + (1 + f.rand() * 24) * DAY;
            if (now < closeAt) {
              status = 'answered';
              updated = answerAt;
              running.push({
                kind: 'evaluation_window',
                due: this.clock(batch, id, hopId, 'evaluation_window', deliveredAt, null),
              });
              break;
            }
            status = now - closeAt > 365 * DAY && f.chance(0.005) ? 'final' : 'closed';
            closedAt = closeAt;
            evaluation = f.weighted(EVALUATIONS);
            evaluatedAt =
              evaluation === 'lapsed'
                ? deliveredAt + 30 * DAY
                : deliveredAt + (0.5 + f.rand() * 25) * DAY;
            if (evaluatedAt > now) {
              evaluation = null;
              evaluatedAt = null;
            }
            version += evaluation ? 2 : 1;
            updated = Math.max(closeAt, evaluatedAt ?? 0);
            break;
          }
        }
      }

      running.sort((a, b) => a.due - b.due);
      const next = running[0] ?? null;
      if (next && next.due < now) this.overdue++;
      this.statuses[status] = (this.statuses[status] ?? 0) + 1;
      const answerText = decision
        ? '经调查核实，信访人反映的情况基本属实，责任单位已督促相关方整改并书面答复信访人。'
        : null;
      this.push(batch, 'cases', [
        id,
        caseNo,
        year,
        source === 'direct' ? null : `SX${year}${String(id).padStart(9, '0')}`,
        channel,
        source,
        sourceLevel,
        dt(reg),
        f.title(category.name, street),
        f.content(category.name, street, 80, 360),
        purpose,
        category.code,
        `荔湾区${street}`,
        personCount,
        personCount >= 5,
        f.chance(0.02),
        f.chance(0.003),
        f.chance(0.01),
        channel === 'letter' && chosen.length > 1,
        category.code.startsWith('04') || f.chance(0.02),
        purpose === 'accusation' && f.chance(0.5),
        repeat,
        firstCaseId,
        status,
        officer,
        f.pick(this.registrars),
        unitId,
        hopId,
        dt(next?.due ?? null),
        next?.kind ?? null,
        extension,
        notAcceptedRoute,
        referredTo,
        disposal,
        decision,
        answerText,
        decision ? '《信访工作条例》及相关法律法规。' : null,
        dt(answeredAt),
        deliveryMethod,
        dt(deliveredAt),
        dt(closedAt),
        evaluation,
        dt(evaluatedAt),
        0,
        genesisHash(caseNo),
        version,
        dt(reg),
        dt(Math.min(updated, now)),
      ]);
    }
  }

  private pushHop(
    batch: Batch,
    hopId: number,
    caseId: number,
    kind: string,
    unit: number,
    status: 'sent' | 'accepted' | 'objected',
    sentAt: number,
    acceptedAt: number | null,
    objectedAt: number | null,
    reportDue: string,
    reportedAt: number | null = null,
  ): void {
    const assignment = kind === 'assignment';
    this.push(batch, 'case_hops', [
      hopId,
      caseId,
      kind,
      unit,
      status,
      this.fake.pick(this.officers),
      dt(sentAt),
      dt(sentAt),
      dt(acceptedAt),
      dt(objectedAt),
      objectedAt ? '该事项不属于本单位职权范围，建议转有关主管部门办理。' : null,
      acceptedAt || objectedAt ? this.fake.pick(this.officers) : null,
      assignment ? reportDue : null,
      assignment && reportedAt ? '已按交办要求办结并书面答复信访人，现将办理结果报告如下。' : null,
      assignment ? dt(reportedAt) : null,
      assignment ? '请依法依规办理，按期报送办理结果。' : null,
    ]);
  }
}

/**
 * Supervision letters (督办函) on one case in 50, issued 20 days after registration to the unit
 * holding it, reply due 15 days later: most replied on time, some late, a few voided, the rest
 * still open (overdue or not yet due at `asOf`). Only what the figures read: no case links.
 */
async function generateLetters(sql: Pool, asOf: number, issuedBy: number) {
  await sql.query(
    `INSERT INTO supervision_letters (code, year, seq, number, type, reason, requirements, unit_id,
        reply_due_date, reply_due_at, signer, status, issued_by, issued_at, received_at, replied_at,
        reply_text, replied_on_time, return_count, chase_count, void_reason, version, created_at,
        updated_at)
     SELECT 'BENCH', y, seq, CONCAT('督〔', y, '〕', seq, '号'), 'ordinary', 'overdue',
            '请依法依规妥善处理，并书面报告办理情况。', unit_id, DATE(due + INTERVAL 8 HOUR), due, '李局长',
            CASE WHEN r < 0.03 THEN 'voided' WHEN replied IS NOT NULL THEN 'replied' ELSE 'issued' END,
            ?, issued, NULL, replied, IF(replied IS NULL, NULL, '已核查处理并答复信访人。'),
            IF(replied IS NULL, NULL, replied <= due), 0, 0, IF(r < 0.03, '重复发函', NULL), 1,
            issued, issued
       FROM (SELECT c.responsible_unit_id AS unit_id, YEAR(c.registered_at + INTERVAL 20 DAY) AS y,
                    ROW_NUMBER() OVER (PARTITION BY YEAR(c.registered_at + INTERVAL 20 DAY)
                                       ORDER BY c.id) AS seq,
                    c.registered_at + INTERVAL 20 DAY AS issued,
                    c.registered_at + INTERVAL 35 DAY AS due, (c.id * 7919 % 1000) / 1000 AS r,
                    CASE WHEN (c.id * 7919 % 1000) / 1000 < 0.03 THEN NULL
                         WHEN (c.id * 7919 % 1000) / 1000 < 0.83
                           AND c.registered_at + INTERVAL 30 DAY < ? THEN c.registered_at + INTERVAL 30 DAY
                         WHEN (c.id * 7919 % 1000) / 1000 < 0.93
                           AND c.registered_at + INTERVAL 38 DAY < ? THEN c.registered_at + INTERVAL 38 DAY
                         ELSE NULL END AS replied
               FROM cases c
              WHERE c.id % 50 = 7 AND c.responsible_unit_id IS NOT NULL
                AND c.registered_at + INTERVAL 20 DAY < ?) t`,
    [issuedBy, new Date(asOf), new Date(asOf), new Date(asOf)],
  );
}

/** Registration instants: more on working days and office hours, growing ~12 % a year. */
function registrationTimes(n: number, asOf: number, calendar: WorkingCalendar): Float64Array {
  const rand = prng(SEED + 1);
  const days = Math.floor((asOf - START) / DAY) + 1;
  const w = new Float64Array(days);
  let total = 0;
  for (let d = 0; d < days; d++) {
    const date = shanghaiDate(new Date(START + d * DAY + 12 * 3_600_000));
    const growth = 1 + (0.12 * d) / 365;
    const elapsed = Math.min(1, (asOf - (START + d * DAY)) / DAY);
    w[d] = growth * (calendar.isWorkingDay(date) ? 1 : 0.3) * elapsed;
    total += w[d];
  }
  const times = new Float64Array(n);
  let k = 0;
  let cum = 0;
  for (let d = 0; d < days && k < n; d++) {
    cum += w[d];
    const until = d === days - 1 ? n : Math.min(n, Math.round((cum / total) * n));
    const dayStart = START + d * DAY;
    const dayEnd = Math.min(dayStart + DAY, asOf - 60_000);
    const count = until - k;
    const slice = new Float64Array(count);
    for (let j = 0; j < count; j++) {
      // office hours 08:30-18:00 for most, any time for the rest (online, fax)
      const office = rand() < 0.85;
      const offset = office ? 8.5 * 3_600_000 + rand() * 9.5 * 3_600_000 : rand() * DAY;
      slice[j] = Math.min(dayStart + offset, dayEnd - rand() * 3_600_000);
    }
    slice.sort();
    times.set(slice, k);
    k = until;
  }
  // the rounding never loses cases: the last day takes the rest
  return times;
}

async function loadTable(conn: PoolConnection, table: Table, lines: string[]): Promise<void> {
  if (lines.length === 0) return;
  const data = Buffer.from(lines.join('\n') + '\n', 'utf8');
  const chunk = 1 << 16;
  function* pieces() {
    for (let i = 0; i < data.length; i += chunk) yield data.subarray(i, i + chunk);
  }
  const [result] = await conn.query<ResultSetHeader>({
    sql: `LOAD DATA LOCAL INFILE '${table}.tsv' INTO TABLE ${table} CHARACTER SET utf8mb4 (${TABLES[table].join(', ')})`,
    infileStreamFactory: () => Readable.from(pieces()),
  });
  if (result.affectedRows !== lines.length || result.warningStatus > 0) {
    const [warnings] = await conn.query('SHOW WARNINGS LIMIT 5');
    throw new Error(
      `LOAD DATA ${table}: ${result.affectedRows}/${lines.length} rows, ${result.warningStatus} warnings: ${JSON.stringify(warnings)}`,
    );
  }
}

async function ensureReferenceRows(sql: Pool, now: string) {
  const units = [...BUREAUS.map(([name]) => name), ...STREETS.map((s) => `${s}办事处`)];
  for (const [i, name] of units.entries()) {
    await sql.query(
      `INSERT INTO units (code, name, kind, level, contact_person, contact_phone, active, version, created_at, updated_at)
       VALUES (?, ?, 'district_unit', 'district', NULL, NULL, 1, 1, ?, ?)
       ON DUPLICATE KEY UPDATE id = id`,
      [`BENCH-U${String(i + 1).padStart(2, '0')}`, name, now, now],
    );
  }
  const unitRows = await rows<{ id: number; name: string }>(
    sql,
    "SELECT id, name FROM units WHERE code LIKE 'BENCH-U%' ORDER BY code",
  );
  const byName = new Map(unitRows.map((u) => [u.name, u.id]));
  const bureaus = new Map<string, number[]>();
  for (const [name, firsts] of BUREAUS) {
    for (const first of firsts)
      bureaus.set(first, [...(bureaus.get(first) ?? []), byName.get(name)!]);
  }
  const streets = new Map(STREETS.map((s) => [s, byName.get(`${s}办事处`)!]));

  // Officers (承办人) and registrars own the generated cases; nobody signs in as them.
  const hash = await hashPassword(`Disabled${Math.random().toString(36).slice(2)}1`);
  const people: [string, string][] = [
    ...Array.from({ length: 20 }, (_, i): [string, string] => [
      `bench-officer-${i + 1}`,
      'officer',
    ]),
    ...Array.from({ length: 6 }, (_, i): [string, string] => [
      `bench-registrar-${i + 1}`,
      'reception',
    ]),
  ];
  for (const [username, role] of people) {
    await sql.query(
      `INSERT INTO users (username, display_name, password_hash, role, unit_id, active,
         last_login_at, password_changed_at, version, created_at, updated_at)
       VALUES (?, ?, ?, ?, NULL, 1, NULL, ?, 1, ?, ?)
       ON DUPLICATE KEY UPDATE id = id`,
      [username, username, hash, role, now, now, now],
    );
  }
  const users = await rows<{ id: number; role: string }>(
    sql,
    "SELECT id, role FROM users WHERE username LIKE 'bench-officer-%' OR username LIKE 'bench-registrar-%'",
  );
  return {
    units: { bureaus, streets },
    officers: users.filter((u) => u.role === 'officer').map((u) => u.id),
    registrars: users.filter((u) => u.role === 'reception').map((u) => u.id),
  };
}

/**
 * The data set the read scenarios need: BENCH_CASES cases with petitioners (encrypted, blind
 * indexed with the bench keys), hand-overs and clocks, bulk-loaded into the real schema with
 * every index in place. Kept between runs; generated again only when missing or of another size.
 */
export async function ensureDataset(
  sql: Pool,
  log: (m: string) => void,
): Promise<{ info: DatasetInfo; generated: boolean }> {
  const n = BENCH.cases;
  const stored = await readMeta<DatasetInfo>(sql, 'dataset');
  if (stored && stored.version === VERSION && stored.cases === n) {
    const [{ c }] = await rows<{ c: number }>(
      sql,
      'SELECT COUNT(*) AS c FROM cases WHERE id <= ?',
      [n],
    );
    if (Number(c) === n) {
      log(`data set present: ${n.toLocaleString('en-US')} cases as of ${stored.asOf}`);
      return { info: stored, generated: false };
    }
  }

  log(`generating the data set: ${n.toLocaleString('en-US')} cases …`);
  const t0 = Date.now();
  await deleteMeta(sql, 'dataset');
  const present = new Set(
    (
      await rows<{ t: string }>(
        sql,
        'SELECT TABLE_NAME AS t FROM information_schema.TABLES WHERE TABLE_SCHEMA = DATABASE()',
      )
    ).map((r) => r.t),
  );
  for (const t of CASE_TABLES) if (present.has(t)) await sql.query(`TRUNCATE TABLE ${t}`);
  const asOf = Date.now();
  const ref = await ensureReferenceRows(sql, dt(asOf)!);
  const categories = await rows<{ code: string; name: string }>(
    sql,
    'SELECT code, name FROM categories WHERE level = 3 AND active = 1 ORDER BY code',
  );
  const calendar = new WorkingCalendar([...OFFICIAL_2022_2026], [...OFFICIAL_YEARS]);
  const times = registrationTimes(n, asOf, calendar);
  const gen = new Generator(n, asOf, times, categories, ref.units, ref.officers, ref.registrars);

  const loader = benchPool(5);
  const conns = await Promise.all(Object.keys(TABLES).map(() => loader.getConnection()));
  try {
    for (const c of conns) {
      await c.query('SET SESSION unique_checks = 0, foreign_key_checks = 0');
    }
    let pending: Promise<unknown> | null = null;
    for (let from = 1; from <= n; from += BATCH) {
      const to = Math.min(n, from + BATCH - 1);
      const batch: Batch = {
        lines: { petitioners: [], cases: [], case_petitioners: [], case_hops: [], clocks: [] },
      };
      // in slices, so the previous round keeps streaming to the server meanwhile
      for (let s = from; s <= to; s += 1000) {
        gen.generate(s, Math.min(to, s + 999), batch);
        await nextTurn();
      }
      if (pending) await pending;
      pending = Promise.all(
        (Object.keys(TABLES) as Table[]).map((t, i) => loadTable(conns[i], t, batch.lines[t])),
      );
      if (to % 100_000 < BATCH || to === n) {
        log(
          `  ${to.toLocaleString('en-US')} cases generated (${((Date.now() - t0) / 1000).toFixed(0)} s)`,
        );
      }
    }
    await pending;
  } finally {
    for (const c of conns) c.release();
    await loader.end();
  }

  for (const [year, last] of gen.seqByYear) {
    await sql.query('INSERT INTO case_number_sequences (prefix, year, last_seq) VALUES (?, ?, ?)', [
      BENCH.caseNumberPrefix,
      year,
      last,
    ]);
  }
  log('  supervision letters …');
  await generateLetters(sql, asOf, ref.officers[0]);
  // bulk-loaded rows bypass the writers: the summaries must be rebuilt before they are read
  await sql.query(
    'INSERT IGNORE INTO metric_ledger_backfill (id, required_at) VALUES (1, UTC_TIMESTAMP(3))',
  );
  log('  ANALYZE TABLE …');
  await sql.query('ANALYZE TABLE cases, petitioners, case_petitioners, case_hops, clocks');
  const sizes = await rows<{ name: string; mib: number }>(
    sql,
    `SELECT TABLE_NAME AS name, ROUND((DATA_LENGTH + INDEX_LENGTH) / 1048576) AS mib
       FROM information_schema.TABLES
      WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME IN (${Object.keys(TABLES)
        .map((t) => `'${t}'`)
        .join(', ')})`,
  );
  const info: DatasetInfo = {
    version: VERSION,
    seed: SEED,
    cases: n,
    petitioners: gen.petitioners,
    casePetitioners: gen.casePetitioners,
    hops: gen.hops,
    clocks: gen.clocks,
    asOf: new Date(asOf).toISOString(),
    seconds: (Date.now() - t0) / 1000,
    statuses: gen.statuses,
    overdueAtGeneration: gen.overdue,
    tableMiB: Object.fromEntries(sizes.map((s) => [s.name, Number(s.mib)])),
  };
  await writeMeta(sql, 'dataset', info);
  log(`data set generated in ${info.seconds.toFixed(0)} s`);
  return { info, generated: true };
}
