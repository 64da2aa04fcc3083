import { createHmac } from 'node:crypto';
import type { OpenAPIObject } from '@nestjs/swagger';
import { ROLES, type Role } from '@app/auth';
import { makeUnit, TEST_ENV } from '@app/testing';
import { buildOpenApiDocument } from '../../apps/api/src/openapi/openapi-document';
import { caseApi, type CaseJson } from '../support/cases';
import { samplePdf } from '../support/files';
import { uploadFile } from '../support/multipart';
import { createTestApp, type Reply, type TestApp } from '../support/test-app';

/**
 * The attack suite: every operation of the OpenAPI document (read at test time, so a new route is
 * attacked the day it lands) with bad tokens, the wrong roles, malformed bodies, bad path ids and
 * query values, and as the handler of another unit. Every refusal must be a 4xx in the one error
 * shape, never a 5xx, and must leave every table's row count as it was.
 */

type Method = 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';
type Schema = {
  $ref?: string;
  type?: string;
  format?: string;
  enum?: unknown[];
  items?: Schema;
  properties?: Record<string, Schema>;
  required?: string[];
  example?: unknown;
  allOf?: Schema[];
  oneOf?: Schema[];
  anyOf?: Schema[];
  minimum?: number;
  maximum?: number;
  nullable?: boolean;
};
interface Parameter {
  name: string;
  in: 'path' | 'query' | 'header';
  required?: boolean;
  schema?: Schema;
}
interface Operation {
  method: Method;
  path: string;
  isPublic: boolean;
  roles: Role[];
  parameters: Parameter[];
  body?: { contentType: string; schema?: Schema };
}

interface Failure {
  route: string;
  attack: string;
  status: number;
  body: string;
}

const tally = new Map<
  string,
  { tried: number; failures: Failure[]; statuses: Map<number, number> }
>();
const routesSeen = new Map<string, Set<string>>();
function record(category: string, op: Operation, attack: string, res: Reply, ok: boolean) {
  const t = tally.get(category) ?? {
    tried: 0,
    failures: [] as Failure[],
    statuses: new Map<number, number>(),
  };
  tally.set(category, t);
  t.tried++;
  t.statuses.set(res.statusCode, (t.statuses.get(res.statusCode) ?? 0) + 1);
  const routes = routesSeen.get(category) ?? new Set<string>();
  routesSeen.set(category, routes);
  routes.add(`${op.method} ${op.path}`);
  if (!ok) {
    t.failures.push({
      route: `${op.method} ${op.path}`,
      attack,
      status: res.statusCode,
      body: res.body.slice(0, 300),
    });
  }
}
const failuresOf = (category: string) =>
  (tally.get(category)?.failures ?? []).map(
    (f) => `${f.route} [${f.attack}] → ${f.status} ${f.body}`,
  );

/** The one error shape, with the request id in the body and the header. */
function inErrorShape(res: Reply): boolean {
  let body: Record<string, unknown>;
  try {
    body = res.json<Record<string, unknown>>();
  } catch {
    return false;
  }
  const allowed = ['statusCode', 'code', 'message', 'details', 'requestId'];
  return (
    body.statusCode === res.statusCode &&
    typeof body.code === 'string' &&
    typeof body.message === 'string' &&
    typeof body.requestId === 'string' &&
    Object.keys(body).every((k) => allowed.includes(k)) &&
    res.headers['x-request-id'] === body.requestId
  );
}
const detailsOf = (res: Reply) => {
  try {
    return JSON.stringify(res.json<{ details?: unknown }>().details ?? '');
  } catch {
    return '';
  }
};
const refused = (res: Reply) => res.statusCode >= 400 && res.statusCode < 500 && inErrorShape(res);

const b64url = (v: unknown) => Buffer.from(JSON.stringify(v)).toString('base64url');
function signed(claims: Record<string, unknown>, secret: string, alg = 'HS256'): string {
  const head = `${b64url({ alg, typ: 'JWT' })}.${b64url(claims)}`;
  return `${head}.${createHmac('sha256', secret).update(head).digest('base64url')}`;
}

/** Where the sampling caps the cases per route, it says so in the counts. */
const PER_ROUTE_FIELDS = 6;
const BAD_IDS = ['%201', '0x10', '1e3', '0', '-1', '9007199254740993', '01'];
const LONG = 'x'.repeat(100 * 1024);

