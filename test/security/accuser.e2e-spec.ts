import { makeUnit } from '@app/testing';
import { caseApi, idNumber, phone, type CaseJson } from '../support/cases';
import { samplePdf } from '../support/files';
import { uploadFile } from '../support/multipart';
import { createTestApp, type TestApp } from '../support/test-app';

interface TimelineEvent {
  seq: number;
  type: string;
  actorId: number | null;
  actorRole: string | null;
  data: Record<string, unknown>;
}

/**
 * 检举控告 (信访工作条例: an accuser's identity and materials never go to the accused): what the
 * unit a confidential case is handed to receives about the accuser, and who may lift the secrecy.
 */
describe('the accuser of a 检举控告 case (e2e)', () => {
  let t: TestApp;
  let officer: { token: string; userId: number };
  let unitId: number;
  let handler: { token: string; userId: number };
  const api = () => caseApi(t);
  const accuser = { name: '检举人欧阳明', idNumber: idNumber(), phone: phone() };

  beforeAll(async () => {
    t = await createTestApp();
    officer = await t.tokenFor('officer');
    unitId = (await makeUnit(t.app)).id;
    handler = await t.tokenFor('unit_handler', unitId);
  });
  afterAll(() => t.close());

  const person = () => ({ kind: 'person', ...accuser, address: '某市某区某路 9 号' });

  /** The accuser's earlier (open) petition, then the accusation, which links to it as a repeat. */
  async function accusation(opts: { firstAt?: number } = {}) {
    const first = (
      await api().register(officer.token, {
        petitioners: [person()],
        title: '反映噪音问题',
      })
    ).json<CaseJson>();
    if (opts.firstAt)
      await api().act(officer.token, first.id, 'transfer', { unitId: opts.firstAt });
    const res = await api().register(officer.token, {
      purpose: 'accusation',
      title: '检举某单位违规收费',
      content: `我是${accuser.name}，电话 ${accuser.phone}，检举某单位违规收费。`,
      confidentialAccuser: true,
      petitioners: [person()],
    });
    expect(res.statusCode).toBe(201);
    const c = res.json<CaseJson>();
    expect(c.firstCaseId).not.toBeNull();
    return { first, c };
  }

  it('a unit reads a redacted timeline: no pre-receipt edit text, withheld files, links or bureau names', async () => {
    const { first, c } = await accusation();
    // The bureau takes the accuser's name out of the text before handing the case on.
    const patch = await t.request('PATCH', `/api/v1/cases/${c.id}`, {
      token: officer.token,
      body: {
        version: (await api().get(officer.token, c.id)).version,
        content: '检举某单位违规收费。',
      },
    });
    expect(patch.statusCode).toBe(200);
    const scan = await uploadFile(t.app, officer.token, `/api/v1/cases/${c.id}/attachments`, {
      filename: `${accuser.name}检举信.pdf`,
      data: await samplePdf('signed'),
    });
    expect(scan.statusCode).toBe(201);
    expect((await api().act(officer.token, c.id, 'transfer', { unitId })).statusCode).toBe(200);
    const own = await uploadFile(t.app, handler.token, `/api/v1/cases/${c.id}/attachments`, {
      filename: '核查情况.pdf',
      data: await samplePdf('unit'),
    });
    expect(own.statusCode).toBe(201);

    const res = await t.request('GET', `/api/v1/cases/${c.id}/timeline`, { token: handler.token });
    expect(res.statusCode).toBe(200);
    const events = res.json<{ events: TimelineEvent[] }>().events;
    for (const secret of [accuser.name, accuser.phone, accuser.idNumber, first.caseNo]) {
      expect(res.body).not.toContain(secret);
    }
    const edit = events.find((e) => e.type === 'edited')!;
    expect(edit.data).toEqual({ fields: ['content'] });
    const files = events.filter((e) => e.type === 'attachment_added');
    expect(files.map((e) => e.data.filename)).toEqual(['核查情况.pdf']);
    const registered = events.find((e) => e.type === 'registered')!;
    expect(registered.data).not.toHaveProperty('repeatOf');
    expect(JSON.stringify(events.map((e) => e.data))).not.toMatch(
      /repeatOf|firstCase|finalCase|reviewCase|originalCase/,
    );
    // The bureau's people by role only; the unit's own by id.
    for (const e of events.filter((x) => x.type !== 'attachment_added')) {
      expect({ type: e.type, actorId: e.actorId, role: e.actorRole }).toEqual({
        type: e.type,
        actorId: null,
        role: 'officer',
      });
    }
    expect(files[0]).toMatchObject({ actorId: handler.userId, actorRole: 'unit_handler' });

    // The bureau still reads everything.
    const full = await t.request('GET', `/api/v1/cases/${c.id}/timeline`, { token: officer.token });
    expect(full.body).toContain(accuser.name);
    const fullEvents = full.json<{ events: TimelineEvent[] }>().events;
    expect(fullEvents.find((e) => e.type === 'registered')!.data.repeatOf).toBe(first.id);
    expect(fullEvents.find((e) => e.type === 'edited')!.actorId).toBe(officer.userId);
  });

  it('an edit made after the unit received the case keeps its text for the unit', async () => {
    const { c } = await accusation();
    await api().act(officer.token, c.id, 'transfer', { unitId });
    const v = (await api().get(officer.token, c.id)).version;
    const res = await t.request('PATCH', `/api/v1/cases/${c.id}`, {
      token: officer.token,
      body: { version: v, title: '检举某单位违规收费（补充）' },
    });
    expect(res.statusCode).toBe(200);
    const events = (
      await t.request('GET', `/api/v1/cases/${c.id}/timeline`, { token: handler.token })
    ).json<{ events: TimelineEvent[] }>().events;
    expect(events.find((e) => e.type === 'edited')!.data).toEqual({
      before: { title: '检举某单位违规收费' },
      after: { title: '检举某单位违规收费（补充）' },
    });
  });
});
