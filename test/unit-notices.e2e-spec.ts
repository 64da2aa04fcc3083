import type { INestApplicationContext } from '@nestjs/common';
import { WorkNotices } from '@app/core';
import { makeUnit } from '@app/testing';
import { caseApi, idNumber, phone, type CaseJson } from './support/cases';
import {
  flushTestRedis,
  startWebhookSink,
  startWorker,
  waitFor,
  type WebhookSink,
} from './support/reminders';
import { createTestApp, type TestApp } from './support/test-app';

// Nothing here waits for a clock's stage: the scheduled sweep stays out of the way.
process.env.REMINDER_SWEEP_INTERVAL_MS = '3600000';
process.env.WEBHOOK_ALLOWED_TARGETS = '127.0.0.1';

interface NoticeJson {
  id: number;
  stage: string;
  clockKind: string;
  caseId: number | null;
  letterId: number | null;
  dueDate: string;
  title: string;
  body: string;
}

interface LetterJson {
  id: number;
  number: string;
  version: number;
}

/**
 * DESIGN §4 (issue 17): a unit is told when work arrives — a case handed to it, a supervision
 * letter issued, chased, escalated, returned or accepted, an extension decided, a case it handled
 * taken to review — in its handlers' inboxes and through the outbound channels, in the same
 * transaction as the change.
 */