describe('attack suite generated from the OpenAPI document (e2e)', () => {
  let t: TestApp;
  let doc: OpenAPIObject;
  let ops: Operation[];
  let tables: string[];
  const tokens = new Map<Role, string>();
  let unitA: number;
  let unitB: number;
  let handlerB: string;
  const secrets: string[] = [];
  let target: { caseId: number; attachmentId: number; petitionerId: number };

  const resolve = (s: Schema | undefined, seen = 0): Schema | undefined => {
    if (!s || seen > 8) return s;
    if (s.$ref) {
      const name = s.$ref.split('/').pop()!;
      return resolve((doc.components?.schemas as Record<string, Schema>)[name], seen + 1);
    }
    if (s.allOf?.length) {
      const parts = s.allOf.map((p) => resolve(p, seen + 1) ?? {});
      return {
        type: 'object',
        properties: Object.assign({}, ...parts.map((p) => p.properties ?? {})) as Record<
          string,
          Schema
        >,
        required: parts.flatMap((p) => p.required ?? []),
      };
    }
    return s;
  };

  /** A plausible value for a schema: its example, its first enum value, or one by its type. */
  function sample(s: Schema | undefined, name = '', depth = 0): unknown {
    const r = resolve(s);
    if (!r || depth > 5) return 'x';
    if (r.example !== undefined) return r.example;
    if (r.enum?.length) return r.enum[0];
    if (r.oneOf?.length || r.anyOf?.length) return sample((r.oneOf ?? r.anyOf)![0], name, depth);
    switch (r.type) {
      case 'integer':
      case 'number':
        return r.minimum ?? 1;
      case 'boolean':
        return true;
      case 'array':
        return [sample(r.items, name, depth + 1)];
      case 'object':
        return Object.fromEntries(
          Object.entries(r.properties ?? {}).map(([k, v]) => [k, sample(v, k, depth + 1)]),
        );
      default:
        if (r.format === 'date-time') return '2024-03-01T09:30:00+08:00';
        if (/date$/i.test(name)) return '2024-03-01';
        return '测试';
    }
  }

  const props = (s: Schema | undefined) => Object.entries(resolve(s)?.properties ?? {});
  const typeOf = (s: Schema) => resolve(s)?.type ?? (resolve(s)?.enum ? 'string' : 'object');

  async function countRows(): Promise<Map<string, number>> {
    const sql = tables
      .map((n) => `SELECT '${n}' AS t, COUNT(*) AS n FROM \`${n}\``)
      .join(' UNION ALL ');
    const rows = await t.db.query<{ t: string; n: string | number }[]>(sql);
    return new Map(rows.map((r) => [r.t, Number(r.n)]));
  }
  const changed = (a: Map<string, number>, b: Map<string, number>) =>
    [...a].filter(([k, v]) => b.get(k) !== v).map(([k, v]) => `${k} ${v}→${b.get(k)}`);

  /** A signed-in user of the role, made again if a route ended its session (logout, password). */
  async function tokenOf(role: Role): Promise<string> {
    const known = tokens.get(role);
    if (known && (await t.request('GET', '/api/v1/auth/me', { token: known })).statusCode === 200)
      return known;
    const fresh = (await t.tokenFor(role, role === 'unit_handler' ? unitA : undefined)).token;
    tokens.set(role, fresh);
    return fresh;
  }
  const callerOf = (op: Operation): Role | undefined =>
    op.isPublic ? undefined : op.roles.includes('admin') ? 'admin' : op.roles[0];

  /** The path with each parameter filled in: ids that exist nowhere, unless given. */
  function urlOf(op: Operation, values: Record<string, string> = {}, query = ''): string {
    const path = op.path.replace(/\{([^}]+)\}/g, (_, name: string) => {
      if (values[name] !== undefined) return values[name];
      const p = op.parameters.find((x) => x.in === 'path' && x.name === name);
      const type = p?.schema ? typeOf(p.schema) : 'string';
      if (name === 'year') return '2024';
      return type === 'integer' || type === 'number' ? '999999' : 'no-such-key';
    });
    return query ? `${path}?${query}` : path;
  }

  const send = (
    op: Operation,
    options: { token?: string; url?: string; body?: unknown; rawBody?: string } = {},
  ) =>
    t.request(op.method, options.url ?? urlOf(op), {
      token: options.token,
      body: options.body,
      rawBody: options.rawBody,
      headers:
        options.body !== undefined || options.rawBody !== undefined
          ? { 'content-type': 'application/json' }
          : undefined,
    });

  beforeAll(async () => {
    // Production's body limit, so 100 kB strings reach the validators instead of the 413.
    t = await createTestApp({ env: { HTTP_BODY_LIMIT_BYTES: String(1024 * 1024) } });
    doc = buildOpenApiDocument(t.app);
    ops = [];
    for (const [path, item] of Object.entries(doc.paths)) {
      for (const [method, raw] of Object.entries(item as Record<string, unknown>)) {
        if (!['get', 'post', 'patch', 'put', 'delete'].includes(method)) continue;
        const op = raw as {
          parameters?: Parameter[];
          requestBody?: { content?: Record<string, { schema?: Schema }> };
          'x-public'?: boolean;
          'x-roles'?: Role[];
        };
        const content = Object.entries(op.requestBody?.content ?? {})[0];
        ops.push({
          method: method.toUpperCase() as Method,
          path,
          isPublic: op['x-public'] === true,
          roles: op['x-roles'] ?? [],
          parameters: op.parameters ?? [],
          body: content ? { contentType: content[0], schema: content[1].schema } : undefined,
        });
      }
    }
    tables = (
      await t.db.query<{ name: string }[]>(
        `SELECT table_name AS name FROM information_schema.tables
          WHERE table_schema = DATABASE() AND table_type = 'BASE TABLE'`,
      )
    ).map((r) => r.name);

    unitA = (await makeUnit(t.app)).id;
    unitB = (await makeUnit(t.app)).id;
    for (const role of ROLES) await tokenOf(role);
    handlerB = (await t.tokenFor('unit_handler', unitB)).token;

    // One case handed to unit A, with a file and a petitioner, for the cross-unit attacks.
    const officer = await tokenOf('officer');
    const api = caseApi(t);
    const c = (await api.register(officer)).json<CaseJson>();
    const file = await uploadFile(t.app, officer, `/api/v1/cases/${c.id}/attachments`, {
      filename: '来信原件.pdf',
      data: await samplePdf('来信原件.pdf'),
    });
    expect(file.statusCode).toBe(201);
    expect((await api.act(officer, c.id, 'transfer', { unitId: unitA })).statusCode).toBe(200);
    expect((await api.act(await tokenOf('unit_handler'), c.id, 'accept')).statusCode).toBe(200);
    const detail = await api.get(officer, c.id);
    target = {
      caseId: c.id,
      attachmentId: file.json<{ id: number }>().id,
      petitionerId: detail.petitioners[0].id,
    };
    secrets.push(c.caseNo, detail.petitioners[0].name);
  });

  afterAll(async () => {
    const lines = [...tally].map(
      ([category, v]) =>
        `  ${category.padEnd(18)} ${String(routesSeen.get(category)?.size ?? 0).padStart(3)} routes, ${String(v.tried).padStart(5)} requests, ${v.failures.length} failures (` +
        [...v.statuses]
          .sort(([a], [b]) => a - b)
          .map(([status, n]) => `${status}×${n}`)
          .join(' ') +
        ')',
    );
    const tried = [...tally.values()].reduce((s, v) => s + v.tried, 0);
    const failed = [...tally.values()].reduce((s, v) => s + v.failures.length, 0);
    process.stdout.write(
      `attack suite: ${ops?.length ?? 0} operations in the OpenAPI document\n${lines.join('\n')}\n` +
        `  total ${tried} requests, ${failed} failures\n`,
    );
    await t?.close();
  });

  it('reads every operation, each marked public or with its roles', () => {
    expect(ops.length).toBeGreaterThan(50);
    const unmarked = ops.filter((o) => !o.isPublic && o.roles.length === 0);
    expect(unmarked.map((o) => `${o.method} ${o.path}`)).toEqual([]);
  });

  it('no token, garbage, alg:none, a wrong secret, an expired token → 401 on every route', async () => {
    const me = JSON.parse(
      Buffer.from((await tokenOf('admin')).split('.')[1], 'base64url').toString(),
    ) as Record<string, unknown>;
    const now = Math.floor(Date.now() / 1000);
    const bad: [string, string | undefined][] = [
      ['no token', undefined],
      ['garbage', 'garbage'],
      ['alg:none', `${b64url({ alg: 'none', typ: 'JWT' })}.${b64url(me)}.`],
      ['HS512', signed(me, TEST_ENV.JWT_SECRET, 'HS512').replace(/\.[^.]+$/, '.sig')],
      ['wrong secret', signed(me, 'not-the-secret-not-the-secret-not-the-secret')],
      ['expired', signed({ ...me, iat: now - 7200, exp: now - 3600 }, TEST_ENV.JWT_SECRET)],
    ];
    const before = await countRows();
    for (const op of ops.filter((o) => !o.isPublic)) {
      for (const [name, token] of bad) {
        const res = await send(op, { token, body: op.body ? {} : undefined });
        record('401 bad tokens', op, name, res, res.statusCode === 401 && inErrorShape(res));
      }
    }
    expect(changed(before, await countRows())).toEqual([]);
    expect(failuresOf('401 bad tokens')).toEqual([]);
  });

  it('each role outside a route’s roles → 403', async () => {
    const before = await countRows();
    for (const op of ops.filter((o) => !o.isPublic)) {
      for (const role of ROLES.filter((r) => !op.roles.includes(r))) {
        const res = await send(op, { token: await tokenOf(role), body: op.body ? {} : undefined });
        record('403 wrong role', op, role, res, res.statusCode === 403 && inErrorShape(res));
      }
    }
    expect(changed(before, await countRows())).toEqual([]);
    expect(failuresOf('403 wrong role')).toEqual([]);
  });

  it('malformed bodies from each request schema → 4xx in the error shape, nothing written', async () => {
    for (const op of ops.filter((o) => o.body)) {
      const role = callerOf(op);
      const token = role ? await tokenOf(role) : undefined;
      const schema = op.body!.schema;
      const base = sample(schema) as Record<string, unknown>;
      const fields = props(schema).slice(0, PER_ROUTE_FIELDS);
      const strings = fields.filter(([, s]) => typeOf(s) === 'string' && !resolve(s)?.enum);
      const numbers = fields.filter(([, s]) => ['integer', 'number'].includes(typeOf(s)));
      const dates = props(schema).filter(
        ([k, s]) => resolve(s)?.format === 'date-time' || /(At|Date|date|From|To)$/.test(k),
      );
      const with_ = (k: string, v: unknown) => ({ ...base, [k]: v });
      const cases: [string, { body?: unknown; rawBody?: string }, boolean][] = [];
      const must = (name: string, req: { body?: unknown; rawBody?: string }) =>
        cases.push([name, req, true]);
      const may = (name: string, req: { body?: unknown; rawBody?: string }) =>
        cases.push([name, req, false]);

      if (!op.body!.contentType.includes('json')) {
        must('JSON to a multipart route', { body: base });
      } else {
        must('extra field', { body: { ...base, zzUnexpected: 1 } });
        must('not an object', { rawBody: '"just a string"' });
        must('deep nesting', { rawBody: '['.repeat(64) + ']'.repeat(64) });
        must('__proto__', { rawBody: '{"__proto__":{"admin":true}}' });
        if (resolve(schema)?.required?.length) must('missing required', { body: {} });
        for (const [k, s] of fields) {
          const type = typeOf(s);
          must(`wrong type ${k}`, {
            body: with_(k, type === 'string' ? { $gt: '' } : type === 'array' ? 'x' : ['x']),
          });
        }
        for (const [k] of strings) {
          must(`100 kB ${k}`, { body: with_(k, LONG) });
          must(`NUL ${k}`, { body: with_(k, 'a\u0000b') });
          must(`lone surrogate ${k}`, { body: with_(k, 'a\ud800b') });
          may(`SQL ${k}`, { body: with_(k, "x' OR '1'='1'; DROP TABLE cases; --") });
          may(`script ${k}`, { body: with_(k, '<script>alert(1)</script>') });
        }
        for (const [k] of numbers) {
          must(`1e308 ${k}`, { body: with_(k, 1e308) });
          must(`2^53+1 ${k}`, { body: with_(k, 2 ** 53 + 2) });
        }
        for (const [k] of dates) {
          must(`impossible date ${k}`, { body: with_(k, '2022-02-30T10:00:00+08:00') });
          must(`number for date ${k}`, { body: with_(k, 123) });
        }
      }
      let rows = await countRows();
      for (const [name, req, mustRefuse] of cases) {
        const res = await send(op, { token, ...req });
        const after = await countRows();
        const written = changed(rows, after);
        rows = after;
        const ok =
          res.statusCode < 500 &&
          (mustRefuse ? refused(res) : res.statusCode < 400 || inErrorShape(res)) &&
          (res.statusCode < 400 || written.length === 0);
        record(
          'malformed bodies',
          op,
          `${name}${written.length ? ` wrote ${written.join(', ')}` : ''}`,
          res,
          ok,
        );
      }
    }
    expect(failuresOf('malformed bodies')).toEqual([]);
  });

  it('bad path ids and path values → 400 naming the parameter', async () => {
    let rows = await countRows();
    for (const op of ops.filter((o) => o.parameters.some((p) => p.in === 'path'))) {
      const role = callerOf(op);
      const token = role ? await tokenOf(role) : undefined;
      for (const p of op.parameters.filter((x) => x.in === 'path')) {
        const numeric = ['integer', 'number'].includes(p.schema ? typeOf(p.schema) : '');
        const values =
          numeric || p.name === 'year' ? BAD_IDS : ['%00', '..%2F..%2Fetc', "'%20OR%201=1"];
        for (const value of values) {
          const res = await send(op, { token, url: urlOf(op, { [p.name]: value }) });
          const after = await countRows();
          const written = changed(rows, after);
          rows = after;
          const names = !numeric || detailsOf(res).includes(p.name);
          const ok = numeric
            ? res.statusCode === 400 && inErrorShape(res) && names && written.length === 0
            : refused(res) && written.length === 0;
          record('bad path values', op, `${p.name}=${value}`, res, ok);
        }
      }
    }
    expect(failuresOf('bad path values')).toEqual([]);
  });

  it('bad query values → 4xx in the error shape, never 5xx', async () => {
    let rows = await countRows();
    for (const op of ops.filter((o) => o.method === 'GET')) {
      const role = callerOf(op);
      const token = role ? await tokenOf(role) : undefined;
      const query = op.parameters.filter((p) => p.in === 'query');
      const attacks: [string, string, boolean][] = [['zzUnknown', '1', query.length > 0]];
      for (const p of query) {
        const type = p.schema ? typeOf(p.schema) : 'string';
        const enumerated = Boolean(resolve(p.schema)?.enum);
        if (type === 'integer' || type === 'number') {
          attacks.push([p.name, 'abc', true], [p.name, '1e999', true], [p.name, '-1%20', true]);
        } else if (type === 'boolean') attacks.push([p.name, 'maybe', true]);
        else if (resolve(p.schema)?.format === 'date-time')
          attacks.push([p.name, '2022-02-30T00:00:00Z', true], [p.name, '123', true]);
        else if (enumerated) attacks.push([p.name, 'no_such_value', true]);
        attacks.push(
          [p.name, '%00', false],
          [p.name, encodeURIComponent("' OR 1=1 --"), false],
          [p.name, encodeURIComponent('<script>alert(1)</script>'), false],
          [p.name, 'x'.repeat(5000), false],
        );
      }
      for (const [name, value, mustRefuse] of attacks) {
        const res = await send(op, { token, url: urlOf(op, {}, `${name}=${value}`) });
        const after = await countRows();
        const written = changed(rows, after);
        rows = after;
        const ok =
          res.statusCode < 500 &&
          (mustRefuse ? refused(res) : res.statusCode < 400 || inErrorShape(res)) &&
          (res.statusCode < 400 || written.length === 0);
        record('bad query values', op, `${name}=${value.slice(0, 20)}`, res, ok);
      }
    }
    expect(failuresOf('bad query values')).toEqual([]);
  });

  it('every unit-scoped route as the handler of another unit → 403, 404 or nothing of the case', async () => {
    let rows = await countRows();
    // Routes that name a case, file or letter by id, and every list a unit handler may read.
    const scoped = ops.filter(
      (o) =>
        !o.isPublic &&
        o.roles.includes('unit_handler') &&
        !o.path.startsWith('/api/v1/auth/') &&
        (o.method === 'GET' || o.parameters.some((p) => p.in === 'path')),
    );
    for (const op of scoped) {
      const values = {
        id: String(target.caseId),
        caseId: String(target.caseId),
        attachmentId: String(target.attachmentId),
        petitionerId: String(target.petitionerId),
      };
      const res = await send(op, {
        token: handlerB,
        url: urlOf(op, values),
        body: op.body ? sample(op.body.schema) : undefined,
      });
      const after = await countRows();
      const written = changed(rows, after);
      rows = after;
      const leaked = secrets.filter((s) => res.body.includes(s));
      const ok =
        res.statusCode < 500 &&
        leaked.length === 0 &&
        (res.statusCode < 400 ? op.method === 'GET' : inErrorShape(res)) &&
        (op.method === 'GET' || written.length === 0);
      record(
        'cross-unit',
        op,
        `unit B${leaked.length ? ` saw ${leaked.join(', ')}` : ''}`,
        res,
        ok,
      );
    }
    expect(failuresOf('cross-unit')).toEqual([]);
  });
});
