import { strFromU8, unzipSync } from 'fflate';
import { countRows, makeUnit } from '@app/testing';
import { caseApi, type CaseJson } from './support/cases';
import { samplePdf } from './support/files';
import { createTestApp, expectError, type TestApp } from './support/test-app';

const DAY = 86_400_000;

interface LetterJson {
  id: number;
  number: string;
  seq: number;
  status: string;
  version: number;
  overdue: boolean;
  voided: boolean;
  replyDueDate: string;
  repliedOnTime: boolean | null;
  actions?: { type: string }[];
}

describe('supervision letters, key matters, missions (e2e)', () => {
  let t: TestApp;
  let officer: string;
  let supervisor: string;
  let reception: string;
  let leader: string;
  let unitA: number;
  let unitB: number;
  let handlerA: string;
  let handlerB: string;
  let cases: CaseJson[];

  beforeAll(async () => {
    t = await createTestApp();
    t.clock.set(new Date('2022-05-06T02:00:00Z'));
    officer = (await t.tokenFor('officer')).token;
    supervisor = (await t.tokenFor('supervisor')).token;
    reception = (await t.tokenFor('reception')).token;
    leader = (await t.tokenFor('leader')).token;
    unitA = (await makeUnit(t.app, { name: '区住房和城乡建设局' })).id;
    unitB = (await makeUnit(t.app, { name: '区人力资源和社会保障局' })).id;
    handlerA = (await t.tokenFor('unit_handler', unitA)).token;
    handlerB = (await t.tokenFor('unit_handler', unitB)).token;
    const api = caseApi(t);
    cases = [];
    for (let i = 0; i < 3; i++) {
      const c = (await api.register(officer)).json<CaseJson>();
      await api.act(officer, c.id, 'transfer', { unitId: unitA });
      cases.push(c);
    }
  });
  afterAll(() => t.close());

  const letterBody = (overrides: Record<string, unknown> = {}) => ({
    caseIds: [cases[0].id, cases[1].id],
    unitId: unitA,
    type: 'ordinary',
    reason: 'overdue',
    requirements: '请于收函后立即组织核查，依法依规妥善处理，并书面报告办理情况。',
    signer: '李局长',
    contactPerson: '王科员',
    contactPhone: '020-81234567',
    ...overrides,
  });
  const issue = (token: string, overrides: Record<string, unknown> = {}) =>
    t.request('POST', '/api/v1/supervision-letters', { token, body: letterBody(overrides) });
  const act = async (
    token: string,
    id: number,
    action: string,
    body: Record<string, unknown> = {},
  ) => {
    const current = (
      await t.request('GET', `/api/v1/supervision-letters/${id}`, { token: officer })
    ).json<LetterJson>();
    return t.request('POST', `/api/v1/supervision-letters/${id}/${action}`, {
      token,
      body: { version: current.version, ...body },
    });
  };

  it('numbers letters issued concurrently without gaps or duplicates', async () => {
    const results = await Promise.all(Array.from({ length: 30 }, () => issue(officer)));
    expect(results.map((r) => r.statusCode).filter((s) => s !== 201)).toEqual([]);
    const letters = results.map((r) => r.json<LetterJson>());
    expect(letters.map((l) => l.seq).sort((a, b) => a - b)).toEqual(
      Array.from({ length: 30 }, (_, i) => i + 1),
    );
    expect(new Set(letters.map((l) => l.number)).size).toBe(30);
    for (const l of letters) expect(l.number).toBe(`测信督〔2022〕${l.seq}号`);
    // Default reply deadline: 15 working days after 2022-05-06 (Fri), 05-07 (Sat) being a 调休 working day.
    expect(letters[0].replyDueDate).toBe('2022-05-26');
  });

  it('walks issue → receipt → reply → return → reply → accept, with every action recorded', async () => {
    const letter = (await issue(supervisor)).json<LetterJson>();
    expect(letter.status).toBe('issued');
    expect((await act(handlerA, letter.id, 'receive')).json()).toMatchObject({
      status: 'received',
    });
    expect((await act(officer, letter.id, 'chase', { note: '请抓紧办理' })).json()).toMatchObject({
      chaseCount: 1,
    });
    const replied = (
      await act(handlerA, letter.id, 'reply', { text: '已组织核查，问题已整改。' })
    ).json();
    expect(replied).toMatchObject({ status: 'replied', repliedOnTime: true });
    expect(
      (await act(officer, letter.id, 'return', { note: '回复未附整改材料' })).json(),
    ).toMatchObject({
      status: 'returned',
      returnCount: 1,
    });
    await act(handlerA, letter.id, 'reply', { text: '补充整改材料。' });
    const accepted = (await act(supervisor, letter.id, 'accept')).json();
    expect(accepted).toMatchObject({ status: 'accepted', closedAt: expect.any(String) });
    const detail = (
      await t.request('GET', `/api/v1/supervision-letters/${letter.id}`, { token: officer })
    ).json<LetterJson>();
    const timeline = (
      await t.request('GET', `/api/v1/cases/${cases[0].id}/timeline`, { token: officer })
    ).json();
    expect(timeline.events.map((e: { type: string }) => e.type)).toContain(
      'supervision_letter_issued',
    );
    expect(timeline.chainIntact).toBe(true);
    expect(detail.actions!.map((a) => a.type)).toEqual([
      'issued',
      'receive',
      'chase',
      'reply',
      'return',
      'reply',
      'accept',
    ]);
    expectError(
      await act(handlerA, letter.id, 'reply', { text: '再回复' }),
      409,
      'INVALID_TRANSITION_FROM_ACCEPTED',
    );
  });

  it('the unit attaches files to its reply; other units cannot reach them', async () => {
    const letter = (await issue(officer)).json<LetterJson>();
    const pdf = await samplePdf('reply');
    const boundary = '----letter-boundary';
    const upload = (token: string, name: string, data: Buffer) =>
      t.app.inject({
        method: 'POST',
        url: `/api/v1/supervision-letters/${letter.id}/attachments`,
        headers: {
          authorization: `Bearer ${token}`,
          'content-type': `multipart/form-data; boundary=${boundary}`,
        },
        payload: Buffer.concat([
          Buffer.from(
            `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${name}"\r\n\r\n`,
          ),
          data,
          Buffer.from(`\r\n--${boundary}--\r\n`),
        ]),
      });
    const up = await upload(handlerA, '整改报告.pdf', pdf);
    expect(up.statusCode).toBe(201);
    expect((await upload(handlerA, 'virus.pdf', Buffer.from('MZ\x90\x00'))).statusCode).toBe(415);
    expect((await upload(handlerB, '整改报告.pdf', pdf)).statusCode).toBe(403);
    const detail = (
      await t.request('GET', `/api/v1/supervision-letters/${letter.id}`, { token: officer })
    ).json();
    expect(detail.attachments).toEqual([
      expect.objectContaining({ filename: '整改报告.pdf', sizeBytes: pdf.length }),
    ]);
    const down = await t.app.inject({
      method: 'GET',
      url: `/api/v1/supervision-letters/${letter.id}/attachments/${up.json<{ id: number }>().id}`,
      headers: { authorization: `Bearer ${officer}` },
    });
    expect(Buffer.compare(down.rawPayload, pdf)).toBe(0);
    await act(handlerA, letter.id, 'reply', { text: '已整改，附整改报告。' });
    await act(officer, letter.id, 'accept');
    const late = await upload(handlerA, '补充.pdf', pdf);
    expect(late.statusCode).toBe(409);
    expect(late.json()).toMatchObject({ code: 'INVALID_TRANSITION_FROM_ACCEPTED' });
  });

  it('a letter past its reply deadline shows as overdue and is found by the overdue filter', async () => {
    const letter = (await issue(officer, { replyDueDate: '2022-05-10' })).json<LetterJson>();
    expect(letter.overdue).toBe(false);
    t.clock.advance(5 * DAY);
    const now = (
      await t.request('GET', `/api/v1/supervision-letters/${letter.id}`, { token: officer })
    ).json<LetterJson>();
    expect(now.overdue).toBe(true);
    const overdue = (
      await t.request('GET', '/api/v1/supervision-letters?overdue=true&limit=200', {
        token: officer,
      })
    ).json();
    expect(overdue.items.map((l: LetterJson) => l.id)).toContain(letter.id);
    const late = (
      await act(handlerA, letter.id, 'reply', { text: '迟到的回复。' })
    ).json<LetterJson>();
    expect(late).toMatchObject({ repliedOnTime: false, overdue: false });
    await act(officer, letter.id, 'escalate', { escalation: 'summons', note: '约谈单位负责人' });
    const escalated = (
      await t.request('GET', `/api/v1/supervision-letters/${letter.id}`, { token: officer })
    ).json();
    expect(escalated.lastEscalation).toBe('summons');
    t.clock.set(new Date('2022-05-06T02:00:00Z'));
  });

  it('a voided letter keeps its number and shows as voided', async () => {
    const letter = (await issue(officer)).json<LetterJson>();
    const voided = (
      await act(officer, letter.id, 'void', { reason: '督办对象有误' })
    ).json<LetterJson>();
    expect(voided).toMatchObject({ status: 'voided', voided: true, number: letter.number });
    const next = (await issue(officer)).json<LetterJson>();
    expect(next.seq).toBe(letter.seq + 1);
    expectError(await act(handlerA, letter.id, 'receive'), 409, 'INVALID_TRANSITION_FROM_VOIDED');
    const listed = (
      await t.request('GET', '/api/v1/supervision-letters?status=voided', { token: officer })
    ).json();
    expect(listed.items.map((l: LetterJson) => l.number)).toEqual([letter.number]);
  });

  it('renders the letter as a .docx and a PDF whose text carries the number, unit, cases and dates', async () => {
    const letter = (await issue(officer, { replyDueDate: '2022-05-20' })).json<LetterJson>();
    const get = (suffix: string, token = officer) =>
      t.app.inject({
        method: 'GET',
        url: `/api/v1/supervision-letters/${letter.id}/document.${suffix}`,
        headers: { authorization: `Bearer ${token}` },
      });
    const docx = await get('docx');
    expect(docx.statusCode).toBe(200);
    expect(docx.headers['content-type']).toContain('wordprocessingml');
    const xml = strFromU8(unzipSync(new Uint8Array(docx.rawPayload))['word/document.xml']);
    const text = xml.replace(/<[^>]+>/g, '');
    for (const expected of [
      letter.number,
      '区住房和城乡建设局',
      cases[0].caseNo,
      cases[1].caseNo,
      '2022年5月20日',
      '2022年5月6日',
      '测试区信访局',
      '李局长',
      '普通督办',
    ]) {
      expect(text).toContain(expected);
    }
    const pdf = await get('pdf');
    expect(pdf.statusCode).toBe(200);
    expect(pdf.headers['content-type']).toBe('application/pdf');
    expect(pdf.rawPayload.subarray(0, 5).toString()).toBe('%PDF-');
    expect(pdf.rawPayload.includes(Buffer.from('/FontFile2'))).toBe(true);
    const denied = await get('pdf', handlerB);
    expect(denied.statusCode).toBe(403);
    expect(denied.json()).toMatchObject({ code: 'LETTER_OUT_OF_SCOPE' });

    await act(officer, letter.id, 'void', { reason: '重复发函' });
    const files = unzipSync(new Uint8Array((await get('docx')).rawPayload));
    expect(
      Object.values(files)
        .map((f) => strFromU8(f))
        .join(''),
    ).toContain('作废');
  });

  it('lists letters by unit, type, year and case; cases show their letters', async () => {
    await issue(officer, { type: 'listed', caseIds: [cases[2].id] });
    const listed = (
      await t.request('GET', '/api/v1/supervision-letters?type=listed', { token: officer })
    ).json();
    expect(listed.items).toHaveLength(1);
    const byCase = (
      await t.request('GET', `/api/v1/cases/${cases[2].id}/supervision-letters`, { token: officer })
    ).json();
    expect(byCase).toHaveLength(1);
    expect(
      (await t.request('GET', '/api/v1/supervision-letters?year=2021', { token: officer })).json()
        .items,
    ).toEqual([]);
    expect(
      (
        await t.request('GET', `/api/v1/supervision-letters?unitId=${unitB}`, { token: officer })
      ).json().items,
    ).toEqual([]);
  });

  it('permissions: a unit sees only its letters; only officers and supervisors issue', async () => {
    const letter = (await issue(officer)).json<LetterJson>();
    expectError(
      await t.request('GET', `/api/v1/supervision-letters/${letter.id}`, { token: handlerB }),
      403,
      'LETTER_OUT_OF_SCOPE',
    );
    expect(
      (await t.request('GET', '/api/v1/supervision-letters?limit=200', { token: handlerB })).json()
        .items,
    ).toEqual([]);
    const mine = (
      await t.request('GET', '/api/v1/supervision-letters?limit=200', { token: handlerA })
    ).json();
    expect(mine.items.length).toBeGreaterThan(0);
    expectError(await act(handlerB, letter.id, 'receive'), 403);
    for (const token of [reception, handlerA, leader])
      expectError(await issue(token), 403, 'FORBIDDEN_ROLE');
    expectError(
      await act(handlerA, letter.id, 'chase', { note: '自己催自己' }),
      403,
      'FORBIDDEN_ROLE',
    );
  });

  it('refuses bad letters with 4xx and writes nothing', async () => {
    const before = await Promise.all(
      ['supervision_letters', 'supervision_letter_cases', 'supervision_letter_actions'].map((x) =>
        countRows(t.db, x),
      ),
    );
    expectError(await issue(officer, { caseIds: [999999] }), 400, 'CASES_NOT_FOUND');
    expectError(await issue(officer, { unitId: unitB }), 400, 'CASE_NOT_AT_UNIT');
    expectError(await issue(officer, { replyDueDate: '2022-05-01' }), 400, 'REPLY_DUE_PAST');
    expectError(await issue(officer, { type: 'urgent' }), 400, 'VALIDATION_FAILED');
    expectError(await issue(officer, { caseIds: [] }), 400, 'VALIDATION_FAILED');
    expectError(await issue(officer, { requirements: '' }), 400, 'VALIDATION_FAILED');
    expectError(await issue(officer, { replyDueDate: '2099-02-30' }), 400, 'VALIDATION_FAILED');
    const after = await Promise.all(
      ['supervision_letters', 'supervision_letter_cases', 'supervision_letter_actions'].map((x) =>
        countRows(t.db, x),
      ),
    );
    expect(after).toEqual(before);
  });

  it('drives a key matter from opening to 化解 with all five slots', async () => {
    const created = await t.request('POST', '/api/v1/key-matters', {
      token: officer,
      body: {
        title: '某小区业主反映房屋质量问题',
        category: 'issue',
        description: '涉及 120 户业主，多次集体访。',
        caseIds: [cases[0].id],
        sourceLevel: 'district',
        leaderInCharge: '张副区长',
      },
    });
    expect(created.statusCode).toBe(201);
    const km = created.json();
    expect(km.slotsFilled).toBe(1);
    expect(km.slots.find((s: { slot: string }) => s.slot === 'plan')).toMatchObject({
      filled: false,
      label: '一套化解方案',
    });

    const resolve = (version: number) =>
      t.request('POST', `/api/v1/key-matters/${km.id}/resolve`, {
        token: leader,
        body: {
          version,
          resolved: true,
          date: '2022-05-06',
          outcomes: ['solved', 'educated'],
          evidence: '整改验收报告',
        },
      });
    const missing = expectError(await resolve(km.version), 409, 'KEY_MATTER_SLOTS_MISSING');
    expect(missing.details).toEqual({ missing: ['taskForce', 'plan', 'measures', 'deadline'] });

    const filled = await t.request('PATCH', `/api/v1/key-matters/${km.id}`, {
      token: officer,
      body: {
        version: km.version,
        taskForce: '区住建局、街道办联合专班',
        plan: '一户一策，分类处置',
        measures: '落实困难帮扶，做好稳控',
        deadline: '2022-06-30',
      },
    });
    expect(filled.json()).toMatchObject({ slotsFilled: 5, version: km.version + 1 });
    expectError(
      await t.request('PATCH', `/api/v1/key-matters/${km.id}`, {
        token: officer,
        body: { version: km.version, plan: '旧版本' },
      }),
      409,
      'STALE_VERSION',
    );
    await t.request('POST', `/api/v1/key-matters/${km.id}/progress`, {
      token: officer,
      body: { date: '2022-05-05', note: '召开业主座谈会' },
    });
    const resolved = (await resolve(km.version + 1)).json();
    expect(resolved).toMatchObject({
      status: 'resolved',
      resolvedDate: '2022-05-06',
      outcomes: { solved: true, educated: true, assisted: false, dealtByLaw: false },
    });
    expect(resolved.progress).toEqual([
      expect.objectContaining({ date: '2022-05-05', note: '召开业主座谈会' }),
    ]);
    expectError(
      await t.request('PATCH', `/api/v1/key-matters/${km.id}`, {
        token: officer,
        body: { version: resolved.version, plan: '再改' },
      }),
      409,
      'KEY_MATTER_CLOSED',
    );

    const summary = (
      await t.request('GET', '/api/v1/key-matters/summary?year=2022', { token: leader })
    ).json();
    expect(summary.resolvedThisYear).toBe(1);
  });

  it('tracks matters assigned from above with their report-back deadline; leaders see them by leader', async () => {
    expectError(
      await t.request('POST', '/api/v1/key-matters', {
        token: officer,
        body: {
          title: '省交办事项',
          category: 'group',
          description: '某群体诉求',
          caseIds: [],
          sourceLevel: 'provincial',
        },
      }),
      400,
      'REPORT_DUE_DATE_REQUIRED',
    );
    const km = (
      await t.request('POST', '/api/v1/key-matters', {
        token: officer,
        body: {
          title: '省交办事项',
          category: 'group',
          description: '某群体诉求',
          caseIds: [],
          sourceLevel: 'provincial',
          externalRef: 'SJ-KEY-0001',
          reportDueDate: '2022-05-20',
          leaderInCharge: '李副区长',
          deadline: '2022-05-01',
        },
      })
    ).json();
    expect(km).toMatchObject({ planOverdue: true, reportOverdue: false });
    const overdue = (
      await t.request('GET', '/api/v1/key-matters?planOverdue=true', { token: leader })
    ).json();
    expect(overdue.map((k: { id: number }) => k.id)).toEqual([km.id]);
    const summary = (
      await t.request('GET', '/api/v1/key-matters/summary?year=2022', { token: leader })
    ).json();
    expect(summary.openByLeader).toEqual(
      expect.arrayContaining([{ leader: '李副区长', open: 1, planOverdue: 1 }]),
    );
    const reported = await t.request('POST', `/api/v1/key-matters/${km.id}/report`, {
      token: officer,
      body: { version: km.version },
    });
    expect(reported.json().reportedAt).toEqual(expect.any(String));
    expectError(await t.request('GET', '/api/v1/key-matters', { token: handlerA }), 403);
  });

  it('records persuasion missions and totals them', async () => {
    const body = {
      kind: 'away',
      place: '北京',
      startDate: '2022-03-01',
      endDate: '2022-03-05',
      staff: ['王某', '李某'],
      personsPersuaded: 3,
      personsReturned: 2,
      cost: 6820.5,
      caseIds: [cases[1].id],
    };
    const created = await t.request('POST', '/api/v1/missions', { token: officer, body });
    expect(created.statusCode).toBe(201);
    expect(created.json()).toMatchObject({
      kindLabel: '赴外劝返',
      cost: 6820.5,
      caseIds: [cases[1].id],
      staff: ['王某', '李某'],
    });
    await t.request('POST', '/api/v1/missions', {
      token: officer,
      body: { ...body, kind: 'on_site', place: '省信访局', cost: 1200 },
    });
    const list = (await t.request('GET', '/api/v1/missions?year=2022', { token: leader })).json();
    expect(list.totals).toEqual({
      missions: 2,
      personsPersuaded: 6,
      personsReturned: 4,
      cost: 8020.5,
    });
    const before = await countRows(t.db, 'persuasion_missions');
    expectError(
      await t.request('POST', '/api/v1/missions', {
        token: officer,
        body: { ...body, endDate: '2022-02-01' },
      }),
      400,
      'MISSION_DATES',
    );
    expectError(
      await t.request('POST', '/api/v1/missions', {
        token: officer,
        body: { ...body, personsReturned: 9 },
      }),
      400,
      'MISSION_COUNTS',
    );
    expectError(
      await t.request('POST', '/api/v1/missions', { token: officer, body: { ...body, cost: -1 } }),
      400,
      'VALIDATION_FAILED',
    );
    expect(await countRows(t.db, 'persuasion_missions')).toBe(before);
  });
});
