import { CASE_COMMANDS, type CaseCommand } from '@app/cases';
import { makeUnit } from '@app/testing';
import { caseApi, type CaseJson } from './support/cases';
import { samplePdf } from './support/files';
import { uploadFile } from './support/multipart';
import { createTestApp, type Reply, type TestApp } from './support/test-app';

let PDF: Buffer;
const SAMPLE_STATUSES = ['registered', 'transferred', 'accepted', 'answered', 'closed'] as const;
type Sample = (typeof SAMPLE_STATUSES)[number];
const ROLES = ['reception', 'officer', 'supervisor', 'leader', 'unit_handler'] as const;

/**
 * The case detail's allowedActions against the endpoints themselves: for a sample of statuses ×
 * roles, every listed action succeeds when called, and every action not listed is refused (403 or
 * 409), so the console's buttons match what the API accepts.
 */
describe('allowed actions of a case (e2e)', () => {
  let t: TestApp;
  let api: ReturnType<typeof caseApi>;
  let tokens: Record<(typeof ROLES)[number], string>;
  let officerId: number;
  let unitA: number;
  let unitB: number;

  beforeAll(async () => {
    PDF = await samplePdf('材料');
    t = await createTestApp();
    api = caseApi(t);
    unitA = (await makeUnit(t.app, { name: '区住房和城乡建设局' })).id;
    unitB = (await makeUnit(t.app, { name: '区城市管理局' })).id;
    const officer = await t.tokenFor('officer');
    officerId = officer.userId;
    tokens = {
      reception: (await t.tokenFor('reception')).token,
      officer: officer.token,
      supervisor: (await t.tokenFor('supervisor')).token,
      leader: (await t.tokenFor('leader')).token,
      unit_handler: (await t.tokenFor('unit_handler', unitA)).token,
    };
  });
  afterAll(() => t.close());

  const ok = (r: Reply): CaseJson => {
    if (r.statusCode >= 300) throw new Error(`${r.statusCode} ${r.body}`);
    return r.json<CaseJson>();
  };

  /** A new case driven to `status` by the bureau and unit A. */
  async function caseIn(status: Sample): Promise<CaseJson> {
    let c = ok(await api.register(tokens.reception));
    if (status === 'registered') return c;
    c = ok(await api.act(tokens.officer, c.id, 'transfer', { unitId: unitA }));
    if (status === 'transferred') return c;
    c = ok(await api.act(tokens.unit_handler, c.id, 'accept'));
    if (status === 'accepted') return c;
    c = ok(await api.act(tokens.unit_handler, c.id, 'answer', answerBody()));
    if (status === 'answered') return c;
    return ok(await api.act(tokens.officer, c.id, 'close'));
  }

  const answerBody = () => ({
    decision: 'support',
    facts: '经查，反映情况属实。',
    basis: '依据《物业管理条例》',
    deliveryMethod: 'in_person',
    deliveredAt: t.clock.now().toISOString(),
  });

  /** Calls the endpoint behind a command with a valid body. */
  async function run(command: CaseCommand, token: string, c: CaseJson): Promise<Reply> {
    const v = { version: c.version };
    const post = (path: string, body: object) =>
      t.request('POST', `/api/v1/cases/${c.id}/${path}`, { token, body: { ...v, ...body } });
    const tomorrow = new Date(t.clock.now().getTime() + 3 * 86_400_000).toISOString().slice(0, 10);
    switch (command) {
      case 'edit':
        return t.request('PATCH', `/api/v1/cases/${c.id}`, {
          token,
          body: { ...v, title: '反映小区电梯故障问题' },
        });
      case 'transfer':
        return post('transfer', { unitId: unitB });
      case 'assign':
        return post('assign', { unitId: unitB, reportDueDate: tomorrow });
      case 'refer':
        return post('refer', { to: 'political_legal', reason: '涉法涉诉事项' });
      case 'not_accept':
        return post('not-accept', { route: 'litigation', reason: '已进入诉讼程序' });
      case 'accept':
        return post('accept', {});
      case 'object':
        return post('object', { reason: '不属于本单位职责' });
      case 'extend':
        return post('extend', { days: 10, reason: '案情复杂' });
      case 'answer':
        return post('answer', answerBody());
      case 'report':
        return post('report', { report: '已办结' });
      case 'close':
        return post('close', {});
      case 'evaluate':
        return post('evaluate', { evaluation: 'satisfied' });
      case 'reassign_officer':
        return post('officer', { officerId });
      case 'take':
        return post('take', {});
      case 'link_repeat':
        return post('repeat-link', { firstCaseId: null });
      case 'attach': {
        const res = await uploadFile(t.app, token, `/api/v1/cases/${c.id}/attachments`, {
          filename: '答复意见书.pdf',
          data: PDF,
        });
        return { statusCode: res.statusCode, headers: res.headers, body: res.body, json: res.json };
      }
      case 'reveal':
        return t.request(
          'POST',
          `/api/v1/cases/${c.id}/petitioners/${c.petitioners[0].id}/reveal`,
          {
            token,
            body: { reason: '核实信访人身份' },
          },
        );
      case 'reveal_delivery_contact':
        return t.request(
          'POST',
          `/api/v1/cases/${c.id}/petitioners/${c.petitioners[0].id}/delivery-contact`,
          { token, body: { reason: '送达处理意见书' } },
        );
      case 'receipt':
        return t.request('GET', `/api/v1/cases/${c.id}/receipt.pdf`, { token });
      case 'request_review':
        return post('review-request', { channel: 'letter', reasons: '对处理意见不服' });
      case 'decide_review':
        return post('review-decision', {
          decision: 'uphold',
          reasons: '原处理意见正确',
          decisionBody: '区人民政府',
          deliveryMethod: 'post',
          deliveredAt: t.clock.now().toISOString(),
        });
      case 'start_hearing':
        return post('hearing/start', { at: t.clock.now().toISOString() });
      case 'end_hearing':
        return post('hearing/end', { at: t.clock.now().toISOString() });
      case 'settle_final_match':
        return post('final-match', { confirm: false, note: '不是同一事项' });
      case 'correct_upper_office':
        return post('upper-office', { provincialDueDate: tomorrow, reason: '上级来函更正期限' });
    }
  }

  for (const status of SAMPLE_STATUSES) {
    for (const role of ROLES) {
      // A registered case has not been handed to any unit: the unit cannot see it (tested below).
      if (status === 'registered' && role === 'unit_handler') continue;
      // The supervisor is the officer plus extensions: sampled where an extension can be asked.
      if (role === 'supervisor' && status !== 'accepted') continue;
      it(`${status} × ${role}: listed actions succeed, the others are refused`, async () => {
        const c = await caseIn(status);
        const detail = await t.request('GET', `/api/v1/cases/${c.id}`, { token: tokens[role] });
        expect(detail.statusCode).toBe(200);
        const allowed = detail.json<{ allowedActions: CaseCommand[] }>().allowedActions;
        expect(allowed.every((a) => CASE_COMMANDS.includes(a))).toBe(true);

        // Wrong answers, collected so a failure names every command at once.
        const wrong: string[] = [];
        const refused = CASE_COMMANDS.filter((a) => !allowed.includes(a));
        const seen = await api.get(tokens.officer, c.id);
        for (const command of refused) {
          const res = await run(command, tokens[role], seen);
          if (res.statusCode !== 403 && res.statusCode !== 409)
            wrong.push(`${command} not listed but answered ${res.statusCode} ${res.body}`);
        }
        // Nothing refused changed the case.
        expect((await api.get(tokens.officer, c.id)).version).toBe(seen.version);

        for (const command of allowed) {
          const fresh = await caseIn(status);
          const res = await run(command, tokens[role], await api.get(tokens.officer, fresh.id));
          if (res.statusCode >= 300)
            wrong.push(`${command} listed but answered ${res.statusCode} ${res.body}`);
        }
        expect(wrong).toEqual([]);
      });
    }
  }

  it('shows no case at all to a unit it was never handed to', async () => {
    const registered = await caseIn('registered');
    const sent = await caseIn('transferred');
    const other = await t.tokenFor('unit_handler', unitB);
    for (const [c, token] of [
      [registered, tokens.unit_handler],
      [sent, other.token],
    ] as const) {
      const res = await t.request('GET', `/api/v1/cases/${c.id}`, { token });
      expect(res.statusCode).toBe(403);
    }
  });

  it('lists accept and object for the unit a case was sent to, and not once it objected', async () => {
    const c = await caseIn('transferred');
    const detail = await t.request('GET', `/api/v1/cases/${c.id}`, { token: tokens.unit_handler });
    expect(detail.json<{ allowedActions: string[] }>().allowedActions).toEqual(
      expect.arrayContaining(['accept', 'object', 'attach']),
    );
    ok(await run('object', tokens.unit_handler, await api.get(tokens.officer, c.id)));
    const after = await t.request('GET', `/api/v1/cases/${c.id}`, { token: tokens.unit_handler });
    expect(after.json<{ allowedActions: string[] }>().allowedActions).toEqual([]);
  });
});
