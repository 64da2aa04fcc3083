import { strFromU8, unzipSync } from 'fflate';
import { countRows, makeUnit } from '@app/testing';
import { caseApi, idNumber as newIdNumber, type CaseJson } from './support/cases';
import { pdfText } from './support/pdf-text';
import { createTestApp, expectError, type Reply, type TestApp } from './support/test-app';

/** An instant given as a Shanghai wall-clock time. */
const sh = (date: string, time = '10:00') => new Date(`${date}T${time}:00+08:00`);

interface NoticeJson {
  id: number;
  caseId: number;
  kind: string;
  number: string | null;
  title: string;
  text: string[];
  templateVersion: number;
  dueDate: string | null;
  late: boolean;
  recipient: string;
  generatedAt: string;
  deliveryMethod: string | null;
  deliveredAt: string | null;
  version: number;
}

interface TemplateJson {
  kind: string;
  title: string;
  body: string;
  version: number;
  numbered: boolean;
  placeholders: { name: string; label: string }[];
}

interface TimelineJson {
  events: { type: string; actorId: number | null; data: Record<string, unknown> }[];
  chainIntact: boolean;
}

/** The text of a .docx as Word holds it: word/document.xml with the markup taken out. */
function docxText(docx: Buffer): string {
  const xml = strFromU8(unzipSync(new Uint8Array(docx))['word/document.xml']);
  return xml.replace(/<[^>]+>/g, '');
}

