import { countRows } from '@app/testing';
import { caseBody } from './support/cases';
import { createTestApp, expectError, type TestApp } from './support/test-app';

/** Input that must never reach a handler: refused while parsing or validating, in the one shape. */
describe('input that never reaches a handler (e2e)', () => {
  let t: TestApp;
  let admin: string;
  let reception: string;
  beforeAll(async () => {
    // Production's default body limit (1 MiB), so a 400 kB nesting bomb reaches the parser.
    t = await createTestApp({ env: { HTTP_BODY_LIMIT_BYTES: String(1024 * 1024) } });
    admin = (await t.tokenFor('admin')).token;
    reception = (await t.tokenFor('reception')).token;
  });
  afterAll(() => t.close());

  const nestedArrays = (depth: number) => '['.repeat(depth) + ']'.repeat(depth);
  const nestedObjects = (depth: number) => '{"a":'.repeat(depth) + '1' + '}'.repeat(depth);

  describe('deeply nested JSON', () => {
    it.each([
      ['5,000 arrays in 10 kB', nestedArrays(5000)],
      ['200,000 arrays in 400 kB', nestedArrays(200_000)],
      ['5,000 objects', nestedObjects(5000)],
      ['nesting inside a valid field', `{"code":"D-X","name":${nestedArrays(5000)}}`],
    ])('%s → 400 JSON_TOO_DEEP, nothing written', async (_name, rawBody) => {
      const before = await countRows(t.db, 'units');
      const body = expectError(
        await t.request('POST', '/api/v1/units', { token: admin, rawBody }),
        400,
        'JSON_TOO_DEEP',
      );
      expect(body.message).toMatch(/层/);
      expect(await countRows(t.db, 'units')).toBe(before);
    });

    it('a body of 20,000 keys → 400 JSON_TOO_MANY_KEYS', async () => {
      const keys = Array.from({ length: 20_000 }, (_, i) => `"k${i}":1`).join(',');
      expectError(
        await t.request('POST', '/api/v1/units', { token: admin, rawBody: `{${keys}}` }),
        400,
        'JSON_TOO_MANY_KEYS',
      );
    });

    it('ordinary nesting (a case with petitioners) still parses', async () => {
      const res = await t.request('POST', '/api/v1/cases', {
        token: reception,
        body: caseBody(),
      });
      expect(res.statusCode).toBe(201);
    });

    it('four 400 kB bombs in parallel do not stall /health/live', async () => {
      const bomb = nestedArrays(200_000);
      const started = Date.now();
      let inFlight = true;
      const bombs = Promise.all(
        Array.from({ length: 4 }, () =>
          t.request('POST', '/api/v1/units', { token: admin, rawBody: bomb }),
        ),
      ).finally(() => (inFlight = false));
      // Probe the liveness route the whole time the bombs are being handled. A probe's wait counts
      // from when it was due (after a 5 ms pause), so time the event loop spent blocked counts.
      const probes: number[] = [];
      do {
        const due = Date.now() + 5;
        await new Promise((resolve) => setTimeout(resolve, 5));
        expect((await t.request('GET', '/health/live')).statusCode).toBe(200);
        probes.push(Date.now() - due);
      } while (inFlight);
      const replies = await bombs;
      const slowest = Math.max(...probes);
      process.stdout.write(
        `four 400 kB nesting bombs in parallel: refused in ${Date.now() - started} ms; ` +
          `${probes.length} /health/live probes meanwhile, slowest ${slowest} ms\n`,
      );
      for (const r of replies) expectError(r, 400, 'JSON_TOO_DEEP');
      expect(slowest).toBeLessThan(250);
    });
  });

  describe('authentication comes before the body', () => {
    it.each([
      ['malformed JSON', '{"code": '],
      ['a nesting bomb', nestedArrays(5000)],
    ])('no token + %s → 401, not 400', async (_name, rawBody) => {
      expectError(await t.request('POST', '/api/v1/units', { rawBody }), 401);
      expectError(
        await t.request('POST', '/api/v1/units', { rawBody, token: 'garbage.token.here' }),
        401,
      );
    });

    it('no token + an unsupported content type or an oversized body → 401', async () => {
      expectError(
        await t.request('POST', '/api/v1/units', {
          rawBody: 'code=D-X',
          headers: { 'content-type': 'application/x-www-form-urlencoded' },
        }),
        401,
      );
      expectError(
        await t.request('POST', '/api/v1/units', { rawBody: `"${'x'.repeat(1100 * 1024)}"` }),
        401,
      );
    });

    it('public routes still parse bodies without a token (sign-in)', async () => {
      expectError(
        await t.request('POST', '/api/v1/auth/login', { rawBody: '{"username": ' }),
        400,
        'MALFORMED_JSON',
      );
    });
  });

  describe('path ids', () => {
    it.each(['%201', '0x10', '1e3', '0', '-1', '9007199254740993', '01', '1.0', '+1', '1%20'])(
      'GET /units/%s → 400 naming id',
      async (id) => {
        const body = expectError(
          await t.request('GET', `/api/v1/units/${id}`, { token: admin }),
          400,
          'VALIDATION_FAILED',
        );
        expect(body.details).toEqual([{ field: 'id', messages: [expect.any(String)] }]);
      },
    );

    it('names the parameter it refuses (attachmentId, petitionerId)', async () => {
      const att = expectError(
        await t.request('GET', '/api/v1/cases/1/attachments/0x1', { token: admin }),
        400,
      );
      expect(att.details).toEqual([{ field: 'attachmentId', messages: [expect.any(String)] }]);
    });

    it('a canonical id still works (404 for a missing one)', async () => {
      expectError(await t.request('GET', '/api/v1/units/999999', { token: admin }), 404);
      expectError(
        await t.request('GET', `/api/v1/units/${Number.MAX_SAFE_INTEGER}`, { token: admin }),
        404,
      );
    });
  });

  describe('dates', () => {
    const registerWith = (registeredAt: unknown) =>
      t.request('POST', '/api/v1/cases', { token: reception, body: caseBody({ registeredAt }) });

    it.each([
      ['a day that does not exist', '2022-02-30T10:00:00+08:00'],
      ['31 November', '2026-11-31T10:00:00.000Z'],
      ['hour 24', '2024-03-01T24:00:00Z'],
      ['a number', 123],
      ['a boolean', true],
      ['year -1', '-000001-01-01T00:00:00.000Z'],
      ['year 275760', '+275760-09-13T00:00:00.000Z'],
      ['before the calendar’s first year', '1999-12-31T10:00:00+08:00'],
      ['in the future', '2099-01-01T00:00:00Z'],
      ['not a date', 'yesterday'],
      ['a date without a time', '2024-03-01'],
      ['an empty string', ''],
    ])('registeredAt %s → 400 naming registeredAt, nothing written', async (_name, value) => {
      const before = await countRows(t.db, 'cases');
      const body = expectError(await registerWith(value), 400);
      expect(JSON.stringify(body.details)).toContain('registeredAt');
      expect(await countRows(t.db, 'cases')).toBe(before);
    });

    it('a real past date-time is accepted and kept to the millisecond', async () => {
      const res = await registerWith('2024-02-29T09:30:15.250+08:00');
      expect(res.statusCode).toBe(201);
      expect(res.json<{ registeredAt: string }>().registeredAt).toBe('2024-02-29T01:30:15.250Z');
    });

    it('list filters refuse impossible dates too', async () => {
      const body = expectError(
        await t.request('GET', '/api/v1/cases?registeredFrom=2022-02-30T00:00:00Z', {
          token: admin,
        }),
        400,
      );
      expect(JSON.stringify(body.details)).toContain('registeredFrom');
    });
  });

  describe("Fastify's own errors in the error shape", () => {
    it('a very long URL → 414 URI_TOO_LONG', async () => {
      expectError(
        await t.request('GET', `/api/v1/units/${'1'.repeat(200)}`, { token: admin }),
        414,
        'URI_TOO_LONG',
      );
    });

    it('a URL that does not decode → 400 BAD_URL', async () => {
      expectError(await t.request('GET', '/api/v1/units/%E0%A4%A', { token: admin }), 400);
    });

    it('415 and 413 carry the request id', async () => {
      expectError(
        await t.request('POST', '/api/v1/units', {
          token: admin,
          rawBody: '<x/>',
          headers: { 'content-type': 'application/xml' },
        }),
        415,
        'UNSUPPORTED_MEDIA_TYPE',
      );
      expectError(
        await t.request('POST', '/api/v1/units', {
          token: admin,
          rawBody: `"${'x'.repeat(1100 * 1024)}"`,
        }),
        413,
        'PAYLOAD_TOO_LARGE',
      );
    });
  });
});
