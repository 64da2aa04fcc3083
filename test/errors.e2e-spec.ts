import { countRows, TEST_ENV } from '@app/testing';
import { createTestApp, expectError, type TestApp } from './support/test-app';

describe('one error shape for bad input (e2e)', () => {
  let t: TestApp;
  let admin: string;
  beforeAll(async () => {
    t = await createTestApp();
    admin = (await t.tokenFor('admin')).token;
  });
  afterAll(() => t.close());

  const valid = { code: 'D-X', name: '区某某局', kind: 'district_unit', level: 'district' };

  async function expectNothingWritten(send: () => Promise<void>) {
    const before = await countRows(t.db, 'units');
    await send();
    expect(await countRows(t.db, 'units')).toBe(before);
  }

  it('malformed JSON → 400 MALFORMED_JSON', async () => {
    await expectNothingWritten(async () => {
      expectError(
        await t.request('POST', '/api/v1/units', {
          token: admin,
          rawBody: '{"code": "D-X", "name": ',
        }),
        400,
        'MALFORMED_JSON',
      );
      expectError(
        await t.request('POST', '/api/v1/units', { token: admin, rawBody: '' }),
        400,
        'MALFORMED_JSON',
      );
    });
  });

  it('JSON with a __proto__ key is refused, not merged', async () => {
    expectError(
      await t.request('POST', '/api/v1/units', {
        token: admin,
        rawBody: '{"__proto__": {"admin": true}}',
      }),
      400,
      'MALFORMED_JSON',
    );
  });

  it('wrong types → 400 VALIDATION_FAILED listing each bad field', async () => {
    await expectNothingWritten(async () => {
      const body = expectError(
        await t.request('POST', '/api/v1/units', {
          token: admin,
          body: { code: 42, name: ['x'], kind: 'ministry', level: 'district' },
        }),
        400,
        'VALIDATION_FAILED',
      );
      const fields = (body.details as { field: string }[]).map((d) => d.field).sort();
      expect(fields).toEqual(['code', 'kind', 'name']);
    });
  });

  it('unknown fields → 400 naming them', async () => {
    await expectNothingWritten(async () => {
      const body = expectError(
        await t.request('POST', '/api/v1/units', {
          token: admin,
          body: { ...valid, isAdmin: true, id: 5 },
        }),
        400,
        'VALIDATION_FAILED',
      );
      expect((body.details as { field: string }[]).map((d) => d.field).sort()).toEqual([
        'id',
        'isAdmin',
      ]);
    });
  });

  it('a body that is not an object → 400', async () => {
    await expectNothingWritten(async () => {
      expectError(await t.request('POST', '/api/v1/units', { token: admin, body: [valid] }), 400);
      expectError(await t.request('POST', '/api/v1/units', { token: admin, body: 'D-X' }), 400);
    });
  });

  it('an oversized body → 413 PAYLOAD_TOO_LARGE', async () => {
    await expectNothingWritten(async () => {
      const huge = { ...valid, name: 'x'.repeat(Number(TEST_ENV.HTTP_BODY_LIMIT_BYTES) + 10) };
      expectError(
        await t.request('POST', '/api/v1/units', { token: admin, body: huge }),
        413,
        'PAYLOAD_TOO_LARGE',
      );
    });
  });

  it('an unsupported content type → 415', async () => {
    expectError(
      await t.request('POST', '/api/v1/units', {
        token: admin,
        rawBody: 'code=D-X',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
      }),
      415,
      'UNSUPPORTED_MEDIA_TYPE',
    );
  });

  it('an unknown route → 404 in the same shape', async () => {
    expectError(
      await t.request('GET', '/api/v1/no-such-thing', { token: admin }),
      404,
      'NOT_FOUND',
    );
  });

  it('bad query parameters → 400', async () => {
    expectError(
      await t.request('GET', '/api/v1/units?active=maybe', { token: admin }),
      400,
      'VALIDATION_FAILED',
    );
    expectError(
      await t.request('GET', '/api/v1/units?nonsense=1', { token: admin }),
      400,
      'VALIDATION_FAILED',
    );
  });

  it('echoes a sane caller request id and replaces an unsafe one', async () => {
    const mine = await t.request('GET', '/api/v1/units/999999', {
      token: admin,
      headers: { 'x-request-id': 'trace-abc-12345' },
    });
    expect(expectError(mine, 404).requestId).toBe('trace-abc-12345');
    const unsafe = await t.request('GET', '/api/v1/units/999999', {
      token: admin,
      headers: { 'x-request-id': 'bad id with spaces' },
    });
    expect(expectError(unsafe, 404).requestId).toMatch(/^[0-9a-f-]{36}$/);
  });
});