describe('the notices petitioners receive (e2e)', () => {
  let t: TestApp;
  let api: ReturnType<typeof caseApi>;
  let reception: string;
  let officer: string;
  let leader: string;
  let admin: string;
  let unitA: number;
  let handlerA: string;

  beforeAll(async () => {
    t = await createTestApp();
    api = caseApi(t);
    reception = (await t.tokenFor('reception')).token;
    officer = (await t.tokenFor('officer')).token;
    leader = (await t.tokenFor('leader')).token;
    admin = (await t.tokenFor('admin')).token;
    unitA = (await makeUnit(t.app, { name: '区住房和城乡建设局' })).id;
    handlerA = (await t.tokenFor('unit_handler', unitA)).token;
  });
  afterAll(() => t.close());

  const at = (date: string, time = '10:00') => t.clock.set(sh(date, time));
  const ok = async <T = CaseJson>(res: Promise<Reply> | Reply, status = 200): Promise<T> => {
    const r = await res;
    if (r.statusCode !== status) throw new Error(`${r.statusCode} ${r.body}`);
    return r.json<T>();
  };
  const generate = (id: number, kind: string, token = officer) =>
    t.request('POST', `/api/v1/cases/${id}/notices`, { token, body: { kind } });
  const issued = (id: number, kind: string, token = officer) =>
    ok<NoticeJson>(generate(id, kind, token), 201);
  const download = async (n: NoticeJson, ext: 'docx' | 'pdf', token = officer) => {
    const res = await t.app.inject({
      method: 'GET',
      url: `/api/v1/cases/${n.caseId}/notices/${n.id}/document.${ext}`,
      headers: { authorization: `Bearer ${token}` },
    });
    if (res.statusCode !== 200) throw new Error(`${res.statusCode} ${res.body}`);
    return res;
  };
  const wordText = async (n: NoticeJson) => docxText((await download(n, 'docx')).rawPayload);
  const deliver = (n: NoticeJson, body: Record<string, unknown>, token = officer) =>
    t.request('POST', `/api/v1/cases/${n.caseId}/notices/${n.id}/delivery`, {
      token,
      body: { version: n.version, method: 'post', ...body },
    });
  const timeline = async (id: number, token = officer) =>
    ok<TimelineJson>(t.request('GET', `/api/v1/cases/${id}/timeline`, { token }));
  const requestReview = (id: number, version: number, reasons: string) =>
    t.request('POST', `/api/v1/cases/${id}/review-request`, {
      token: officer,
      body: { version, channel: 'letter', reasons },
    });
  const decide = (id: number, version: number, decision: string, reasons: string) =>
    t.request('POST', `/api/v1/cases/${id}/review-decision`, {
      token: officer,
      body: {
        version,
        decision,
        reasons,
        decisionBody: '区人民政府',
        deliveryMethod: 'post',
        deliveredAt: t.clock.now().toISOString(),
      },
    });

  it('issues each notice from the case, in its state only, numbered per kind and year, delivery on the timeline', async () => {
    const person = { kind: 'person', name: '欧阳明月', idNumber: newIdNumber() };
    at('2026-03-02', '09:05');
    const c = await ok(
      api.register(reception, { title: '反映小区电梯长期故障', petitioners: [person] }),
      201,
    );

    // 登记回执: unnumbered, printed by reception, the triage period from the case's clock.
    const slip = await issued(c.id, 'acknowledgement', reception);
    expect(slip).toMatchObject({ kind: 'acknowledgement', number: null, deliveredAt: null });
    let text = await wordText(slip);
    expect(text).toContain('测试区信访局');
    expect(text).toContain('信访事项登记回执');
    expect(text).toContain(`登记编号：${c.caseNo}`);
    expect(text).toContain('欧阳明月：');
    expect(text).toContain('2026年3月2日 09:05以来访形式');
    expect(text).toContain('15日内（最迟于2026年3月17日前）');
    expect(text).not.toContain('{{');

    // 受理告知书 only once the case is handed over.
    expectError(await generate(c.id, 'acceptance'), 409, 'NOTICE_CASE_NOT_HANDED_OVER');
    expectError(await generate(c.id, 'acceptance', reception), 403, 'NOTICE_KIND_NOT_ALLOWED');
    at('2026-03-05');
    await ok(api.act(officer, c.id, 'transfer', { unitId: unitA }));
    const acceptance = await issued(c.id, 'acceptance');
    expect(acceptance).toMatchObject({
      number: '测信受〔2026〕1号',
      title: '信访事项受理告知书',
      dueDate: '2026-03-17',
      late: false,
      recipient: '欧阳明月',
    });
    text = await wordText(acceptance);
    expect(text).toContain('测信受〔2026〕1号');
    expect(text).toContain('你（们）于2026年3月2日提出的信访事项');
    expect(text).toContain('本机关已于2026年3月5日');
    expect(text).toContain('转送区住房和城乡建设局办理');
    expect(text).toContain('自收到之日起15日内告知你（们）是否受理');
    expect(text).toContain('自受理之日起60日内办结');
    expect(text).toContain('2026年3月5日'); // 成文日期
    expectError(await generate(c.id, 'acceptance'), 409, 'NOTICE_ALREADY_ISSUED');

    // Delivery: method and time on the notice and on the timeline (no name there).
    expectError(
      await deliver(acceptance, { deliveredAt: sh('2026-03-06').toISOString() }),
      400,
      'NOTICE_DELIVERED_IN_FUTURE',
    );
    expectError(
      await deliver(acceptance, { deliveredAt: sh('2026-03-04').toISOString() }),
      400,
      'NOTICE_DELIVERED_BEFORE_ISSUE',
    );
    expectError(await deliver(acceptance, { deliveredAt: 'yesterday' }), 400, 'VALIDATION_FAILED');
    expectError(
      await deliver(acceptance, { version: 7, deliveredAt: t.clock.now().toISOString() }),
      409,
      'STALE_VERSION',
    );
    const delivered = await ok<NoticeJson>(
      deliver(acceptance, { method: 'in_person', deliveredAt: t.clock.now().toISOString() }),
    );
    expect(delivered).toMatchObject({
      deliveryMethod: 'in_person',
      deliveredAt: sh('2026-03-05').toISOString(),
      version: 2,
    });
    expectError(
      await deliver(delivered, { deliveredAt: t.clock.now().toISOString() }),
      409,
      'NOTICE_ALREADY_DELIVERED',
    );
    const tl = await timeline(c.id);
    expect(tl.chainIntact).toBe(true);
    expect(tl.events.slice(-2).map((e) => [e.type, e.data])).toEqual([
      [
        'notice_issued',
        { noticeId: acceptance.id, kind: 'acceptance', number: '测信受〔2026〕1号' },
      ],
      [
        'notice_delivered',
        {
          noticeId: acceptance.id,
          kind: 'acceptance',
          number: '测信受〔2026〕1号',
          deliveryMethod: 'in_person',
          deliveredAt: sh('2026-03-05').toISOString(),
        },
      ],
    ]);

    // 信访处理意见书 after the answer: facts, basis, decision, and the 30-day review window.
    expectError(await generate(c.id, 'answer'), 409, 'NOTICE_CASE_NOT_ANSWERED');
    await ok(api.act(handlerA, c.id, 'accept'));
    at('2026-03-20');
    await ok(
      api.act(handlerA, c.id, 'answer', {
        decision: 'reject',
        facts: '经查，该小区电梯已由物业公司于3月18日修复。',
        basis: '《物业管理条例》第三十五条',
        deliveryMethod: 'in_person',
        deliveredAt: sh('2026-03-20').toISOString(),
      }),
    );
    const answer = await issued(c.id, 'answer');
    expect(answer.number).toBe('测信处〔2026〕1号');
    text = await wordText(answer);
    expect(text).toContain('经区住房和城乡建设局调查核实');
    expect(text).toContain('一、查明的事实：经查，该小区电梯已由物业公司于3月18日修复。');
    expect(text).toContain('二、处理依据：《物业管理条例》第三十五条');
    expect(text).toContain('三、处理意见：不支持你（们）的信访请求。');
    expect(text).toContain('可以自收到本意见书之日起30日内，向原办理机关的上一级机关书面请求复查');
    expect(text).toContain('2026年3月20日');
    const pdf = await download(answer, 'pdf');
    expect(pdf.headers['content-type']).toBe('application/pdf');
    expect(pdf.rawPayload.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    const pdfLines = await pdfText(pdf.rawPayload);
    expect(pdfLines).toContain('测信处〔2026〕1号');
    expect(pdfLines).toContain('信访处理意见书');
    expect(pdfLines).toContain('30日内');

    // 复查意见书 on the review case once decided; 复核意见书 on the re-review case.
    await ok(api.act(officer, c.id, 'close'));
    at('2026-03-25');
    const original = await api.get(officer, c.id);
    expectError(await generate(c.id, 'review_opinion'), 409, 'NOTICE_NOT_A_REVIEW_CASE');
    const review = await ok(requestReview(c.id, original.version, '对处理意见不服。'), 201);
    expectError(await generate(review.id, 'review_opinion'), 409, 'NOTICE_REVIEW_NOT_DECIDED');
    at('2026-04-10');
    const decided = await ok(
      decide(review.id, review.version, 'uphold', '原处理意见认定事实清楚，适用依据正确。'),
    );
    const reviewOpinion = await issued(review.id, 'review_opinion');
    expect(reviewOpinion.number).toBe('测信复查〔2026〕1号');
    text = await wordText(reviewOpinion);
    expect(text).toContain(
      `不服登记编号为${c.caseNo}的信访事项的处理意见，于2026年3月25日提出复查请求`,
    );
    expect(text).toContain(`（登记编号：${review.caseNo}）`);
    expect(text).toContain('区人民政府依照《信访工作条例》有关规定进行了复查');
    expect(text).toContain('原处理意见认定事实清楚，适用依据正确。');
    expect(text).toContain('复查意见：维持原处理意见。');
    expect(text).toContain('自收到本意见书之日起30日内，向复查机关的上一级机关书面请求复核');
    expect(text).toContain('欧阳明月：');

    at('2026-04-20');
    // The notice is on the review case's timeline: its version has moved on past the decision.
    const current = await api.get(officer, decided.id);
    expect(current.version).toBe(decided.version + 1);
    const reReview = await ok(requestReview(review.id, current.version, '对复查意见不服。'), 201);
    expectError(await generate(reReview.id, 'review_opinion'), 409, 'NOTICE_NOT_A_REVIEW_CASE');
    at('2026-05-10');
    await ok(decide(reReview.id, reReview.version, 'uphold', '复查意见正确。'));
    const reReviewOpinion = await issued(reReview.id, 're_review_opinion');
    expect(reReviewOpinion.number).toBe('测信复核〔2026〕1号');
    text = await wordText(reReviewOpinion);
    expect(text).toContain(`复查件登记编号：${review.caseNo}），于2026年4月20日提出复核请求`);
    expect(text).toContain('复核意见：维持复查意见。');
    expect(text).toContain('本复核意见为该信访事项的最终处理意见');
    expect(text).toContain('2026年5月10日');

    // The same matter again: 不再受理告知书 once an officer confirms the final-matter match.
    at('2026-06-01');
    const again = await ok(api.register(reception, { petitioners: [person] }), 201);
    expect(again.finalMatchCaseId).toBe(c.id);
    expectError(await generate(again.id, 'not_reaccepted'), 409, 'NOTICE_CASE_NOT_FINAL_MATTER');
    await ok(
      t.request('POST', `/api/v1/cases/${again.id}/final-match`, {
        token: officer,
        body: { version: again.version, confirm: true },
      }),
    );
    expectError(await generate(again.id, 'refusal'), 409, 'NOTICE_CASE_NOT_REFUSED');
    const notAgain = await issued(again.id, 'not_reaccepted');
    expect(notAgain).toMatchObject({ number: '测信不再受〔2026〕1号', dueDate: '2026-06-16' });
    text = await wordText(notAgain);
    expect(text).toContain(`与登记编号为${c.caseNo}的信访事项系同一事实和理由，已经复核终结`);
    expect(text).toContain('本机关于2026年6月1日决定不再受理');

    // 不予受理告知书: the reason and the route the petitioner is told.
    const refusedCase = await ok(api.register(reception), 201);
    expectError(await generate(refusedCase.id, 'refusal'), 409, 'NOTICE_CASE_NOT_REFUSED');
    at('2026-06-03');
    await ok(
      api.act(officer, refusedCase.id, 'not-accept', {
        reason: '该事项已进入诉讼程序。',
        route: 'litigation',
      }),
    );
    const refusal = await issued(refusedCase.id, 'refusal');
    expect(refusal).toMatchObject({ number: '测信不受〔2026〕1号', dueDate: '2026-06-16' });
    text = await wordText(refusal);
    expect(text).toContain('经审查，该事项已进入诉讼程序。依照《信访工作条例》有关规定');
    expect(text).toContain('本机关于2026年6月3日决定不予受理');
    expect(text).toContain('你（们）可以依法向人民法院提起诉讼。');
    expect(text).toContain('张某某：');

    const list = await ok<NoticeJson[]>(
      t.request('GET', `/api/v1/cases/${c.id}/notices`, { token: leader }),
    );
    expect(list.map((n) => [n.kind, n.number, n.deliveryMethod])).toEqual([
      ['acknowledgement', null, null],
      ['acceptance', '测信受〔2026〕1号', 'in_person'],
      ['answer', '测信处〔2026〕1号', null],
    ]);
  });

  it('numbers without gaps or duplicates when generated at once; a refused generation gives its number back', async () => {
    at('2026-07-01');
    const cases = await Promise.all(
      [1, 2, 3].map(async () => {
        const c = await ok(api.register(reception), 201);
        await ok(api.act(officer, c.id, 'transfer', { unitId: unitA }));
        return c;
      }),
    );
    const before = await countRows(t.db, 'petitioner_notices');
    const tries = await Promise.all([
      generate(cases[0].id, 'acceptance'),
      generate(cases[0].id, 'acceptance'),
      generate(cases[1].id, 'acceptance'),
      generate(cases[2].id, 'acceptance'),
    ]);
    expect(tries.map((r) => r.statusCode).sort()).toEqual([201, 201, 201, 409]);
    expectError(
      tries.find((r) => r.statusCode === 409)!,
      409,
      'NOTICE_ALREADY_ISSUED',
    );
    const numbers = tries
      .filter((r) => r.statusCode === 201)
      .map((r) => r.json<NoticeJson>().number!)
      .sort();
    const seqs = numbers.map((n) => Number(/〕(\d+)号$/.exec(n)![1]));
    expect(seqs[1] - seqs[0]).toBe(1);
    expect(seqs[2] - seqs[1]).toBe(1);
    expect(await countRows(t.db, 'petitioner_notices')).toBe(before + 3);
    // The rolled-back one left no gap: the next number follows the last.
    const next = await ok(api.register(reception), 201);
    await ok(api.act(officer, next.id, 'transfer', { unitId: unitA }));
    expect((await issued(next.id, 'acceptance')).number).toBe(`测信受〔2026〕${seqs[2] + 1}号`);
  });

  it('is the bureau’s: a unit reads none, and its timeline of a hidden accuser names no one', async () => {
    at('2026-07-02');
    const c = await ok(
      api.register(officer, {
        purpose: 'accusation',
        confidentialAccuser: true,
        title: '检举某单位违规收费',
        petitioners: [{ kind: 'person', name: '司马检举', idNumber: newIdNumber() }],
      }),
      201,
    );
    await ok(api.act(officer, c.id, 'transfer', { unitId: unitA }));
    const n = await issued(c.id, 'acceptance');
    expect(await wordText(n)).toContain('司马检举：');
    await ok<NoticeJson>(deliver(n, { deliveredAt: t.clock.now().toISOString() }));

    expectError(
      await t.request('GET', `/api/v1/cases/${c.id}/notices`, { token: handlerA }),
      403,
      'FORBIDDEN_ROLE',
    );
    expectError(await generate(c.id, 'acceptance', handlerA), 403, 'FORBIDDEN_ROLE');
    for (const ext of ['docx', 'pdf']) {
      expectError(
        await t.request('GET', `/api/v1/cases/${c.id}/notices/${n.id}/document.${ext}`, {
          token: handlerA,
        }),
        403,
        'FORBIDDEN_ROLE',
      );
    }
    const unitTimeline = await timeline(c.id, handlerA);
    const noticeEvents = unitTimeline.events.filter((e) => e.type.startsWith('notice_'));
    expect(noticeEvents.map((e) => e.type)).toEqual(['notice_issued', 'notice_delivered']);
    expect(JSON.stringify(unitTimeline)).not.toContain('司马检举');

    // The leader reads; only officers (and reception, for the 回执) generate.
    expect((await download(n, 'docx', leader)).statusCode).toBe(200);
    expectError(await generate(c.id, 'acknowledgement', leader), 403, 'FORBIDDEN_ROLE');
    // A notice is read through its own case only.
    const other = await ok(api.register(reception), 201);
    expectError(
      await t.request('GET', `/api/v1/cases/${other.id}/notices/${n.id}/document.docx`, {
        token: officer,
      }),
      404,
      'NOTICE_NOT_FOUND',
    );
    expectError(
      await t.request('POST', `/api/v1/cases/${c.id}/notices`, {
        token: officer,
        body: { kind: 'summons' },
      }),
      400,
      'VALIDATION_FAILED',
    );
    expectError(await generate(999_999, 'acknowledgement'), 404, 'CASE_NOT_FOUND');
  });

  it('takes its text from the template an administrator edits (placeholders checked, version kept)', async () => {
    const templates = await ok<TemplateJson[]>(
      t.request('GET', '/api/v1/notice-templates', { token: admin }),
    );
    expect(templates.map((x) => x.kind).sort()).toEqual(
      [
        'acceptance',
        'acknowledgement',
        'answer',
        'not_reaccepted',
        're_review_opinion',
        'refusal',
        'review_opinion',
      ].sort(),
    );
    const tpl = templates.find((x) => x.kind === 'acknowledgement')!;
    expect(tpl).toMatchObject({ numbered: false, title: '信访事项登记回执' });
    expect(tpl.placeholders.map((p) => p.name)).toContain('triageDueDate');
    expectError(
      await t.request('GET', '/api/v1/notice-templates', { token: officer }),
      403,
      'FORBIDDEN_ROLE',
    );
    expectError(
      await t.request('GET', '/api/v1/notice-templates/summons', { token: admin }),
      404,
      'NOTICE_TEMPLATE_NOT_FOUND',
    );

    at('2026-08-03');
    const c = await ok(api.register(reception), 201);
    const before = await issued(c.id, 'acknowledgement', reception);

    const put = (body: Record<string, unknown>) =>
      t.request('PUT', '/api/v1/notice-templates/acknowledgement', {
        token: admin,
        body: { version: tpl.version, title: tpl.title, ...body },
      });
    const unknown = expectError(
      await put({ body: '登记编号{{caseNo}}，承办人{{officerPhone}}。' }),
      400,
      'NOTICE_UNKNOWN_PLACEHOLDER',
    );
    expect(unknown.details).toMatchObject({ unknown: ['officerPhone'] });
    expectError(await put({ body: '登记编号{{登记编号}}。' }), 400, 'NOTICE_TEMPLATE_INVALID');
    expectError(await put({ body: '   ' }), 400, 'VALIDATION_FAILED');
    expectError(await put({ title: '一'.repeat(21), body: '正文' }), 400, 'VALIDATION_FAILED');

    const preview = await ok<{ title: string; body: string }>(
      t.request('POST', '/api/v1/notice-templates/acknowledgement/preview', {
        token: admin,
        body: {
          title: '登记回执',
          body: '你的信访事项已登记，登记编号{{caseNo}}，{{ triageDueDate }}前告知。',
        },
      }),
    );
    expect(preview).toEqual({
      title: '登记回执',
      body: '你的信访事项已登记，登记编号【登记编号】，【决定期限届满日】前告知。',
    });

    const restore = () =>
      ok<TemplateJson>(
        t.request('PUT', '/api/v1/notice-templates/acknowledgement', {
          token: admin,
          body: { version: tpl.version + 1, title: tpl.title, body: tpl.body },
        }),
      );
    const edited = await ok<TemplateJson>(
      put({
        title: '信访事项接收回执',
        body: '你（们）的信访事项已于{{registeredDate}}登记，登记编号{{caseNo}}。\n\n本机关将于{{triageDueDate}}前决定办理方式。',
      }),
    );
    expect(edited.version).toBe(tpl.version + 1);
    expectError(await put({ body: '过期的版本' }), 409, 'STALE_VERSION');

    let after: NoticeJson;
    try {
      after = await issued(c.id, 'acknowledgement', reception);
    } finally {
      // The templates are reference data the next test file starts from.
      await restore();
    }
    expect(after.templateVersion).toBe(edited.version);
    const text = await wordText(after);
    expect(text).toContain('信访事项接收回执');
    expect(text).toContain(`你（们）的信访事项已于2026年8月3日登记，登记编号${c.caseNo}。`);
    expect(text).toContain('本机关将于2026年8月18日前决定办理方式。');
    // A notice issued before keeps the text it was issued with.
    const old = await wordText(before);
    expect(old).toContain('信访事项登记回执');
    expect(old).not.toContain('接收回执');
  });
});
