import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createTestApp, expectError, type TestApp } from './support/test-app';

/** A console build as Vite lays it out: the page and content-hashed assets. */
function fakeBuild(): string {
  const dir = mkdtempSync(join(tmpdir(), 'web-console-'));
  mkdirSync(join(dir, 'assets'));
  writeFileSync(
    join(dir, 'index.html'),
    '<!doctype html><html lang="zh-CN"><head><title>信访事项办理与督办系统</title>' +
      '<script type="module" src="/assets/index-abc123.js"></script></head>' +
      '<body><div id="root"></div></body></html>',
  );
  writeFileSync(join(dir, 'assets/index-abc123.js'), 'console.log("console");');
  return dir;
}

describe('the staff console is served at / by the API (e2e)', () => {
  let t: TestApp;
  let dir: string;
  beforeAll(async () => {
    dir = fakeBuild();
    t = await createTestApp({ env: { WEB_ROOT: dir } });
  });
  afterAll(async () => {
    await t.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('GET / returns the console page, with a CSP that runs only its own scripts', async () => {
    const res = await t.request('GET', '/');
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toMatch(/text\/html/);
    expect(res.body).toContain('<div id="root"></div>');
    const csp = String(res.headers['content-security-policy']);
    expect(csp).toMatch(/default-src 'self'/);
    expect(csp).toMatch(/object-src 'none'/);
    expect(csp).toMatch(/frame-src 'self' blob:/);
  });

  it('a console route the browser navigates to (deep link, reload) gets the page too', async () => {
    for (const url of ['/cases/12', '/sign-in?next=%2Fcases', '/workbench']) {
      const res = await t.request('GET', url);
      expect(res.statusCode).toBe(200);
      expect(res.body).toContain('<div id="root"></div>');
      expect(res.headers['cache-control']).toBe('no-cache');
    }
  });

  it('assets are served as built and cached for good (their names change with their content)', async () => {
    const res = await t.request('GET', '/assets/index-abc123.js');
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toMatch(/javascript/);
    expect(res.headers['cache-control']).toBe('public, max-age=31536000, immutable');
  });

  it('unknown API paths, health paths and missing files stay JSON 404s in the error shape', async () => {
    for (const url of [
      '/api/v1/unknown',
      '/api/v1/cases/1/nothing',
      '/health/unknown',
      '/api',
      '/assets/gone.js',
    ]) {
      const res = await t.request('GET', url);
      expectError(res, 404);
      expect(res.headers['content-type']).toMatch(/application\/json/);
      expect(res.body).not.toContain('<div id="root">');
    }
    // Only GETs fall back to the page.
    expectError(await t.request('POST', '/cases/12', { body: {} }), 404);
  });

  it('the API routes are unaffected', async () => {
    expect((await t.request('GET', '/health/live')).statusCode).toBe(200);
    expectError(await t.request('GET', '/api/v1/cases'), 401);
  });

  it('the live OpenAPI document is the one the console was generated from', async () => {
    const live = (await t.request('GET', '/api/docs-json')).json();
    const checkedIn = JSON.parse(
      readFileSync(join(__dirname, '../apps/web/src/api/openapi.json'), 'utf8'),
    );
    expect(live).toEqual(checkedIn);
  });
});
