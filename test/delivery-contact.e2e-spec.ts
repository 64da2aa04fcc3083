import { makeUnit } from '@app/testing';
import { caseApi, idNumber, phone, type CaseJson } from './support/cases';
import { createTestApp, expectError, type TestApp } from './support/test-app';

interface AuditEntry {
  kind: string;
  reason: string;
  caseId: number | null;
  petitionerId: number;
  user: { id: number };
}
interface TimelineEvent {
  type: string;
  actorId: number | null;
  data: Record<string, unknown>;
}

/**
 * Issue 17: the unit that must deliver the 处理意见书 can reach the petitioner. While the case is
 * at the unit, accepted and not yet answered, its handler reads the name, phone and address (not
 * the ID number) with a reason, logged (kind `delivery`) and on the timeline; any other unit, any
 * other stage and every confidential accusation (检举控告) is refused with a coded 403.
 */
describe("the handling unit's delivery contact (e2e)", () => {
  let t: TestApp;
  let api: ReturnType<typeof caseApi>;
  let officer: { token: string; userId: number };
  let admin: string;
  let unitA: number;
  let unitB: number;
  let handlerA: { token: string; userId: number };
  let handlerB: string;

  beforeAll(async () => {
    t = await createTestApp();
    api = caseApi(t);
    officer = await t.tokenFor('officer');
    admin = (await t.tokenFor('admin')).token;
    unitA = (await makeUnit(t.app, { name: '区住房和城乡建设局' })).id;
    unitB = (await makeUnit(t.app, { name: '区城市管理局' })).id;
    handlerA = await t.tokenFor('unit_handler', unitA);
    handlerB = (await t.tokenFor('unit_handler', unitB)).token;
  });
  afterAll(() => t.close());

  const person = () => ({
    kind: 'person',
    name: '送达对象李某',
    idNumber: idNumber(),
    phone: phone(),
    address: '某市某区幸福路 18 号 3 栋 201',
  });

  const ok = (r: { statusCode: number; body: string; json: <T>() => T }): CaseJson => {
    if (r.statusCode >= 300) throw new Error(`${r.statusCode} ${r.body}`);
    return r.json<CaseJson>();
  };

  /** A case registered with `p`, sent to unit A (and accepted there unless told otherwise). */
  async function atUnitA(
    p: ReturnType<typeof person>,
    opts: { accept?: boolean; overrides?: Record<string, unknown> } = {},
  ) {
    let c = ok(await api.register(officer.token, { petitioners: [p], ...opts.overrides }));
    c = ok(await api.act(officer.token, c.id, 'transfer', { unitId: unitA }));
    if (opts.accept !== false) c = ok(await api.act(handlerA.token, c.id, 'accept'));
    return api.get(officer.token, c.id);
  }

  const ask = (
    token: string,
    c: CaseJson,
    petitionerId: number,
    body: Record<string, unknown> = { reason: '电话联系送达处理意见书' },
  ) =>
    t.request('POST', `/api/v1/cases/${c.id}/petitioners/${petitionerId}/delivery-contact`, {
      token,
      body,
    });

  const logOf = async (caseId: number) =>
    (await t.request('GET', `/api/v1/audit/reveals?caseId=${caseId}`, { token: admin })).json<{
      items: AuditEntry[];
    }>().items;
  const allowedFor = async (token: string, id: number) =>
    (await t.request('GET', `/api/v1/cases/${id}`, { token })).json<{
      allowedActions: string[];
    }>().allowedActions;

  it('the handler of the unit that accepted the case reads name, phone and address, logged and on the timeline', async () => {
    const p = person();
    const c = await atUnitA(p);
    const pid = c.petitioners[0].id;
    expect(await allowedFor(handlerA.token, c.id)).toContain('reveal_delivery_contact');
    // The unit's own view of the case is masked until then.
    const before = await api.get(handlerA.token, c.id);
    expect(before.petitioners[0]).toMatchObject({ masked: true });
    expect(JSON.stringify(before.petitioners)).not.toContain(p.phone);

    const res = await ask(handlerA.token, c, pid);
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({
      petitionerId: pid,
      name: p.name,
      phone: p.phone,
      address: p.address,
    });
    expect(res.body).not.toContain(p.idNumber);

    expect(await logOf(c.id)).toEqual([
      expect.objectContaining({
        kind: 'delivery',
        reason: '电话联系送达处理意见书',
        caseId: c.id,
        petitionerId: pid,
        user: expect.objectContaining({ id: handlerA.userId }),
      }),
    ]);
    for (const token of [officer.token, handlerA.token]) {
      const events = (await t.request('GET', `/api/v1/cases/${c.id}/timeline`, { token })).json<{
        events: TimelineEvent[];
        chainIntact: boolean;
      }>();
      expect(events.chainIntact).toBe(true);
      expect(events.events.filter((e) => e.type === 'delivery_contact_revealed')).toEqual([
        expect.objectContaining({
          actorId: handlerA.userId,
          data: { petitionerId: pid, reason: '电话联系送达处理意见书' },
        }),
      ]);
    }
    // The unit then answers, as before; after that it no longer reaches the petitioner.
    const answered = await api.act(handlerA.token, c.id, 'answer', {
      decision: 'support',
      facts: '经查，反映情况属实。',
      basis: '依据《物业管理条例》',
      deliveryMethod: 'post',
      deliveredAt: t.clock.now().toISOString(),
    });
    expect(answered.statusCode).toBe(200);
    expect(await allowedFor(handlerA.token, c.id)).not.toContain('reveal_delivery_contact');
    expectError(await ask(handlerA.token, c, pid), 403, 'DELIVERY_CONTACT_NOT_HANDLING');
    expect(await logOf(c.id)).toHaveLength(1);
  });

  it('needs a reason: none, blank or too long is 400 and nothing is logged', async () => {
    const c = await atUnitA(person());
    const pid = c.petitioners[0].id;
    for (const body of [{}, { reason: '' }, { reason: '   ' }, { reason: '查'.repeat(201) }]) {
      expectError(await ask(handlerA.token, c, pid, body), 400);
    }
    expect(await logOf(c.id)).toEqual([]);
    expect((await api.get(officer.token, c.id)).version).toBe(c.version);
  });

  it('is refused before the unit accepts the case (403), and to another unit', async () => {
    const sent = await atUnitA(person(), { accept: false });
    const pid = sent.petitioners[0].id;
    expect(await allowedFor(handlerA.token, sent.id)).not.toContain('reveal_delivery_contact');
    expectError(await ask(handlerA.token, sent, pid), 403, 'DELIVERY_CONTACT_NOT_HANDLING');

    const accepted = await atUnitA(person());
    const res = await ask(handlerB, accepted, accepted.petitioners[0].id);
    expectError(res, 403, 'CASE_OUT_OF_SCOPE');
    expect(await logOf(sent.id)).toEqual([]);
    expect(await logOf(accepted.id)).toEqual([]);
  });

  it('a unit that objected and no longer holds the case is refused; the unit now handling it may', async () => {
    const p = person();
    let c = await atUnitA(p, { accept: false });
    ok(await api.act(handlerA.token, c.id, 'object', { reason: '不属于本单位职责' }));
    ok(await api.act(officer.token, c.id, 'transfer', { unitId: unitB }));
    ok(await api.act(handlerB, c.id, 'accept'));
    c = await api.get(officer.token, c.id);
    const pid = c.petitioners[0].id;
    expectError(await ask(handlerA.token, c, pid), 403, 'CASE_NOT_AT_YOUR_UNIT');
    const res = await ask(handlerB, c, pid);
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ phone: p.phone });
  });

  it('is for unit handlers only: the bureau reveals through its own logged view', async () => {
    const c = await atUnitA(person());
    expectError(await ask(officer.token, c, c.petitioners[0].id), 403);
  });

  it.each([
    ['检举控告', { purpose: 'accusation', confidentialAccuser: true }],
    ['检举控告 without the secrecy flag', { purpose: 'accusation' }],
    ['an accuser kept confidential', { purpose: 'complaint', confidentialAccuser: true }],
  ])('%s: the unit reads nothing of the accuser; the bureau delivers', async (_, overrides) => {
    const p = person();
    const c = await atUnitA(p, { overrides });
    const pid = c.petitioners[0].id;
    expect(await allowedFor(handlerA.token, c.id)).not.toContain('reveal_delivery_contact');
    const res = await ask(handlerA.token, c, pid);
    expectError(res, 403, 'DELIVERY_BY_BUREAU');
    expect(res.json<{ message: string }>().message).toContain('由信访局送达');
    // Not even whether the id guessed is on the case: any id gets the same answer.
    expectError(await ask(handlerA.token, c, pid + 1_000_000), 403, 'DELIVERY_BY_BUREAU');
    for (const secret of [p.name, p.phone, p.address, p.idNumber]) {
      expect(res.body).not.toContain(secret);
    }
    expect(await logOf(c.id)).toEqual([]);
    const events = (
      await t.request('GET', `/api/v1/cases/${c.id}/timeline`, { token: officer.token })
    ).json<{ events: TimelineEvent[] }>().events;
    expect(events.map((e) => e.type)).not.toContain('delivery_contact_revealed');
  });
});
