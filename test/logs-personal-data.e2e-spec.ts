import { randomUUID } from 'node:crypto';
import { spawnApi, type ApiProcess } from './support/api-process';
import { caseApi, caseBody, idNumber, phone } from './support/cases';
import { waitFor } from './support/reminders';
import { createTestApp, type TestApp } from './support/test-app';

/**
 * The API's real log output (a process of its own, LOG_LEVEL=info) holds no ID number or phone
 * from any URL, whatever the parameter is called and however the URL is percent-encoded.
 */
describe('personal data in request logs (e2e, API process)', () => {
  let t: TestApp;
  let api: ApiProcess;
  let officer: string;
  const id = idNumber();
  const mobile = phone();

  beforeAll(async () => {
    t = await createTestApp();
    const reception = (await t.tokenFor('reception')).token;
    officer = (await t.tokenFor('officer')).token;
    const body = caseBody();
    body.petitioners[0].idNumber = id;
    body.petitioners[0].phone = mobile;
    expect(
      (await caseApi(t).register(reception, { petitioners: body.petitioners })).statusCode,
    ).toBe(201);
    api = await spawnApi();
  }, 180_000);

  afterAll(async () => {
    await api?.stop();
    await t?.close();
  });

  const get = async (path: string) => {
    const requestId = `log-test-${randomUUID()}`;
    const res = await fetch(`${api.baseUrl}${path}`, {
      headers: { authorization: `Bearer ${officer}`, 'x-request-id': requestId },
    });
    await res.arrayBuffer();
    await waitFor(
      () => (api.output().includes(requestId) ? true : undefined),
      10_000,
      `log line of ${path}`,
    );
    return res.status;
  };

  const pct = (s: string) => [...s].map((c) => `%${c.charCodeAt(0).toString(16)}`).join('');

  it('redacts ID numbers and phones by name after decoding, and by value under any name', async () => {
    // The search really runs with an encoded parameter name: the value reaches the handler.
    const found = await fetch(`${api.baseUrl}/api/v1/cases?id%4Eumber=${id}`, {
      headers: { authorization: `Bearer ${officer}` },
    });
    expect(found.status).toBe(200);
    expect(((await found.json()) as { items: unknown[] }).items).toHaveLength(1);

    const tried = [
      `/api/v1/cases?id%4Eumber=${id}`,
      `/api/v1/cases?ph%6Fne=${mobile}`,
      `/api/v1/cases?idNumber=${pct(id)}`,
      `/api/v1/cases?${pct('phone')}=${pct(mobile)}`,
      `/api/v1/cases?phone=%2B86%20${mobile.slice(0, 3)}-${mobile.slice(3, 7)}-${mobile.slice(7)}`,
      `/api/v1/cases?whatever=${id}`,
      `/api/v1/cases?x=${pct(mobile)}&status=registered`,
      `/api/v1/cases?idNumber=${id.slice(0, 6)}%20${id.slice(6, 14)}%20${id.slice(14)}`,
      `/api/v1/cases/${id}`,
      `/api/v1/no-such-route/${mobile}?${id}`,
    ];
    for (const path of tried) {
      const status = await get(path);
      expect(status).toBeLessThan(500);
    }
    const out = api.output();
    // Something was logged for each request, and the URLs are there (redacted, not dropped).
    expect(out).toContain('/api/v1/cases?');
    expect(out).toContain('status=registered');
    const decode = (s: string) =>
      s.replace(/%([0-9a-f]{2})/gi, (_, h: string) => String.fromCharCode(parseInt(h, 16)));
    const clear = (line: string) =>
      [line, decode(line), decode(decode(line))]
        .map((text) => text.replace(/[\s()+-]/g, ''))
        .some((d) => d.includes(id) || d.includes(id.slice(0, 17)) || d.includes(mobile));
    expect(out.split('\n').filter(clear)).toEqual([]);
  });
});
