import type { INestApplicationContext } from '@nestjs/common';
import { CalendarService } from '@app/calendar';
import { DEFAULT_STAGE_RULES, planStages, ReminderSweepService } from '@app/reminders';
import { makeUnit } from '@app/testing';
import { caseApi, idNumber, phone, type CaseJson } from '../support/cases';
import { samplePdf } from '../support/files';
import { uploadFile } from '../support/multipart';
import {
  flushTestRedis,
  startWebhookSink,
  startWorker,
  waitFor,
  type WebhookSink,
} from '../support/reminders';
import { readableText, type BodyKind } from '../support/response-text';
import { fastifyRoutes } from '../support/routes';
import { createTestApp, type TestApp } from '../support/test-app';
import { buildOpenApiDocument } from '../../apps/api/src/openapi/openapi-document';

// Sweeps are called by the test; the scheduled one stays out of the way.
process.env.REMINDER_SWEEP_INTERVAL_MS = '3600000';
process.env.WEBHOOK_BACKOFF_MS = '30';
// The webhook sink listens on this host, which a webhook may reach only when listed.
process.env.WEBHOOK_ALLOWED_TARGETS = '127.0.0.1';

const MINUTE = 60_000;
const headerText = (v: unknown) =>
  typeof v === 'string' ? v : Array.isArray(v) ? v.join(', ') : '';

/**
 * The accuser walk (信访工作条例: an accuser's identity never reaches the accused): one 检举控告
 * case, worked through to a supervision letter, reminders and an answer, then every GET route the
 * API has, as the accused unit's handler. Every response body, whatever its format, and every
 * notification and webhook about the case is searched for the accuser's name, ID number and
 * phone and for the number of the accuser's other case.
 */
