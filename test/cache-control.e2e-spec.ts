import { makeUnit, makeUser } from '@app/testing';
import { caseApi, type CaseJson } from './support/cases';
import { samplePdf } from './support/files';
import { uploadFile } from './support/multipart';
import { createTestApp, type TestApp } from './support/test-app';

/**
 * Tokens, personal data and documents must not stay in a browser's or a proxy's cache: a shared
 * office computer's cache is readable by the next person at the desk.
 */
describe('Cache-Control: no-store (e2e)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
    t.clock.set(new Date('2022-05-06T02:00:00Z'));
  });
  afterAll(() => t.close());

  it('on sign-in, refresh, personal data, documents, downloads and errors', async () => {
    const officer = (await t.tokenFor('officer')).token;
    const api = caseApi(t);
    const c = (await api.register(officer)).json<CaseJson>();
    const unitId = (await makeUnit(t.app)).id;
    await api.act(officer, c.id, 'transfer', { unitId });
    const letter = (
      await t.request('POST', '/api/v1/supervision-letters', {
        token: officer,
        body: {
          caseIds: [c.id],
          unitId,
          type: 'ordinary',
          reason: 'overdue',
          requirements: '请于收函后立即组织核查，依法依规妥善处理，并书面报告办理情况。',
          signer: '李局长',
          contactPerson: '王科员',
          contactPhone: '020-81234567',
        },
      })
    ).json<{ id: number }>();
    const pdf = await samplePdf('材料');
    const attachment = (
      await uploadFile(t.app, officer, `/api/v1/cases/${c.id}/attachments`, {
        filename: '材料.pdf',
        data: pdf,
        contentType: 'application/pdf',
      })
    ).json<{ id: number }>();

    const { user, password } = await makeUser(t.app, 'officer');
    const login = await t.request('POST', '/api/v1/auth/login', {
      body: { username: user.username, password },
    });
    const refreshed = await t.request('POST', '/api/v1/auth/refresh', {
      body: { refreshToken: login.json().refreshToken },
    });
    const get = (url: string) => t.request('GET', url, { token: officer });
    const responses = {
      login,
      refreshed,
      wrongPassword: await t.request('POST', '/api/v1/auth/login', {
        body: { username: user.username, password: 'Wrong-guess-123' },
      }),
      me: await get('/api/v1/auth/me'),
      reveal: await t.request(
        'POST',
        `/api/v1/cases/${c.id}/petitioners/${c.petitioners[0].id}/reveal`,
        { token: officer, body: { reason: '核实信访人身份' } },
      ),
      detail: await get(`/api/v1/cases/${c.id}`),
      list: await get('/api/v1/cases'),
      timeline: await get(`/api/v1/cases/${c.id}/timeline`),
      export: await get('/api/v1/cases/export?reason=核对数据'),
      attachment: await get(`/api/v1/cases/${c.id}/attachments/${attachment.id}`),
      letterDocx: await get(`/api/v1/supervision-letters/${letter.id}/document.docx`),
      letterPdf: await get(`/api/v1/supervision-letters/${letter.id}/document.pdf`),
      notFound: await get('/api/v1/cases/999999'),
    };
    const seen = Object.fromEntries(
      Object.entries(responses).map(([name, res]) => [
        name,
        `${res.statusCode} ${String(res.headers['cache-control'])}`,
      ]),
    );
    expect(seen).toEqual({
      login: '200 no-store',
      refreshed: '200 no-store',
      wrongPassword: '401 no-store',
      me: '200 no-store',
      reveal: '200 no-store',
      detail: '200 no-store',
      list: '200 no-store',
      timeline: '200 no-store',
      export: '200 no-store',
      attachment: '200 no-store',
      letterDocx: '200 no-store',
      letterPdf: '200 no-store',
      notFound: '404 no-store',
    });
  });
});
