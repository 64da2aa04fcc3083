import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createTestApp, expectError, type TestApp } from './support/test-app';

const DOC_URLS = ['/api/docs', '/api/docs-json', '/api/docs/swagger-ui-init.js'];

/** API_DOCS: the OpenAPI console and document on (development), off, or for signed-in users. */
describe('API docs setting (e2e)', () => {
  describe('on (the default for npm start)', () => {
    let t: TestApp;
    beforeAll(async () => {
      t = await createTestApp();
    });
    afterAll(() => t.close());

    it('serves the console and the document to anyone', async () => {
      for (const url of DOC_URLS) expect((await t.request('GET', url)).statusCode).toBe(200);
      const doc = (await t.request('GET', '/api/docs-json')).json<{ paths: object }>();
      expect(Object.keys(doc.paths)).toContain('/api/v1/units');
    });
  });

  describe('off', () => {
    let t: TestApp;
    beforeAll(async () => {
      t = await createTestApp({ env: { API_DOCS: 'off' } });
    });
    afterAll(() => t.close());

    it('has no console and no document (404 in the error shape), the API works', async () => {
      for (const url of DOC_URLS) expectError(await t.request('GET', url), 404);
      const { token } = await t.tokenFor('admin');
      expect((await t.request('GET', '/api/v1/units', { token })).statusCode).toBe(200);
    });
  });

  describe('signed-in', () => {
    let t: TestApp;
    beforeAll(async () => {
      t = await createTestApp({ env: { API_DOCS: 'signed-in' } });
    });
    afterAll(() => t.close());

    it('needs a valid access token for the console, its script and the document', async () => {
      for (const url of DOC_URLS) {
        expectError(await t.request('GET', url), 401);
        expectError(
          await t.request('GET', url, { headers: { authorization: 'Bearer not-a-token' } }),
          401,
        );
      }
      const { token } = await t.tokenFor('unit_handler');
      for (const url of DOC_URLS) {
        expect((await t.request('GET', url, { token })).statusCode).toBe(200);
      }
    });

    it('a session that ended no longer opens it', async () => {
      const { token } = await t.tokenFor('officer');
      expect((await t.request('POST', '/api/v1/auth/logout', { token })).statusCode).toBeLessThan(
        300,
      );
      expectError(await t.request('GET', '/api/docs-json', { token }), 401);
    });
  });

  it('is off in the Docker deployment', () => {
    const compose = readFileSync(join(__dirname, '..', 'docker', 'compose.yml'), 'utf8');
    const dockerfile = readFileSync(join(__dirname, '..', 'docker', 'Dockerfile'), 'utf8');
    expect(compose).toMatch(/^\s+API_DOCS: \$\{API_DOCS:-off\}$/m);
    expect(dockerfile).toMatch(/^ENV .*API_DOCS=off/m);
  });

  it('a bad value stops the process at boot', async () => {
    await expect(createTestApp({ env: { API_DOCS: 'maybe' } })).rejects.toThrow(/API_DOCS/);
  });
});
