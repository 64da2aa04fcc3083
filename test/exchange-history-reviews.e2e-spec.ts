import type { INestApplicationContext } from '@nestjs/common';
import { countRows, makeUnit } from '@app/testing';
import { idNumber } from './support/cases';
import { exchangeApi, readXlsx, startWorker, type ImportJson } from './support/exchange';
import { createTestApp, type TestApp } from './support/test-app';

const jsonl = (records: unknown[]) =>
  Buffer.from(records.map((r) => JSON.stringify(r)).join('\n') + '\n');

interface TimelineJson {
  chainIntact: boolean;
  events: { type: string; at: string; toStatus: string; data: Record<string, unknown> }[];
}

describe('history import: reviews and re-reviews (e2e, real worker)', () => {
  let t: TestApp;
  let worker: INestApplicationContext;
  let officer: string;
  let leader: string;
  let api: ReturnType<typeof exchangeApi>;

  /** An answered, closed, rated case: answer delivered on `delivered` (a March–April 2022 date). */
  const answeredCase = (ref: string, delivered: string) => ({
    type: 'case',
    ref,
    channel: 'visit',
    source: 'direct',
    sourceLevel: 'district',
    registeredAt: '2022-03-01T09:00:00+08:00',
    title: '历史信访件',
    content: '历史记录中的信访事项。',
    purpose: 'complaint',
    categoryCode: '010301',
    locality: '东湖区某街道',
    personCount: 1,
    petitioners: [{ kind: 'person', name: '甲某', idNumber: idNumber() }],
    events: [
      { type: 'transferred', at: '2022-03-02T10:00:00+08:00', unit: 'U-ZJ' },
      { type: 'accepted', at: '2022-03-03T10:00:00+08:00' },
      {
        type: 'answered',
        at: `${delivered}T09:00:00+08:00`,
        decision: 'reject',
        facts: '经查不属实。',
        basis: '《物业管理条例》',
        deliveryMethod: 'post',
        deliveredAt: `${delivered}T10:00:00+08:00`,
      },
      { type: 'closed', at: `${delivered}T11:00:00+08:00` },
      { type: 'evaluated', at: `${delivered}T12:00:00+08:00`, evaluation: 'dissatisfied' },
    ],
  });
  const review = (ref: string, level: string, of: string, received: string, extra = {}) => ({
    type: 'review',
    ref,
    level,
    case: of,
    requestedAt: `${received}T08:00:00+08:00`,
    receivedAt: `${received}T09:00:00+08:00`,
    organ: level === 'review' ? '东湖区人民政府' : '某市人民政府',
    accepted: true,
    ...extra,
  });
  const decided = (decidedOn: string, deliveredOn: string, decision = 'upheld') => ({
    decision,
    decidedAt: `${decidedOn}T09:00:00+08:00`,
    deliveredAt: `${deliveredOn}T09:00:00+08:00`,
    deliveryMethod: 'post',
  });

  const records = [
    answeredCase('C-1', '2022-03-20'), // 1
    answeredCase('C-2', '2022-04-10'), // 2
    answeredCase('C-3', '2022-04-10'), // 3
    answeredCase('C-4', '2022-06-20'), // 4
    // 5. 复查 of C-1, decided and delivered in April.
    review('FC-1', 'review', 'C-1', '2022-04-01', decided('2022-04-20', '2022-04-22')),
    // 6. 复核 of that review, with a three-day hearing; final.
    review('FH-1', 're_review', 'FC-1', '2022-05-06', {
      hearing: { from: '2022-05-10', to: '2022-05-12' },
      ...decided('2022-05-30', '2022-06-01', 'changed'),
    }),
    // 7. 复查 of C-2, delivered in May.
    review('FC-2', 'review', 'C-2', '2022-04-20', decided('2022-05-10', '2022-05-12', 'revoked')),
    // 8. A refused 复查 of C-4: recorded on its timeline, no review case.
    {
      ...review('FC-3', 'review', 'C-4', '2022-07-30'),
      accepted: false,
      notAcceptedReason: '超过法定期限',
    },
    // 9. Bad: the matter of C-1 is final.
    review('FC-4', 'review', 'C-1', '2022-06-05'),
    // 10. Bad: a hearing on a 复查.
    review('FC-5', 'review', 'C-3', '2022-04-15', {
      hearing: { from: '2022-04-16', to: '2022-04-16' },
    }),
    // 11. Bad: a decision without its delivery.
    review('FC-6', 'review', 'C-3', '2022-04-15', {
      decision: 'upheld',
      decidedAt: '2022-04-20T09:00:00+08:00',
    }),
    // 12. Bad: 复核 of a review that is not in the file.
    review('FH-2', 're_review', 'FC-99', '2022-06-05'),
    // 13. Bad: delivered before it was decided.
    review('FC-7', 'review', 'C-3', '2022-04-15', decided('2022-04-20', '2022-04-19')),
  ];

  beforeAll(async () => {
    t = await createTestApp();
    t.clock.set(new Date('2026-01-20T02:00:00Z'));
    worker = await startWorker(t);
    officer = (await t.tokenFor('officer')).token;
    leader = (await t.tokenFor('leader')).token;
    api = exchangeApi(t);
    await makeUnit(t.app, { code: 'U-ZJ', name: '区住房建设局' });
  });
  afterAll(async () => {
    await worker.close();
    await t.close();
  });

  const idOf = async (kind: string, ref: string) =>
    Number(
      (
        await t.db.query<{ id: string }[]>(
          'SELECT entity_id AS id FROM import_keys WHERE kind = ? AND source_key = ?',
          [kind, ref],
        )
      )[0].id,
    );
  const timeline = async (id: number) =>
    (
      await t.request('GET', `/api/v1/cases/${id}/timeline`, { token: officer })
    ).json<TimelineJson>();
  const get = async (id: number) =>
    (await t.request('GET', `/api/v1/cases/${id}`, { token: officer })).json<{
      caseNo: string;
      status: string;
      reviewStage: string | null;
      clocks: { kind: string; status: string; dueDate: string }[];
    }>();

  it('imports the reviews through the review chain and reports the bad lines by line number', async () => {
    const res = await api.upload(officer, 'history', 'reviews-2022.jsonl', jsonl(records));
    expect(res.statusCode).toBe(202);
    const job = await api.waitFor(officer, res.json<ImportJson>().id);
    expect(job).toEqual(
      expect.objectContaining({
        status: 'done',
        totalRows: 13,
        validRows: 8,
        errorRows: 5,
        createdRows: 8,
        existingRows: 0,
      }),
    );
    const report = await readXlsx(
      (await api.download(officer, `/api/v1/imports/${job.id}/errors?format=xlsx`)).raw,
    );
    expect(report.slice(1).map((r) => [r[0], r[1], r[2], r[3]])).toEqual([
      ['9', 'FC-4', 'case', 'MATTER_FINAL'],
      ['10', 'FC-5', 'hearing', 'HEARING_NOT_ALLOWED'],
      ['11', 'FC-6', 'deliveredAt', 'REQUIRED'],
      ['11', 'FC-6', 'deliveryMethod', 'REQUIRED'],
      ['12', 'FH-2', 'case', 'CASE_REF_UNKNOWN'],
      ['13', 'FC-7', 'deliveredAt', 'DELIVERED_BEFORE_DECISION'],
    ]);
    // Four cases and three review cases; nothing of the bad lines.
    expect(await countRows(t.db, 'cases')).toBe(7);
    expect(await countRows(t.db, 'case_reviews')).toBe(3);
  });

  it('the chain reads as if recorded live: own numbers, statuses, clocks, both timelines', async () => {
    const [c1, fc1, fh1] = [
      await idOf('case', 'C-1'),
      await idOf('review', 'FC-1'),
      await idOf('review', 'FH-1'),
    ];
    const original = await get(c1);
    expect(original).toMatchObject({ status: 'final', reviewStage: 'final' });
    const rev = await get(fc1);
    const reRev = await get(fh1);
    expect(rev.status).toBe('final');
    expect(reRev.status).toBe('final');
    expect(new Set([original.caseNo, rev.caseNo, reRev.caseNo]).size).toBe(3);
    expect(rev.caseNo).toMatch(/-2022-\d{6}$/);
    for (const c of [original, rev, reRev])
      expect(c.clocks.filter((k) => k.status === 'running')).toEqual([]);

    const rows = await t.db.query<Record<string, unknown>[]>(
      `SELECT case_id AS caseId, kind, original_case_id AS originalId, contested_case_id AS contestedId,
              late, hearing_days AS hearingDays, decision, decision_body AS body,
              DATE_FORMAT(CONVERT_TZ(delivered_at, '+00:00', '+08:00'), '%Y-%m-%d') AS delivered
         FROM case_reviews ORDER BY case_id`,
    );
    expect(rows).toEqual([
      expect.objectContaining({
        caseId: fc1,
        kind: 'review',
        contestedId: c1,
        late: 0,
        hearingDays: 0,
        decision: 'uphold',
        body: '东湖区人民政府',
        delivered: '2022-04-22',
      }),
      expect.objectContaining({
        caseId: fh1,
        kind: 're_review',
        originalId: c1,
        contestedId: fc1,
        hearingDays: 3,
        decision: 'modify',
        delivered: '2022-06-01',
      }),
      expect.objectContaining({ kind: 'review', decision: 'revoke', delivered: '2022-05-12' }),
    ]);
    // Decision clocks: met at delivery; the re-review's paused for the hearing's three days.
    const clocks = await t.db.query<Record<string, unknown>[]>(
      `SELECT case_id AS caseId, kind, status, paused_days AS paused,
              DATE_FORMAT(CONVERT_TZ(ended_at, '+00:00', '+08:00'), '%Y-%m-%d') AS ended
         FROM clocks WHERE kind IN ('review_decision', 're_review_decision', 'review_request_window')
          AND case_id IN (?, ?, ?) ORDER BY case_id, id`,
      [c1, fc1, fh1],
    );
    expect(clocks).toEqual([
      {
        caseId: c1,
        kind: 'review_request_window',
        status: 'satisfied',
        paused: 0,
        ended: '2022-04-01',
      },
      {
        caseId: fc1,
        kind: 'review_decision',
        status: 'satisfied',
        paused: 0,
        ended: '2022-04-22',
      },
      {
        caseId: fh1,
        kind: 're_review_decision',
        status: 'satisfied',
        paused: 3,
        ended: '2022-06-01',
      },
    ]);

    const tl = await timeline(c1);
    expect(tl.chainIntact).toBe(true);
    expect(tl.events.map((e) => [e.type, e.at.slice(0, 10)])).toEqual([
      ['registered', '2022-03-01'],
      ['transferred', '2022-03-02'],
      ['accepted', '2022-03-03'],
      ['answered', '2022-03-20'],
      ['closed', '2022-03-20'],
      ['evaluated', '2022-03-20'],
      ['review_requested', '2022-04-01'],
      ['review_decided', '2022-04-20'],
      ['review_requested', '2022-05-06'],
      ['hearing_started', '2022-05-10'],
      ['hearing_ended', '2022-05-12'],
      ['review_decided', '2022-05-30'],
      ['matter_final', '2022-05-30'],
    ]);
    expect(tl.events.at(-1)).toMatchObject({
      toStatus: 'final',
      data: expect.objectContaining({ reReviewCaseNo: reRev.caseNo }),
    });
    const revTl = await timeline(fc1);
    expect(revTl.chainIntact).toBe(true);
    expect(revTl.events.map((e) => e.type)).toEqual([
      'review_requested',
      'review_decided',
      'review_requested', // the 复核 against it
      'matter_final',
    ]);
    const reRevTl = await timeline(fh1);
    expect(reRevTl.chainIntact).toBe(true);
    expect(reRevTl.events.map((e) => e.type)).toEqual([
      'review_requested',
      'hearing_started',
      'hearing_ended',
      'review_decided',
    ]);

    // The refused request: on C-4's timeline dated at receipt, no review case.
    const c4 = await get(await idOf('case', 'C-4'));
    expect(c4.reviewStage).toBeNull();
    const refused = (await timeline(await idOf('case', 'C-4'))).events.at(-1)!;
    expect(refused).toMatchObject({
      type: 'review_not_accepted',
      at: '2022-07-30T01:00:00.000Z',
      data: expect.objectContaining({ reason: '超过法定期限' }),
    });
  });

  it('复查复核 handled in 2022 is what the records say (3: two 复查, one 复核)', async () => {
    const res = await t.request('GET', '/api/v1/metrics?from=2022-01-01&to=2022-12-31', {
      token: leader,
    });
    expect(res.statusCode).toBe(200);
    const figure = res
      .json<{ figures: { key: string; value: number }[] }>()
      .figures.find((f) => f.key === 'reviewsHandled');
    expect(figure?.value).toBe(3);
  });

  it('importing the same file again creates nothing', async () => {
    const before = {
      cases: await countRows(t.db, 'cases'),
      reviews: await countRows(t.db, 'case_reviews'),
      events: await countRows(t.db, 'case_events'),
      clocks: await countRows(t.db, 'clocks'),
    };
    const res = await api.upload(officer, 'history', 'reviews-2022.jsonl', jsonl(records));
    const again = await api.waitFor(officer, res.json<ImportJson>().id);
    expect(again).toEqual(
      expect.objectContaining({ status: 'done', createdRows: 0, existingRows: 8, errorRows: 5 }),
    );
    expect({
      cases: await countRows(t.db, 'cases'),
      reviews: await countRows(t.db, 'case_reviews'),
      events: await countRows(t.db, 'case_events'),
      clocks: await countRows(t.db, 'clocks'),
    }).toEqual(before);
  });

  it('a later file may contest cases and reviews of an earlier import', async () => {
    const res = await api.upload(
      officer,
      'history',
      'reviews-2022-more.jsonl',
      jsonl([
        review('FC-10', 'review', 'C-3', '2022-04-20', decided('2022-05-05', '2022-05-06')),
        review('FH-20', 're_review', 'FC-2', '2022-05-20', decided('2022-06-10', '2022-06-12')),
        // Bad: C-1's matter became final in the first file.
        review('FC-11', 'review', 'C-1', '2022-06-20'),
      ]),
    );
    const job = await api.waitFor(officer, res.json<ImportJson>().id);
    expect(job).toEqual(expect.objectContaining({ createdRows: 2, errorRows: 1 }));
    const c2 = await get(await idOf('case', 'C-2'));
    expect(c2).toMatchObject({ status: 'final', reviewStage: 'final' });
    const figures = (
      await t.request('GET', '/api/v1/metrics?from=2022-01-01&to=2022-12-31', { token: leader })
    ).json<{ figures: { key: string; value: number }[] }>().figures;
    expect(figures.find((f) => f.key === 'reviewsHandled')?.value).toBe(5);
  });
});
