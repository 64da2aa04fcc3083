import { readdir } from 'node:fs/promises';
import { countRows, makeUnit, TEST_ENV } from '@app/testing';
import { caseApi, type CaseJson } from './support/cases';
import { samplePdf } from './support/files';
import { uploadFile } from './support/multipart';
import { createTestApp, expectError, type TestApp } from './support/test-app';

async function filesUnder(dir: string): Promise<number> {
  try {
    const entries = await readdir(dir, { recursive: true, withFileTypes: true });
    return entries.filter((e) => e.isFile()).length;
  } catch {
    return 0;
  }
}

describe('attachments (e2e)', () => {
  let t: TestApp;
  let officer: string;
  let c: CaseJson;
  let pdf: Buffer;

  const upload = (token: string, caseId: number, filename: string, data: Buffer, type?: string) =>
    uploadFile(t.app, token, `/api/v1/cases/${caseId}/attachments`, {
      filename,
      data,
      contentType: type,
    });

  beforeAll(async () => {
    pdf = await samplePdf('信访材料');
    t = await createTestApp();
    officer = (await t.tokenFor('officer')).token;
    c = (await caseApi(t).register(officer)).json<CaseJson>();
  });
  afterAll(() => t.close());

  it('stores a PDF, lists it on the case, and serves the same bytes back', async () => {
    const res = await upload(officer, c.id, '信访材料.pdf', pdf, 'application/pdf');
    expect(res.statusCode).toBe(201);
    const a = res.json();
    expect(a).toMatchObject({
      filename: '信访材料.pdf',
      contentType: 'application/pdf',
      sizeBytes: pdf.length,
    });

    const detail = await caseApi(t).get(officer, c.id);
    expect(detail.attachments).toEqual([
      expect.objectContaining({ id: a.id, filename: '信访材料.pdf' }),
    ]);

    const down = await t.app.inject({
      method: 'GET',
      url: `/api/v1/cases/${c.id}/attachments/${a.id}`,
      headers: { authorization: `Bearer ${officer}` },
    });
    expect(down.statusCode).toBe(200);
    expect(down.headers['content-type']).toBe('application/pdf');
    expect(Buffer.compare(down.rawPayload, pdf)).toBe(0);
    const timeline = (
      await t.request('GET', `/api/v1/cases/${c.id}/timeline`, { token: officer })
    ).json();
    expect(timeline.events.at(-1)).toMatchObject({ type: 'attachment_added' });
  });

  it('refuses a file whose content is not what its name says, and an oversized one, writing nothing', async () => {
    const before = [await countRows(t.db, 'attachments'), await filesUnder(TEST_ENV.STORAGE_DIR)];
    const exe = Buffer.concat([Buffer.from('MZ'), Buffer.alloc(100)]);
    expectError(
      asReply(await upload(officer, c.id, 'scan.pdf', exe)),
      415,
      'ATTACHMENT_TYPE_REFUSED',
    );
    expectError(
      asReply(await upload(officer, c.id, 'scan.exe', pdf)),
      415,
      'ATTACHMENT_TYPE_REFUSED',
    );
    const huge = Buffer.concat([pdf, Buffer.alloc(Number(TEST_ENV.ATTACHMENT_MAX_BYTES))]);
    expectError(asReply(await upload(officer, c.id, 'big.pdf', huge)), 413, 'ATTACHMENT_TOO_LARGE');
    expectError(
      asReply(await upload(officer, c.id, 'empty.pdf', Buffer.alloc(0))),
      400,
      'ATTACHMENT_EMPTY',
    );
    expect([await countRows(t.db, 'attachments'), await filesUnder(TEST_ENV.STORAGE_DIR)]).toEqual(
      before,
    );
  });

  it('keeps other units out', async () => {
    const unit = await makeUnit(t.app);
    const other = await t.tokenFor('unit_handler', unit.id);
    expectError(asReply(await upload(other.token, c.id, 'x.pdf', pdf)), 403, 'CASE_OUT_OF_SCOPE');
    expectError(
      await t.request('GET', `/api/v1/cases/${c.id}/attachments/1`, { token: other.token }),
      403,
    );
  });
});

describe('attachments of 检举控告 cases (e2e)', () => {
  it('the accused unit never gets the bureau copy of the accusation', async () => {
    const t = await createTestApp();
    try {
      const officer = (await t.tokenFor('officer')).token;
      const unit = await makeUnit(t.app);
      const handler = (await t.tokenFor('unit_handler', unit.id)).token;
      const api = caseApi(t);
      const c = (await api.register(officer, { purpose: 'accusation' })).json<CaseJson>();
      const up = await uploadFile(t.app, officer, `/api/v1/cases/${c.id}/attachments`, {
        filename: '检举信.pdf',
        data: await samplePdf('signed by the accuser'),
      });
      expect(up.statusCode).toBe(201);
      await api.act(officer, c.id, 'transfer', { unitId: unit.id });
      const seen = await api.get(handler, c.id);
      expect(seen.attachments).toEqual([]);
      expectError(
        await t.request(
          'GET',
          `/api/v1/cases/${c.id}/attachments/${up.json<{ id: number }>().id}`,
          { token: handler },
        ),
        404,
        'ATTACHMENT_NOT_FOUND',
      );
      expect((await api.get(officer, c.id)).attachments).toHaveLength(1);
    } finally {
      await t.close();
    }
  });
});

function asReply(res: { statusCode: number; headers: Record<string, unknown>; body: string }) {
  return {
    statusCode: res.statusCode,
    headers: res.headers,
    body: res.body,
    json: <T>() => JSON.parse(res.body) as T,
  };
}