describe('accuser walk (e2e)', () => {
  let t: TestApp;
  let worker: INestApplicationContext;
  let sink: WebhookSink;

  beforeAll(async () => {
    await flushTestRedis();
    t = await createTestApp();
    t.clock.set(new Date('2026-06-01T02:00:00Z'));
    worker = await startWorker(t.clock);
    sink = await startWebhookSink();
  });
  afterAll(async () => {
    await worker?.close();
    await sink?.close();
    await t?.close();
  });

  it('no response to the accused unit holds the accuser or their other case', async () => {
    const api = caseApi(t);
    const admin = (await t.tokenFor('admin')).token;
    const officer = (await t.tokenFor('officer')).token;
    const supervisor = (await t.tokenFor('supervisor')).token;
    const accused = await makeUnit(t.app, { name: '区某某局' });
    const other = await makeUnit(t.app, { name: '区另一局' });
    const handler = (await t.tokenFor('unit_handler', accused.id)).token;
    const accuser = {
      kind: 'person',
      name: '检举人司马青',
      idNumber: idNumber(),
      phone: phone(),
      address: '某市某区某路 7 号',
    };
    const ok = async (res: Promise<{ statusCode: number; body: string }>) => {
      const r = await res;
      if (r.statusCode >= 300) throw new Error(`${r.statusCode} ${r.body}`);
      return JSON.parse(r.body) as CaseJson & Record<string, unknown>;
    };
    expect(
      (
        await t.request('POST', '/api/v1/webhooks', {
          token: admin,
          body: { name: '政务协同平台', url: sink.url, secret: 'walk-webhook-secret-0123456789' },
        })
      ).statusCode,
    ).toBe(201);

    // The accuser's earlier petition, handled by another unit.
    const first = await ok(api.register(officer, { petitioners: [accuser] }));
    await ok(api.act(officer, first.id, 'transfer', { unitId: other.id }));

    // The accusation: registered with the accuser in the text, then cleaned by the bureau.
    const c = await ok(
      api.register(officer, {
        purpose: 'accusation',
        confidentialAccuser: true,
        title: '检举某局违规收费',
        content: `${accuser.name}（电话 ${accuser.phone}，身份证 ${accuser.idNumber}）检举某局违规收费。`,
        petitioners: [accuser],
      }),
    );
    expect(c.firstCaseId).toBe(first.id);
    await ok(
      t.request('PATCH', `/api/v1/cases/${c.id}`, {
        token: officer,
        body: { version: c.version, content: '检举某局违规收费。' },
      }),
    );
    const scan = await uploadFile(t.app, officer, `/api/v1/cases/${c.id}/attachments`, {
      filename: `${accuser.name}检举信.pdf`,
      data: await samplePdf(`${accuser.phone} ${accuser.idNumber}`),
    });
    expect(scan.statusCode).toBe(201);
    await ok(api.act(officer, c.id, 'transfer', { unitId: accused.id }));

    // What the unit does and gets back along the way is searched too.
    const walked: { route: string; url: string; status: number; type: string; body: Buffer }[] = [];
    const keep = (
      route: string,
      url: string,
      res: {
        statusCode: number;
        headers: Record<string, unknown>;
        rawPayload?: Buffer;
        body: string;
      },
    ) =>
      walked.push({
        route,
        url,
        status: res.statusCode,
        type: headerText(res.headers['content-type']),
        body: res.rawPayload ?? Buffer.from(res.body),
      });
    const inject = async (method: 'GET' | 'POST', route: string, url: string, body?: unknown) => {
      const res = await t.app.inject({
        method,
        url,
        headers: {
          authorization: `Bearer ${handler}`,
          ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        },
        payload: body === undefined ? undefined : JSON.stringify(body),
      });
      keep(route, url, res);
      return res;
    };
    const version = async () => (await api.get(officer, c.id)).version;

    expect(
      (
        await inject('POST', 'POST /cases/:id/accept', `/api/v1/cases/${c.id}/accept`, {
          version: await version(),
        })
      ).statusCode,
    ).toBe(200);
    const own = await uploadFile(t.app, handler, `/api/v1/cases/${c.id}/attachments`, {
      filename: '本单位核查情况.pdf',
      data: await samplePdf('unit findings'),
    });
    keep('POST /cases/:id/attachments', `/api/v1/cases/${c.id}/attachments`, own);
    expect(own.statusCode).toBe(201);

    const letter = await ok(
      t.request('POST', '/api/v1/supervision-letters', {
        token: supervisor,
        body: {
          caseIds: [c.id],
          unitId: accused.id,
          type: 'ordinary',
          reason: 'overdue',
          requirements: '请抓紧核查并书面回复。',
          signer: '督查科',
        },
      }),
    );
    const letterId = Number(letter.id);
    const received = await inject(
      'POST',
      'POST /supervision-letters/:id/receive',
      `/api/v1/supervision-letters/${letterId}/receive`,
      {
        version: 1,
      },
    );
    expect(received.statusCode).toBe(200);
    const letterFile = await uploadFile(
      t.app,
      handler,
      `/api/v1/supervision-letters/${letterId}/attachments`,
      {
        filename: '回复附件.pdf',
        data: await samplePdf('reply'),
      },
    );
    keep(
      'POST /supervision-letters/:id/attachments',
      `/api/v1/supervision-letters/${letterId}/attachments`,
      letterFile,
    );
    expect(letterFile.statusCode).toBe(201);

    // The handling clock runs through its reminder stages: the inbox and the webhook get them.
    const sweeper = worker.get(ReminderSweepService);
    const [handling] = await t.db.query<{ due_date: string }[]>(
      `SELECT DATE_FORMAT(due_date, '%Y-%m-%d') AS due_date FROM clocks
        WHERE case_id = ? AND kind = 'handling'`,
      [c.id],
    );
    const plan = planStages(
      handling.due_date,
      DEFAULT_STAGE_RULES,
      await t.app.get(CalendarService).current(),
    );
    for (const p of plan) {
      t.clock.set(new Date(p.fireAt.getTime() + MINUTE));
      await sweeper.sweep();
    }
    const aboutCase = (body: string) => {
      const p = JSON.parse(body) as {
        case?: { id: number } | null;
        letter?: { caseIds: number[] } | null;
      };
      return p.case?.id === c.id || (p.letter?.caseIds ?? []).includes(c.id);
    };
    const hooks = await waitFor(() => {
      const got = sink.received.filter((r) => aboutCase(r.body));
      return got.length >= plan.length ? got : undefined;
    });

    expect(
      (
        await inject('POST', 'POST /cases/:id/answer', `/api/v1/cases/${c.id}/answer`, {
          version: await version(),
          decision: 'explain',
          facts: '经核查，收费依据充分。',
          basis: '相关收费规定',
          deliveryMethod: 'post',
          deliveredAt: t.clock.now().toISOString(),
        })
      ).statusCode,
    ).toBe(200);
    const l = await ok(
      t.request('GET', `/api/v1/supervision-letters/${letterId}`, { token: handler }),
    );
    expect(
      (
        await inject(
          'POST',
          'POST /supervision-letters/:id/reply',
          `/api/v1/supervision-letters/${letterId}/reply`,
          {
            version: l.version,
            text: '已核查并答复。',
          },
        )
      ).statusCode,
    ).toBe(200);

    // Every GET route the API registered, its path parameters filled from this case.
    const [caseFiles, letterFiles] = await Promise.all([
      t.db.query<{ id: string }[]>('SELECT id FROM attachments WHERE case_id = ?', [c.id]),
      t.db.query<{ id: string }[]>(
        'SELECT id FROM supervision_letter_attachments WHERE letter_id = ?',
        [letterId],
      ),
    ]);
    expect(caseFiles).toHaveLength(2);
    const year = t.clock.now().getUTCFullYear();
    const values = (route: string, param: string): string[] => {
      if (param === 'attachmentId') {
        const files = route.startsWith('/api/v1/supervision-letters/') ? letterFiles : caseFiles;
        return files.map((f) => String(f.id));
      }
      if (param === 'id') {
        if (route.startsWith('/api/v1/cases/')) return [String(c.id)];
        if (route.startsWith('/api/v1/supervision-letters/')) return [String(letterId)];
        if (route.startsWith('/api/v1/units/')) return [String(accused.id)];
        return ['1'];
      }
      if (param === 'year') return [String(year)];
      if (param === 'key') return ['onTimeAnswerRate'];
      return ['1'];
    };
    const QUERIES: Record<string, string[]> = {
      '/api/v1/cases': [
        '',
        '?limit=100',
        `?keyword=${encodeURIComponent('检举')}`,
        `?keyword=${c.caseNo}`,
        '?purpose=accusation',
        '?repeat=true',
      ],
      '/api/v1/cases/export': [`?reason=${encodeURIComponent('本单位台账')}`],
      '/api/v1/supervision-letters': ['', `?caseId=${c.id}`],
      '/api/v1/notifications': ['?limit=100'],
    };
    const routes = fastifyRoutes(t.routes).filter(
      (r) => r.method === 'GET' && !r.url.startsWith('/api/docs'),
    );
    // The OpenAPI document lists no GET route the walk would miss.
    const documented = Object.entries(buildOpenApiDocument(t.app).paths)
      .filter(([, ops]) => ops.get)
      .map(([path]) => path.replace(/\{([A-Za-z]+)\}/g, ':$1'));
    const registered = new Set(routes.map((r) => r.url));
    expect(documented.filter((p) => !registered.has(p))).toEqual([]);
    expect(documented.length).toBeGreaterThanOrEqual(40);
    for (const { url: route } of routes) {
      let urls = [route];
      for (const param of route.match(/:[A-Za-z]+/g) ?? []) {
        urls = urls.flatMap((u) => values(route, param.slice(1)).map((v) => u.replace(param, v)));
      }
      for (const url of urls) {
        for (const q of QUERIES[route] ?? ['']) await inject('GET', `GET ${route}`, `${url}${q}`);
      }
    }

    // The hand-outs themselves: the inbox items and the webhook bodies about this case.
    const inbox = walked.find((w) => w.url.startsWith('/api/v1/notifications?'))!;
    const notes = (JSON.parse(inbox.body.toString()) as { items: { caseId: number | null }[] })
      .items;
    expect(notes.filter((n) => n.caseId === c.id).length).toBeGreaterThanOrEqual(3);

    const secrets = [accuser.name, accuser.idNumber, accuser.phone, first.caseNo];
    const squeeze = (s: string) => s.replace(/\s+/g, '');
    const hits: string[] = [];
    const kinds = new Map<BodyKind | 'webhook', number>();
    const check = (where: string, kind: BodyKind | 'webhook', text: string) => {
      kinds.set(kind, (kinds.get(kind) ?? 0) + 1);
      for (const s of secrets) if (squeeze(text).includes(squeeze(s))) hits.push(`${where}: ${s}`);
    };
    for (const w of walked) {
      const { kind, text } = await readableText(w.type, w.body);
      check(`${w.url} (${w.status})`, kind, text);
    }
    for (const h of hooks) check('webhook', 'webhook', h.body);

    // The walk reached what matters, in each format, with real content (not only refusals).
    const okRoutes = new Set(walked.filter((w) => w.status < 300).map((w) => w.route));
    for (const r of [
      'GET /api/v1/cases/:id',
      'GET /api/v1/cases/:id/timeline',
      'GET /api/v1/cases',
      'GET /api/v1/cases/export',
      'GET /api/v1/cases/:id/attachments/:attachmentId',
      'GET /api/v1/cases/:id/supervision-letters',
      'GET /api/v1/supervision-letters/:id',
      'GET /api/v1/supervision-letters/:id/document.docx',
      'GET /api/v1/supervision-letters/:id/document.pdf',
      'GET /api/v1/notifications',
    ]) {
      expect({ route: r, reached: okRoutes.has(r) }).toEqual({ route: r, reached: true });
    }
    expect(walked.filter((w) => w.route.startsWith('GET ')).length).toBeGreaterThanOrEqual(
      routes.length,
    );
    const formats = ['json', 'xlsx', 'docx', 'pdf', 'webhook'] as const;
    expect(formats.filter((k) => !kinds.get(k))).toEqual([]);

    // The bureau's own view still holds the accuser (the search would find them there).
    const full = await t.request('GET', `/api/v1/cases/${c.id}/timeline`, { token: officer });
    expect(full.body).toContain(accuser.name);

    const total = walked.length + hooks.length;
    process.stdout.write(
      `\naccuser walk: ${total} responses checked (${routes.length} GET routes, ${walked.length} API responses: ${[...kinds].map(([k, n]) => `${k} ${n}`).join(', ')}), ${hits.length} hits\n`,
    );
    expect(hits).toEqual([]);
  });
});
