import { ROLES } from '@app/auth';
import { createTestApp, expectError, type TestApp } from './support/test-app';
import { concrete, declaredRoutes, fastifyRoutes } from './support/routes';

/** The only routes anyone may call without a token. */
const PUBLIC = new Set([
  'POST /api/v1/auth/login',
  'POST /api/v1/auth/refresh',
  'GET /health/live',
  'GET /health/ready',
]);
const isDocs = (url: string) => url.startsWith('/api/docs');
/** The built console's files and page (`npm run build:web`): public by design, they hold no data. */
const isConsole = (url: string) => !/^\/(api|health)(\/|$)/.test(url);

describe('access control (e2e)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  it('found the application routes to check', () => {
    const apiRoutes = fastifyRoutes(t.routes).filter((r) => r.url.startsWith('/api/v1/'));
    expect(apiRoutes.length).toBeGreaterThanOrEqual(14);
  });

  it('refuses every non-public route without a token with 401 in the error shape', async () => {
    const checked: string[] = [];
    const consoleFiles: string[] = [];
    for (const { method, url } of fastifyRoutes(t.routes)) {
      const key = `${method} ${url}`;
      if (PUBLIC.has(key) || isDocs(url)) continue;
      if (isConsole(url)) {
        consoleFiles.push(key);
        continue;
      }
      const res = await t.request(method as 'GET', concrete(url), {
        body: method === 'GET' ? undefined : {},
      });
      expect({ key, status: res.statusCode }).toEqual({ key, status: 401 });
      expectError(res, 401, 'AUTH_REQUIRED');
      checked.push(key);
    }
    expect(checked.length).toBeGreaterThanOrEqual(12);
    // What is public outside the API is the console's static build: GETs of page, scripts and styles.
    for (const key of consoleFiles) {
      const [method, url] = key.split(' ');
      expect({ key, method }).toEqual({ key, method: 'GET' });
      const res = await t.request('GET', concrete(url));
      expect({ key, type: String(res.headers['content-type']) }).toEqual({
        key,
        type: expect.stringMatching(
          /^(text\/html|text\/css|text\/javascript|application\/javascript|image\/|font\/)/,
        ),
      });
    }
  });

  it('refuses a forged or garbage token with 401', async () => {
    const forged =
      'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOjEsInJvbGUiOiJhZG1pbiJ9.c2lnbmF0dXJlLW9mLWFub3RoZXIta2V5';
    for (const token of [forged, 'not-a-jwt']) {
      expectError(await t.request('GET', '/api/v1/units', { token }), 401, 'AUTH_INVALID_TOKEN');
    }
  });

  it('declares public only the four routes meant to be public', () => {
    const declaredPublic = declaredRoutes(t.app, 'api/v1')
      .filter((r) => r.isPublic)
      .map((r) => `${r.method} ${r.path.replace('/api/v1/health', '/health')}`);
    expect(declaredPublic.sort()).toEqual([...PUBLIC].sort());
  });

  it('refuses every role-restricted route with 403 for each role not allowed', async () => {
    const restricted = declaredRoutes(t.app, 'api/v1').filter((r) => r.roles);
    expect(restricted.length).toBeGreaterThanOrEqual(8);
    const tokens = new Map<string, string>();
    for (const role of ROLES) tokens.set(role, (await t.tokenFor(role)).token);
    let checked = 0;
    for (const route of restricted) {
      for (const role of ROLES.filter((r) => !route.roles!.includes(r))) {
        const res = await t.request(route.method as 'GET', concrete(route.path), {
          token: tokens.get(role),
          body: route.method === 'GET' ? undefined : {},
        });
        expect({ route: `${route.method} ${route.path}`, role, status: res.statusCode }).toEqual({
          route: `${route.method} ${route.path}`,
          role,
          status: 403,
        });
        expectError(res, 403, 'FORBIDDEN_ROLE');
        checked++;
      }
    }
    expect(checked).toBeGreaterThanOrEqual(40);
  });

  it('lets any signed-in role read the unit list', async () => {
    for (const role of ROLES) {
      const { token } = await t.tokenFor(role);
      expect((await t.request('GET', '/api/v1/units', { token })).statusCode).toBe(200);
    }
  });
});