describe('units are told when work arrives (e2e)', () => {
  let t: TestApp;
  let worker: INestApplicationContext;
  let sink: WebhookSink;
  let officer: string;
  let supervisor: string;
  let unitId: number;
  let handler: string;
  let colleague: string;
  let stranger: string;

  beforeAll(async () => {
    await flushTestRedis();
    t = await createTestApp();
    t.clock.set(new Date('2026-06-01T02:00:00Z'));
    worker = await startWorker(t.clock);
    sink = await startWebhookSink();
    officer = (await t.tokenFor('officer')).token;
    supervisor = (await t.tokenFor('supervisor')).token;
    unitId = (await makeUnit(t.app, { name: '区市场监督管理局' })).id;
    handler = (await t.tokenFor('unit_handler', unitId)).token;
    colleague = (await t.tokenFor('unit_handler', unitId)).token;
    stranger = (await t.tokenFor('unit_handler', (await makeUnit(t.app)).id)).token;
    const admin = (await t.tokenFor('admin')).token;
    const hook = await t.request('POST', '/api/v1/webhooks', {
      token: admin,
      body: { name: '政务协同平台', url: sink.url, secret: 'unit-notices-secret-0123456789' },
    });
    expect(hook.statusCode).toBe(201);
  });
  afterAll(async () => {
    await worker?.close();
    await sink?.close();
    await t?.close();
  });

  const api = () => caseApi(t);
  const ok = async <T = CaseJson>(
    p: Promise<{ statusCode: number; body: string; json<J>(): J }>,
  ): Promise<T> => {
    const res = await p;
    if (res.statusCode >= 300) throw new Error(`${res.statusCode} ${res.body}`);
    return res.json<T>();
  };
  const notices = async (token: string) =>
    (
      await ok<{ items: NoticeJson[] }>(
        t.request('GET', '/api/v1/notifications?limit=100', { token }),
      )
    ).items.filter((n) => n.stage === 'notice');
  const letterAct = async (
    token: string,
    id: number,
    action: string,
    body: Record<string, unknown> = {},
  ) => {
    const l = await ok<LetterJson>(
      t.request('GET', `/api/v1/supervision-letters/${id}`, { token: officer }),
    );
    return ok<LetterJson>(
      t.request('POST', `/api/v1/supervision-letters/${id}/${action}`, {
        token,
        body: { version: l.version, ...body },
      }),
    );
  };

  it("a unit's handlers get a notice for each kind of arriving work; another unit gets none", async () => {
    const before = (await notices(handler)).length;
    // 转送 and 交办
    const transferred = await ok(api().register(officer, { title: '反映某超市销售过期食品' }));
    await ok(api().act(officer, transferred.id, 'transfer', { unitId }));
    const assigned = await ok(api().register(officer, { title: '反映某餐馆无证经营' }));
    await ok(api().act(officer, assigned.id, 'assign', { unitId, reportDueDate: '2026-06-30' }));
    // 延期 approved for a case the unit accepted
    await ok(api().act(handler, transferred.id, 'accept'));
    await ok(api().act(supervisor, transferred.id, 'extend', { days: 15, reason: '案情复杂' }));
    // a 督办函, chased, escalated (约谈), returned and accepted
    const letter = await ok<LetterJson>(
      t.request('POST', '/api/v1/supervision-letters', {
        token: supervisor,
        body: {
          caseIds: [assigned.id],
          unitId,
          type: 'ordinary',
          reason: 'stalling',
          requirements: '请抓紧核查并书面回复。',
          signer: '督查科',
        },
      }),
    );
    await letterAct(supervisor, letter.id, 'chase', { note: '请于本周内回复' });
    await letterAct(supervisor, letter.id, 'escalate', {
      escalation: 'summons',
      note: '约谈单位负责人',
    });
    await letterAct(handler, letter.id, 'reply', { text: '已核查。' });
    await letterAct(supervisor, letter.id, 'return', { note: '回复未说明整改措施' });
    await letterAct(handler, letter.id, 'reply', { text: '已核查并整改。' });
    await letterAct(supervisor, letter.id, 'accept', { note: '同意办结' });
    // the answered case taken to 复查, and the review decided
    await ok(
      api().act(handler, transferred.id, 'answer', {
        decision: 'support',
        facts: '经查属实，已责令整改。',
        basis: '《食品安全法》',
        deliveryMethod: 'in_person',
        deliveredAt: t.clock.now().toISOString(),
      }),
    );
    await ok(api().act(officer, transferred.id, 'close'));
    const review = await ok(
      api().act(officer, transferred.id, 'review-request', {
        channel: 'letter',
        reasons: '对处理意见不服，请求复查。',
      }),
    );
    await ok(
      api().act(officer, review.id, 'review-decision', {
        decision: 'uphold',
        reasons: '原处理意见认定事实清楚。',
        decisionBody: '区人民政府',
        deliveryMethod: 'post',
        deliveredAt: t.clock.now().toISOString(),
      }),
    );

    const mine = (await notices(handler)).slice(0, -before || undefined).reverse();
    expect(mine.map((n) => n.clockKind)).toEqual([
      'case_transferred',
      'case_assigned',
      'extension_decided',
      'letter_issued',
      'letter_chased',
      'letter_escalated',
      'letter_returned',
      'letter_accepted',
      'review_requested',
      'review_decided',
    ]);
    const byKind = new Map(mine.map((n) => [n.clockKind, n]));
    expect(byKind.get('case_transferred')).toMatchObject({ caseId: transferred.id });
    expect(byKind.get('case_transferred')!.title).toContain(`【新转送】${transferred.caseNo}`);
    expect(byKind.get('case_assigned')!.title).toContain(`【新交办】${assigned.caseNo}`);
    expect(byKind.get('case_assigned')!.body).toContain('2026-06-30');
    expect(byKind.get('case_assigned')!.dueDate).toBe('2026-06-30');
    expect(byKind.get('extension_decided')!.body).toContain('15');
    for (const k of ['letter_issued', 'letter_chased', 'letter_escalated', 'letter_returned']) {
      expect(byKind.get(k)).toMatchObject({ letterId: letter.id });
      expect(byKind.get(k)!.title).toContain(letter.number);
    }
    expect(byKind.get('letter_escalated')!.title).toContain('约谈');
    expect(byKind.get('review_requested')).toMatchObject({ caseId: transferred.id });
    expect(byKind.get('review_requested')!.title).toContain(transferred.caseNo);

    // Every handler of the unit, and no one else.
    expect((await notices(colleague)).length).toBe(mine.length + before);
    expect(await notices(stranger)).toEqual([]);

    // The webhook receives them too, one delivery each.
    const hooks = await waitFor(() => {
      const got = sink.received.filter(
        (r) => (JSON.parse(r.body) as { stage?: string }).stage === 'notice',
      );
      return got.length >= mine.length ? got : undefined;
    });
    const first = JSON.parse(hooks[0].body) as Record<string, unknown>;
    expect(first).toMatchObject({
      stage: 'notice',
      kind: 'case_transferred',
      case: { id: transferred.id, caseNo: transferred.caseNo },
      unit: { id: unitId },
    });
    for (const n of sink.counts().values()) expect(n).toBe(1);
  });

  it('a confidential accusation is announced without its accuser', async () => {
    const accuser = { kind: 'person', name: '检举人诸葛明', idNumber: idNumber(), phone: phone() };
    const c = await ok(
      api().register(officer, {
        purpose: 'accusation',
        confidentialAccuser: true,
        title: `${accuser.name}检举某局违规收费`,
        content: `${accuser.name}（电话 ${accuser.phone}）检举某局违规收费。`,
        petitioners: [{ ...accuser, address: '某市某区某路 1 号' }],
      }),
    );
    await ok(api().act(officer, c.id, 'transfer', { unitId }));
    const [n] = (await notices(handler)).filter((x) => x.caseId === c.id);
    expect(n.title).toContain(c.caseNo);
    const hook = await waitFor(() =>
      sink.received.find(
        (r) => (JSON.parse(r.body) as { case?: { id: number } }).case?.id === c.id,
      ),
    );
    for (const text of [n.title, n.body, hook.body]) {
      for (const secret of [accuser.name, accuser.phone, accuser.idNumber]) {
        expect(text).not.toContain(secret);
      }
    }
  });

  it('a change rolled back tells no one', async () => {
    const notifier = t.app.get(WorkNotices);
    const c = await ok(api().register(officer));
    await expect(
      t.db.transaction(async (m) => {
        await notifier.arrived(m, [
          {
            kind: 'case_transferred',
            unitId,
            case: { id: c.id, caseNo: c.caseNo, title: '撤回', confidentialAccuser: false },
          },
        ]);
        throw new Error('rolled back');
      }),
    ).rejects.toThrow('rolled back');
    expect(await t.db.query('SELECT id FROM reminders WHERE case_id = ?', [c.id])).toEqual([]);
    // The next notice is delivered; the rolled-back one never was (deliveries go in order).
    await ok(api().act(officer, c.id, 'transfer', { unitId }));
    const about = () =>
      sink.received.filter(
        (r) => (JSON.parse(r.body) as { case?: { id: number } }).case?.id === c.id,
      );
    await waitFor(() => (about().length ? true : undefined));
    expect(about().map((r) => (JSON.parse(r.body) as { title: string }).title)).toEqual([
      expect.stringContaining('【新转送】'),
    ]);
    expect((await notices(handler)).filter((n) => n.caseId === c.id)).toHaveLength(1);
  });
});
