import { makeUnit } from '@app/testing';
import { caseApi, type CaseJson } from '../support/cases';
import { samplePdf } from '../support/files';
import { uploadFile } from '../support/multipart';
import { createTestApp, expectError, type TestApp } from '../support/test-app';

/**
 * A unit that objected keeps its own record of the case (the header, its own hop, what it
 * uploaded) and nothing the case gathered after it left.
 */
describe('what a former unit still sees (e2e)', () => {
  let t: TestApp;
  let officer: string;
  let supervisor: string;
  let admin: string;
  let unitA: number;
  let unitB: number;
  let handlerA: string;
  let handlerB: string;
  const api = () => caseApi(t);
  const upload = async (token: string, caseId: number, filename: string) => {
    const res = await uploadFile(t.app, token, `/api/v1/cases/${caseId}/attachments`, {
      filename,
      data: await samplePdf(filename),
    });
    expect(res.statusCode).toBe(201);
    return res.json<{ id: number }>();
  };

  beforeAll(async () => {
    t = await createTestApp();
    officer = (await t.tokenFor('officer')).token;
    supervisor = (await t.tokenFor('supervisor')).token;
    admin = (await t.tokenFor('admin')).token;
    unitA = (await makeUnit(t.app)).id;
    unitB = (await makeUnit(t.app)).id;
    handlerA = (await t.tokenFor('unit_handler', unitA)).token;
    handlerB = (await t.tokenFor('unit_handler', unitB)).token;
  });
  afterAll(() => t.close());

  it('after objecting, unit A keeps the header, its hop and its file, not unit B’s work', async () => {
    const c = (await api().register(officer)).json<CaseJson>();
    const before = await upload(officer, c.id, '来信原件.pdf');
    await api().act(officer, c.id, 'transfer', { unitId: unitA });
    const fromA = await upload(handlerA, c.id, '甲单位核实.pdf');
    expect(
      (await api().act(handlerA, c.id, 'object', { reason: '不属于本单位职责' })).statusCode,
    ).toBe(200);
    await api().act(officer, c.id, 'transfer', { unitId: unitB });
    await api().act(handlerB, c.id, 'accept');
    const report = await upload(handlerB, c.id, '乙单位内部报告.pdf');
    const answered = await api().act(handlerB, c.id, 'answer', {
      decision: 'support',
      facts: '乙单位核查属实的情况',
      basis: '乙单位依据的规定',
      deliveryMethod: 'post',
      deliveredAt: t.clock.now().toISOString(),
    });
    expect(answered.statusCode).toBe(200);

    const seen = await t.request('GET', `/api/v1/cases/${c.id}`, { token: handlerA });
    expect(seen.statusCode).toBe(200);
    const a = seen.json<CaseJson>();
    expect(a.caseNo).toBe(c.caseNo);
    expect(a.hops.map((h) => h.unitId)).toEqual([unitA]);
    expect((a.attachments as { id: number }[]).map((f) => f.id).sort()).toEqual(
      [before.id, fromA.id].sort(),
    );
    expect(a.answer).toBeNull();
    expect(a.responsibleUnitId).toBeNull();
    expect(a.nextClock).toBeNull();
    const ownHops = new Set(a.hops.map((h) => h.id));
    expect(a.clocks.filter((k) => k.hopId !== null && !ownHops.has(k.hopId))).toEqual([]);
    expect(seen.body).not.toContain('乙单位');

    // Today unit A downloads unit B's internal report.
    expectError(
      await t.request('GET', `/api/v1/cases/${c.id}/attachments/${report.id}`, {
        token: handlerA,
      }),
      404,
      'ATTACHMENT_NOT_FOUND',
    );
    const mine = await t.request('GET', `/api/v1/cases/${c.id}/attachments/${fromA.id}`, {
      token: handlerA,
    });
    expect(mine.statusCode).toBe(200);

    const timeline = await t.request('GET', `/api/v1/cases/${c.id}/timeline`, {
      token: handlerA,
    });
    const types = timeline.json<{ events: { type: string }[] }>().events.map((e) => e.type);
    expect(types).toEqual([
      'registered',
      'attachment_added',
      'transferred',
      'attachment_added',
      'objected',
    ]);
    expect(timeline.body).not.toContain('乙单位');

    const list = await t.request('GET', '/api/v1/cases?limit=50', { token: handlerA });
    const row = list.json<{ items: CaseJson[] }>().items.find((i) => i.id === c.id)!;
    expect(row).toMatchObject({ responsibleUnitId: null, nextClock: null });

    // Unit B, the bureau: everything.
    const b = await api().get(handlerB, c.id);
    expect(b.answer).not.toBeNull();
    expect((await api().get(supervisor, c.id)).attachments).toHaveLength(3);
  });

  it('GET /cases/0/supervision-letters is a 400, not a list of every letter', async () => {
    const c = (await api().register(officer)).json<CaseJson>();
    await api().act(officer, c.id, 'transfer', { unitId: unitA });
    const issued = await t.request('POST', '/api/v1/supervision-letters', {
      token: supervisor,
      body: {
        caseIds: [c.id],
        unitId: unitA,
        type: 'ordinary',
        reason: 'overdue',
        requirements: '请抓紧办理并书面回复。',
        signer: '督查科',
      },
    });
    expect(issued.statusCode).toBe(201);
    for (const id of ['0', '-1']) {
      expectError(
        await t.request('GET', `/api/v1/cases/${id}/supervision-letters`, { token: officer }),
        400,
      );
      // The admin is refused the letter list, whatever id is asked for.
      expectError(
        await t.request('GET', `/api/v1/cases/${id}/supervision-letters`, { token: admin }),
        403,
      );
    }
    expectError(
      await t.request('GET', `/api/v1/cases/${c.id}/supervision-letters`, { token: admin }),
      403,
    );
    const own = await t.request('GET', `/api/v1/cases/${c.id}/supervision-letters`, {
      token: officer,
    });
    expect(own.json<unknown[]>()).toHaveLength(1);
    // A unit that never had the case does not learn about its letters.
    expectError(
      await t.request('GET', `/api/v1/cases/${c.id}/supervision-letters`, { token: handlerB }),
      403,
    );
  });
});
