import { ImportRunner } from '@app/exchange';
import { makeUnit } from '@app/testing';
import { caseApi, idNumber, type CaseJson } from './support/cases';
import { exchangeApi, type ImportJson } from './support/exchange';
import { createTestApp, type Reply, type TestApp } from './support/test-app';

/**
 * Every per-year sequence takes its year in Asia/Shanghai: at 00:30 on 1 January in Shanghai it is
 * still 16:30 on 31 December in UTC, and what is registered or issued then belongs to the new year.
 * The sequences: case numbers (counter registration, review cases, spreadsheet and history
 * imports) and supervision letter numbers.
 */
const NEW_YEAR_0030 = new Date('2025-12-31T16:30:00Z'); // 2026-01-01 00:30 Shanghai

describe('per-year numbers at the Shanghai new year (e2e)', () => {
  let t: TestApp;
  let api: ReturnType<typeof caseApi>;
  let officer: string;
  let handler: string;
  let unitId: number;

  beforeAll(async () => {
    t = await createTestApp();
    api = caseApi(t);
    officer = (await t.tokenFor('officer')).token;
    unitId = (await makeUnit(t.app)).id;
    handler = (await t.tokenFor('unit_handler', unitId)).token;
  });
  afterAll(() => t.close());

  const ok = async <T = CaseJson>(res: Promise<Reply> | Reply, status = 200): Promise<T> => {
    const r = await res;
    if (r.statusCode !== status) throw new Error(`${r.statusCode} ${r.body}`);
    return r.json<T>();
  };
  const caseNoYear = (caseNo: string) => caseNo.split('-')[1];

  it('a case registered at 00:30 on 1 January (Shanghai) gets the new year’s number', async () => {
    t.clock.set(NEW_YEAR_0030);
    const c = await ok(api.register(officer), 201);
    expect(caseNoYear(c.caseNo)).toBe('2026');
  });

  it('a supervision letter issued then is numbered in the new year', async () => {
    t.clock.set(NEW_YEAR_0030);
    const c = await ok(api.register(officer), 201);
    await ok(api.act(officer, c.id, 'transfer', { unitId }));
    const letter = await ok<{ number: string; year: number }>(
      t.request('POST', '/api/v1/supervision-letters', {
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
      }),
      201,
    );
    expect(letter.number).toMatch(/〔2026〕\d+号$/);
  });

  it('a review (复查) case requested then is numbered in the new year', async () => {
    t.clock.set(new Date('2025-12-22T02:00:00Z'));
    const c = await ok(api.register(officer), 201);
    await ok(api.act(officer, c.id, 'transfer', { unitId }));
    await ok(api.act(handler, c.id, 'accept'));
    await ok(
      api.act(handler, c.id, 'answer', {
        decision: 'reject',
        facts: '经查，诉求缺乏依据。',
        basis: '《物业管理条例》',
        deliveryMethod: 'in_person',
        deliveredAt: t.clock.now().toISOString(),
      }),
    );
    const closed = await ok(api.act(officer, c.id, 'close'));
    t.clock.set(NEW_YEAR_0030);
    const review = await ok(
      t.request('POST', `/api/v1/cases/${c.id}/review-request`, {
        token: officer,
        body: { version: closed.version, channel: 'letter', reasons: '对处理意见不服，请求复查。' },
      }),
      201,
    );
    expect(caseNoYear(review.caseNo)).toBe('2026');
  });

  async function imported(kind: 'cases' | 'history', filename: string, data: string) {
    t.clock.set(new Date(NEW_YEAR_0030.getTime() + 60 * 60_000));
    const x = exchangeApi(t);
    const job = await ok<ImportJson>(x.upload(officer, kind, filename, Buffer.from(data)), 202);
    await t.app.get(ImportRunner).run(job.id);
    const done = await ok<ImportJson>(
      t.request('GET', `/api/v1/imports/${job.id}`, { token: officer }),
    );
    expect(done).toMatchObject({ status: 'done', errorRows: 0, createdRows: 1 });
  }
  const caseByRef = async (field: 'externalRef' | 'title', value: string) => {
    const [row] = await t.db.query<{ case_no: string }[]>(
      `SELECT case_no FROM cases WHERE ${field === 'externalRef' ? 'external_ref' : 'title'} = ?`,
      [value],
    );
    return row?.case_no ?? '(none)';
  };

  it('a province spreadsheet row registered at 00:30 on 1 January gets the new year’s number', async () => {
    const header =
      '省信访件编号,信访形式,来源方式,来源层级,登记时间,信访人姓名,证件号码,联系电话,住址,信访内容,内容分类,办理期限';
    const row = `GD2026-B001,网信,转送,广东省信访局,2026-01-01 00:30,李某某,${idNumber()},13800138000,广州市荔湾区某路 1 号,反映小区电梯长期故障。,010301,2026-03-05`;
    await imported('cases', 'boundary.csv', `${header}\n${row}\n`);
    expect(caseNoYear(await caseByRef('externalRef', 'GD2026-B001'))).toBe('2026');
  });

  it('a history case registered at 00:30 on 1 January, without a number, is numbered in the new year', async () => {
    const record = {
      type: 'case',
      ref: 'BOUNDARY-0001',
      channel: 'online',
      source: 'direct',
      sourceLevel: 'district',
      registeredAt: '2026-01-01T00:30:00+08:00',
      title: '跨年登记的历史信访件',
      content: '反映小区电梯长期故障。',
      purpose: 'complaint',
      categoryCode: '010301',
      locality: '某区某街道',
      personCount: 1,
      petitioners: [{ kind: 'person', name: '贺某', idNumber: idNumber() }],
      events: [],
    };
    await imported('history', 'boundary.jsonl', `${JSON.stringify(record)}\n`);
    expect(caseNoYear(await caseByRef('title', '跨年登记的历史信访件'))).toBe('2026');
  });
});
