import { makeUnit } from '@app/testing';
import { caseApi, idNumber, otherPhone, phone, type CaseJson } from '../support/cases';
import { samplePdf } from '../support/files';
import { uploadFile } from '../support/multipart';
import { createTestApp, expectError, type TestApp } from '../support/test-app';

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

  it("a unit that handled the accuser's other case cannot connect the two", async () => {
    const { first, c } = await accusation({ firstAt: unitId });
    await api().act(officer.token, c.id, 'transfer', { unitId });
    const supervisor = (await t.tokenFor('supervisor')).token;

    const detail = await t.request('GET', `/api/v1/cases/${c.id}`, { token: handler.token });
    const d = detail.json<CaseJson>();
    expect(d).toMatchObject({ firstCaseId: null, finalMatch: null });
    expect(d.petitioners.map((p) => p.id)).toEqual([null]);
    expect(detail.body).not.toContain(first.caseNo);

    const list = await t.request('GET', '/api/v1/cases?limit=100', { token: handler.token });
    const rows = list.json<{ items: CaseJson[] }>().items;
    expect(rows.find((r) => r.id === c.id)).toMatchObject({
      firstCaseId: null,
      firstPetitionerName: '（保密）',
    });
    const byNumber = await t.request('GET', `/api/v1/cases?keyword=${first.caseNo}`, {
      token: handler.token,
    });
    expect(byNumber.json<{ items: CaseJson[] }>().items.map((r) => r.id)).toEqual([first.id]);
    const firstSeen = await t.request('GET', `/api/v1/cases/${first.id}`, {
      token: handler.token,
    });
    expect(firstSeen.body).not.toContain(c.caseNo);
    const timeline = await t.request('GET', `/api/v1/cases/${c.id}/timeline`, {
      token: handler.token,
    });
    expect(timeline.body).not.toContain(first.caseNo);

    // A letter to the unit citing both would put them side by side (list, document, reminders).
    const letter = (caseIds: number[]) =>
      t.request('POST', '/api/v1/supervision-letters', {
        token: supervisor,
        body: {
          caseIds,
          unitId,
          type: 'ordinary',
          reason: 'overdue',
          requirements: '请抓紧办理并书面回复。',
          signer: '督查科',
        },
      });
    expectError(await letter([first.id, c.id]), 400, 'CONFIDENTIAL_CASE_ALONE');
    const alone = await letter([c.id]);
    expect(alone.statusCode).toBe(201);
    const seen = await t.request('GET', `/api/v1/supervision-letters/${alone.json().id}`, {
      token: handler.token,
    });
    expect(seen.json()).toMatchObject({ caseIds: [c.id] });
    // Metric drill-downs list cases across the district: not for units at all.
    expectError(
      await t.request('GET', '/api/v1/metrics/onTimeAnswerRate/items', { token: handler.token }),
      403,
    );
  });

  it('an accusation found as 重件 by an old phone stays unlinked for the unit, and no phone finds the accuser', async () => {
    const id = idNumber();
    const oldPhone = phone();
    const newPhone = otherPhone(oldPhone);
    const earlier = (
      await api().register(officer.token, {
        petitioners: [{ kind: 'person', name: '检举人司马青', idNumber: id, phone: oldPhone }],
      })
    ).json<CaseJson>();
    await api().act(officer.token, earlier.id, 'transfer', { unitId });
    await api().register(officer.token, {
      categoryCode: '020101',
      petitioners: [{ kind: 'person', name: '检举人司马青', idNumber: id, phone: newPhone }],
    });
    // Only the phone the accuser gave on the first case, since replaced.
    const c = (
      await api().register(officer.token, {
        purpose: 'accusation',
        confidentialAccuser: true,
        title: '检举某单位违规收费',
        petitioners: [{ kind: 'person', name: '检举人司马青', phone: oldPhone }],
      })
    ).json<CaseJson>();
    expect(c).toMatchObject({ repeat: true, firstCaseId: earlier.id });
    await api().act(officer.token, c.id, 'transfer', { unitId });

    const detail = await t.request('GET', `/api/v1/cases/${c.id}`, { token: handler.token });
    expect(detail.json<CaseJson>()).toMatchObject({ firstCaseId: null, finalMatch: null });
    expect(detail.json<CaseJson>().petitioners.map((p) => p.id)).toEqual([null]);
    for (const secret of [earlier.caseNo, oldPhone.slice(-4), newPhone.slice(-4), '司马青']) {
      expect(detail.body).not.toContain(secret);
    }
    // The unit may not look anyone up by phone, old or new, nor by the person lookup.
    for (const p of [oldPhone, newPhone]) {
      for (const url of [`/api/v1/cases?phone=${p}`, `/api/v1/cases/count?phone=${p}`]) {
        expectError(
          await t.request('GET', url, { token: handler.token }),
          403,
          'PII_SEARCH_FORBIDDEN',
        );
      }
      expectError(
        await t.request('POST', '/api/v1/petitioners/lookup', {
          token: handler.token,
          body: { phone: p },
        }),
        403,
      );
    }
    // The bureau finds the accusation by the old phone.
    const found = await t.request('GET', `/api/v1/cases?phone=${oldPhone}&limit=100`, {
      token: officer.token,
    });
    expect(found.json<{ items: CaseJson[] }>().items.map((r) => r.id)).toEqual(
      expect.arrayContaining([c.id, earlier.id]),
    );
  });

  describe('unmasking a case already handed to a unit', () => {
    let c: CaseJson;
    const patch = async (token: string, body: Record<string, unknown>) =>
      t.request('PATCH', `/api/v1/cases/${c.id}`, {
        token,
        body: { version: (await api().get(officer.token, c.id)).version, ...body },
      });

    beforeAll(async () => {
      c = (await accusation()).c;
      await api().act(officer.token, c.id, 'transfer', { unitId });
    });

    it('is refused to reception and officers (403), with or without a reason', async () => {
      const reception = (await t.tokenFor('reception')).token;
      for (const token of [officer.token, reception]) {
        for (const change of [
          { confidentialAccuser: false },
          { purpose: 'complaint' },
          { confidentialAccuser: false, purpose: 'complaint', unmaskReason: '检举人同意公开' },
        ]) {
          expectError(await patch(token, change), 403, 'UNMASK_SUPERVISOR_ONLY');
        }
      }
      expect((await api().get(officer.token, c.id)).flags).toMatchObject({
        confidentialAccuser: true,
      });
    });

    it('a supervisor needs a reason, and the unmasking is logged like a reveal', async () => {
      const supervisor = await t.tokenFor('supervisor');
      expectError(
        await patch(supervisor.token, { confidentialAccuser: false, purpose: 'complaint' }),
        400,
        'UNMASK_REASON_REQUIRED',
      );
      const done = await patch(supervisor.token, {
        confidentialAccuser: false,
        purpose: 'complaint',
        unmaskReason: '检举人书面同意公开身份',
      });
      expect(done.statusCode).toBe(200);
      const seen = await t.request('GET', `/api/v1/cases/${c.id}`, { token: handler.token });
      expect(seen.body).toContain(accuser.name);

      const admin = (await t.tokenFor('admin')).token;
      const log = await t.request('GET', `/api/v1/audit/reveals?caseId=${c.id}`, {
        token: admin,
      });
      expect(log.statusCode).toBe(200);
      expect(log.json().items).toEqual([
        expect.objectContaining({
          kind: 'unmask',
          caseId: c.id,
          caseNo: c.caseNo,
          reason: '检举人书面同意公开身份',
          user: expect.objectContaining({ id: supervisor.userId }),
        }),
      ]);
      const events = (
        await t.request('GET', `/api/v1/cases/${c.id}/timeline`, { token: officer.token })
      ).json<{ events: TimelineEvent[] }>().events;
      expect(events[events.length - 1].data).toMatchObject({
        unmaskReason: '检举人书面同意公开身份',
      });
    });

    it('before any hand-over the bureau may still correct the flags without a reason', async () => {
      const fresh = (
        await api().register(officer.token, { purpose: 'accusation', confidentialAccuser: true })
      ).json<CaseJson>();
      const res = await t.request('PATCH', `/api/v1/cases/${fresh.id}`, {
        token: officer.token,
        body: { version: fresh.version, confidentialAccuser: false, purpose: 'complaint' },
      });
      expect(res.statusCode).toBe(200);
      const admin = (await t.tokenFor('admin')).token;
      const log = await t.request('GET', `/api/v1/audit/reveals?caseId=${fresh.id}`, {
        token: admin,
      });
      expect(log.json().items).toEqual([]);
    });
  });
});
