import { makeUnit } from '@app/testing';
import { caseApi, type CaseJson } from './support/cases';
import { pdfText } from './support/pdf-text';
import { createTestApp, expectError, type TestApp } from './support/test-app';

describe('登记回执 (e2e)', () => {
  let t: TestApp;
  let api: ReturnType<typeof caseApi>;
  let reception: string;
  let officer: string;
  let handler: string;
  let unitId: number;

  beforeAll(async () => {
    t = await createTestApp();
    // 2026-12-02 22:30 in Shanghai: the slip shows the Shanghai date and time, not UTC's.
    t.clock.set(new Date('2026-12-02T14:30:00Z'));
    api = caseApi(t);
    reception = (await t.tokenFor('reception')).token;
    officer = (await t.tokenFor('officer')).token;
    unitId = (await makeUnit(t.app, { name: '区住房和城乡建设局' })).id;
    handler = (await t.tokenFor('unit_handler', unitId)).token;
  });
  afterAll(() => t.close());

  const receipt = (token: string, id: number | string) =>
    t.request('GET', `/api/v1/cases/${id}/receipt.pdf`, { token });

  it('prints the slip for reception: bureau, number, Shanghai time, channel, masked name, next steps and deadlines', async () => {
    const c = (
      await api.register(reception, {
        channel: 'letter',
        petitioners: [{ kind: 'person', name: '欧阳明月', idNumber: '440103199001011236' }],
      })
    ).json<CaseJson>();
    const res = await t.app.inject({
      method: 'GET',
      url: `/api/v1/cases/${c.id}/receipt.pdf`,
      headers: { authorization: `Bearer ${reception}` },
    });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('application/pdf');
    expect(String(res.headers['content-disposition'])).toMatch(/^inline; filename\*=UTF-8''/);
    expect(res.rawPayload.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    const text = await pdfText(res.rawPayload);
    expect(text).toContain('信访事项登记回执');
    expect(text).toContain('测试区信访局');
    expect(text).toContain(c.caseNo);
    expect(text).toContain('2026年12月2日22:30');
    expect(text).toContain('来信');
    expect(text).toContain('欧***');
    expect(text).not.toContain('欧阳明月');
    expect(text).not.toContain('440103199001011236');
    // Triage within 15 days of registration (2026-12-02 + 15 = 12-17); 60 + 30; 30-day review window.
    expect(text).toContain('15日内决定转送、交办');
    expect(text).toContain('最迟于2026年12月17日前');
    expect(text).toContain('60日内办结');
    expect(text).toContain('30日内请求原办理机关的上一级机关复查');
  });

  it('is printed by the bureau only: not by the unit, not for a case that does not exist', async () => {
    const c = (await api.register(reception)).json<CaseJson>();
    expect((await receipt(officer, c.id)).statusCode).toBe(200);
    await api.act(officer, c.id, 'transfer', { unitId });
    expectError(await receipt(handler, c.id), 403, 'FORBIDDEN_ROLE');
    expectError(await receipt(reception, 999_999), 404, 'CASE_NOT_FOUND');
    expectError(await receipt(reception, 'abc'), 400);
    expect((await t.request('GET', `/api/v1/cases/${c.id}/receipt.pdf`)).statusCode).toBe(401);
  });

  it('is offered as an action to reception and not to the unit', async () => {
    const c = (await api.register(reception)).json<CaseJson>();
    expect(c.allowedActions).toContain('receipt');
    await api.act(officer, c.id, 'transfer', { unitId });
    expect((await api.get(handler, c.id)).allowedActions).not.toContain('receipt');
  });
});
