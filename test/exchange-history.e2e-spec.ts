import type { INestApplicationContext } from '@nestjs/common';
import { countRows, makeUnit } from '@app/testing';
import { idNumber } from './support/cases';
import { exchangeApi, readXlsx, startWorker, type ImportJson } from './support/exchange';
import { createTestApp, type TestApp } from './support/test-app';

const jsonl = (records: unknown[]) =>
  Buffer.from(
    records.map((r) => (typeof r === 'string' ? r : JSON.stringify(r))).join('\n') + '\n',
  );

describe('historical import from JSON Lines (e2e, real worker)', () => {
  let t: TestApp;
  let worker: INestApplicationContext;
  let officer: string;
  let api: ReturnType<typeof exchangeApi>;
  let file: Buffer;

  const person = (name: string) => ({ kind: 'person', name, idNumber: idNumber() });
  const base = {
    type: 'case',
    title: '历史信访件',
    content: '历史记录中的信访事项。',
    purpose: 'complaint',
    categoryCode: '010301',
    locality: '荔湾区某街道',
    personCount: 1,
  };

  beforeAll(async () => {
    t = await createTestApp();
    t.clock.set(new Date('2026-01-20T02:00:00Z'));
    worker = await startWorker(t);
    officer = (await t.tokenFor('officer')).token;
    api = exchangeApi(t);
    await makeUnit(t.app, { code: 'U-ZJ', name: '区住房建设局' });
    await makeUnit(t.app, { code: 'U-RS', name: '区人力资源社会保障局' });
    file = jsonl([
      // 1. Handled on time, extended once, rated satisfied.
      {
        ...base,
        ref: 'H-1',
        channel: 'visit',
        source: 'direct',
        sourceLevel: 'district',
        registeredAt: '2022-03-01T09:00:00+08:00',
        petitioners: [person('何某')],
        events: [
          { type: 'transferred', at: '2022-03-05T10:00:00+08:00', unit: 'U-ZJ' },
          { type: 'accepted', at: '2022-03-07T10:00:00+08:00' },
          { type: 'extended', at: '2022-04-20T10:00:00+08:00', days: 30, reason: '需现场勘查' },
          {
            type: 'answered',
            at: '2022-05-20T10:00:00+08:00',
            decision: 'support',
            facts: '经查属实。',
            basis: '《物业管理条例》',
            deliveryMethod: 'post',
            deliveredAt: '2022-05-22T10:00:00+08:00',
          },
          { type: 'closed', at: '2022-05-25T10:00:00+08:00' },
          { type: 'evaluated', at: '2022-06-01T10:00:00+08:00', evaluation: 'satisfied' },
        ],
      },
      // 2. A provincial assignment: routed late, answered late, never rated (the window lapsed).
      {
        ...base,
        ref: 'H-2',
        externalRef: 'GD2022-0009',
        channel: 'online',
        source: 'assigned',
        sourceLevel: 'provincial',
        registeredAt: '2022-03-10T09:00:00+08:00',
        petitioners: [person('贺某')],
        events: [
          {
            type: 'assigned',
            at: '2022-04-01T10:00:00+08:00',
            unit: 'U-RS',
            reportDueDate: '2022-05-31',
          },
          { type: 'accepted', at: '2022-04-02T10:00:00+08:00' },
          {
            type: 'answered',
            at: '2022-07-14T10:00:00+08:00',
            decision: 'explain',
            deliveryMethod: 'in_person',
            deliveredAt: '2022-07-15T10:00:00+08:00',
          },
          { type: 'reported', at: '2022-07-16T10:00:00+08:00', report: '已办结并答复。' },
          { type: 'closed', at: '2022-07-20T10:00:00+08:00' },
        ],
      },
      // 3. Not accepted, with the route the petitioner was told.
      {
        ...base,
        ref: 'H-3',
        caseNo: 'TS-2022-000050',
        channel: 'letter',
        source: 'direct',
        sourceLevel: 'district',
        registeredAt: '2022-03-08T09:00:00+08:00',
        petitioners: [person('侯某')],
        events: [
          {
            type: 'not_accepted',
            at: '2022-03-10T09:00:00+08:00',
            reason: '属诉讼程序',
            route: 'litigation',
          },
        ],
      },
      // 4. Bad: closed before it was answered.
      {
        ...base,
        ref: 'H-4',
        channel: 'call',
        source: 'direct',
        sourceLevel: 'district',
        registeredAt: '2022-03-08T09:00:00+08:00',
        petitioners: [person('胡某')],
        events: [{ type: 'closed', at: '2022-03-09T09:00:00+08:00' }],
      },
      // 5. A supervision letter about case 2, replied on time and accepted.
      {
        type: 'supervision_letter',
        ref: 'L-1',
        number: '荔信督〔2022〕3号',
        letterType: 'ordinary',
        reason: 'overdue',
        requirements: '请于期限内办结并书面回复。',
        unit: 'U-RS',
        cases: ['H-2'],
        issuedAt: '2022-06-10T09:00:00+08:00',
        signer: '区信访局',
        receivedAt: '2022-06-11T09:00:00+08:00',
        reply: { at: '2022-06-20T09:00:00+08:00', text: '已加快办理。' },
        verdict: { at: '2022-06-25T09:00:00+08:00', accepted: true },
      },
      // 6. Bad: case 1 was never at 人社局.
      {
        type: 'supervision_letter',
        ref: 'L-2',
        number: '荔信督〔2022〕4号',
        letterType: 'ordinary',
        reason: 'overdue',
        requirements: '请办理。',
        unit: 'U-RS',
        cases: ['H-1'],
        issuedAt: '2022-06-10T09:00:00+08:00',
        signer: '区信访局',
      },
      // 7. A key matter resolved in 2022.
      {
        type: 'key_matter',
        ref: 'K-1',
        title: '某小区电梯问题',
        category: 'issue',
        description: '多户居民反映电梯长期故障。',
        sourceLevel: 'district',
        cases: ['H-1'],
        leaderInCharge: '王副区长',
        taskForce: '住建局、街道',
        plan: '更换电梯',
        measures: '安排临时通行',
        deadline: '2022-12-31',
        listedAt: '2022-04-01T09:00:00+08:00',
        progress: [{ date: '2022-06-01', note: '已立项' }],
        resolution: {
          resolved: true,
          date: '2022-09-30',
          outcomes: ['solved', 'educated'],
          evidence: '电梯已更换，居民签字确认。',
        },
      },
      // 8. A persuasion mission.
      {
        type: 'persuasion_mission',
        ref: 'M-1',
        kind: 'away',
        place: '北京',
        startDate: '2022-10-01',
        endDate: '2022-10-05',
        staff: '张某、李某',
        personsPersuaded: 3,
        personsReturned: 3,
        cost: 3250.5,
        cases: ['H-1'],
      },
      // 9. Bad: a 复查 requested long after the 30 days from delivery, with no justification.
      {
        type: 'review',
        ref: 'R-1',
        level: 'review',
        case: 'H-1',
        requestedAt: '2022-08-01T09:00:00+08:00',
        receivedAt: '2022-08-01T09:00:00+08:00',
        organ: '区人民政府',
        accepted: true,
      },
      // 10. Not JSON.
      '{"type": "case", ',
      // 11. Bad: cites the bad case 4.
      {
        type: 'key_matter',
        ref: 'K-2',
        title: '引用无效件',
        category: 'issue',
        description: '…',
        sourceLevel: 'district',
        cases: ['H-4'],
        listedAt: '2022-04-01T09:00:00+08:00',
      },
    ]);
  });
  afterAll(async () => {
    await worker.close();
    await t.close();
  });

  let job: ImportJson;

  it('imports the valid records and reports the others line by line', async () => {
    const res = await api.upload(officer, 'history', 'liwan-2022.jsonl', file);
    expect(res.statusCode).toBe(202);
    job = await api.waitFor(officer, res.json<ImportJson>().id);
    expect(job).toEqual(
      expect.objectContaining({
        status: 'done',
        totalRows: 11,
        validRows: 6,
        errorRows: 5,
        createdRows: 6,
        existingRows: 0,
      }),
    );
    const report = await readXlsx(
      (await api.download(officer, `/api/v1/imports/${job.id}/errors?format=xlsx`)).raw,
    );
    const codes = report.slice(1).map((r) => [r[0], r[1] ?? '', r[3]]);
    expect(codes).toEqual([
      ['4', 'H-4', 'INVALID_TRANSITION'],
      ['6', 'L-2', 'CASE_NOT_AT_UNIT'],
      ['9', 'R-1', 'REVIEW_WINDOW_PASSED'],
      ['10', '', 'INVALID_JSON'],
      ['11', 'K-2', 'CASE_REF_UNKNOWN'],
    ]);
    expect(await countRows(t.db, 'cases')).toBe(3);
    expect(await countRows(t.db, 'supervision_letters')).toBe(1);
    expect(await countRows(t.db, 'key_matters')).toBe(1);
    expect(await countRows(t.db, 'persuasion_missions')).toBe(1);
  });

  it('the year-end figures for 2022 are what the records say', async () => {
    const q = async <T>(sql: string) => (await t.db.query<T[]>(sql))[0];
    // Volume and outcome of the year.
    expect(
      await q<{ n: string }>(
        "SELECT COUNT(*) AS n FROM cases WHERE registered_at < '2022-12-31T16:00:00'",
      ),
    ).toEqual({ n: 3 });
    expect(
      await q<{ n: string }>("SELECT COUNT(*) AS n FROM cases WHERE status = 'closed'"),
    ).toEqual({ n: 2 });
    // 及时受理: triage met by its due time (H-1 and H-3 yes; H-2 routed after 15 days).
    const triage = await t.db.query<{ ref: string; onTime: number }[]>(
      `SELECT k.source_key AS ref, (c.ended_at <= c.due_at) AS onTime FROM clocks c
         JOIN import_keys k ON k.kind = 'case' AND k.entity_id = c.case_id
        WHERE c.kind = 'triage' ORDER BY k.source_key`,
    );
    expect(triage.map((r) => [r.ref, Number(r.onTime)])).toEqual([
      ['H-1', 1],
      ['H-2', 0],
      ['H-3', 1],
    ]);
    // 按期办结: handling met by its (extended) due time: H-1 yes, H-2 no.
    const handling = await t.db.query<{ ref: string; onTime: number; extended: number }[]>(
      `SELECT k.source_key AS ref, (c.ended_at <= c.due_at) AS onTime, c.extended_days AS extended
         FROM clocks c JOIN import_keys k ON k.kind = 'case' AND k.entity_id = c.case_id
        WHERE c.kind = 'handling' ORDER BY k.source_key`,
    );
    expect(handling.map((r) => [r.ref, Number(r.onTime), Number(r.extended)])).toEqual([
      ['H-1', 1, 30],
      ['H-2', 0, 0],
    ]);
    // 参评率 and 满意率: one satisfied, one lapsed (dated when its window ran out).
    const evaluations = await t.db.query<{ evaluation: string; at: Date }[]>(
      'SELECT evaluation, evaluated_at AS at FROM cases WHERE evaluation IS NOT NULL ORDER BY evaluation',
    );
    expect(evaluations.map((e) => e.evaluation)).toEqual(['lapsed', 'satisfied']);
    expect(evaluations[0].at.getUTCFullYear()).toBe(2022);
    // 督办函: one issued in 2022, replied on time, closed.
    expect(
      await q('SELECT number, status, replied_on_time AS onTime, year FROM supervision_letters'),
    ).toEqual({ number: '荔信督〔2022〕3号', status: 'accepted', onTime: 1, year: 2022 });
    // 化解: one key matter resolved in 2022, listed in 2022.
    expect(
      await q(
        "SELECT status, DATE_FORMAT(resolved_date, '%Y-%m-%d') AS d, YEAR(created_at) AS listed FROM key_matters",
      ),
    ).toEqual({ status: 'resolved', d: '2022-09-30', listed: 2022 });
    expect(await q('SELECT cost, persons_returned AS r FROM persuasion_missions')).toEqual({
      cost: '3250.50',
      r: 3,
    });
  });

  it('imported cases read like live ones: numbers, hops, timeline in time order, chain intact', async () => {
    const cases = await t.db.query<
      { id: number; ref: string; caseNo: string; status: string; unitId: number | null }[]
    >(
      `SELECT c.id, k.source_key AS ref, c.case_no AS caseNo, c.status, c.responsible_unit_id AS unitId
         FROM cases c JOIN import_keys k ON k.kind = 'case' AND k.entity_id = c.id ORDER BY k.source_key`,
    );
    expect(cases.map((c) => [c.ref, c.status])).toEqual([
      ['H-1', 'closed'],
      ['H-2', 'closed'],
      ['H-3', 'not_accepted'],
    ]);
    expect(cases[0].caseNo).toMatch(/-2022-000001$/);
    expect(cases[2].caseNo).toBe('TS-2022-000050');
    const [seq] = await t.db.query<{ last: number }[]>(
      "SELECT last_seq AS last FROM case_number_sequences WHERE year = 2022 AND prefix = 'TS'",
    );
    expect(Number(seq.last)).toBeGreaterThanOrEqual(50);

    const timeline = await t.request('GET', `/api/v1/cases/${cases[1].id}/timeline`, {
      token: officer,
    });
    const body = timeline.json<{ chainIntact: boolean; events: { type: string; at: string }[] }>();
    expect(body.chainIntact).toBe(true);
    expect(body.events.map((e) => e.type)).toEqual([
      'registered',
      'assigned',
      'accepted',
      'answered',
      'reported',
      'closed',
      'evaluation_lapsed',
      'supervision_letter_issued',
    ]);
    expect(body.events[1].at).toBe('2022-04-01T02:00:00.000Z');
    const detail = await t.request('GET', `/api/v1/cases/${cases[1].id}`, { token: officer });
    expect(detail.json()).toEqual(
      expect.objectContaining({
        externalRef: 'GD2022-0009',
        hops: [expect.objectContaining({ kind: 'assignment', status: 'accepted' })],
        nextClock: expect.objectContaining({ kind: 'review_request_window' }),
      }),
    );
  });

  it('importing the same file again creates nothing new', async () => {
    const res = await api.upload(officer, 'history', 'liwan-2022.jsonl', file);
    const again = await api.waitFor(officer, res.json<ImportJson>().id);
    expect(again).toEqual(
      expect.objectContaining({ status: 'done', createdRows: 0, existingRows: 6, errorRows: 5 }),
    );
    expect(await countRows(t.db, 'cases')).toBe(3);
    expect(await countRows(t.db, 'case_events')).toBe(7 + 8 + 2);
    expect(await countRows(t.db, 'supervision_letters')).toBe(1);
    expect(await countRows(t.db, 'key_matters')).toBe(1);
    expect(await countRows(t.db, 'persuasion_missions')).toBe(1);
  });
});
