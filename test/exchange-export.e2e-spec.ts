import type { INestApplicationContext } from '@nestjs/common';
import { makeUnit } from '@app/testing';
import { caseApi, idNumber, phone } from './support/cases';
import { exchangeApi, readXlsx, startWorker, type ImportJson } from './support/exchange';
import { createTestApp, expectError, type TestApp } from './support/test-app';

interface ListJson {
  items: { caseNo: string; externalRef: string | null; firstPetitionerName: string | null }[];
  nextCursor: number | null;
}

describe('case list export to .xlsx (e2e)', () => {
  let t: TestApp;
  let worker: INestApplicationContext;
  let officer: string;
  let officerId: number;
  const ids: string[] = [];

  /** Every page of the list, as a user paging through it would see it. */
  const listAll = async (token: string, query: string) => {
    const out: ListJson['items'] = [];
    let cursor: number | null = null;
    do {
      const url: string = `/api/v1/cases?limit=50&${query}${cursor ? `&cursor=${cursor}` : ''}`;
      const res = await t.request('GET', url, { token });
      expect(res.statusCode).toBe(200);
      const page = res.json<ListJson>();
      out.push(...page.items);
      cursor = page.nextCursor;
    } while (cursor);
    return out;
  };
  const exportXlsx = (token: string, query: string) =>
    exchangeApi(t).download(token, `/api/v1/cases/export?${query}`);

  beforeAll(async () => {
    t = await createTestApp();
    t.clock.set(new Date('2026-02-01T02:00:00Z'));
    worker = await startWorker(t);
    const o = await t.tokenFor('officer');
    officer = o.token;
    officerId = o.userId;
    // 450 provincial cases through the import (more than two export pages), half of them online.
    const lines = [
      '省信访件编号,信访形式,来源层级,登记时间,信访人姓名,证件号码,联系电话,住址,信访内容,内容分类',
    ];
    for (let i = 0; i < 450; i++) {
      ids.push(idNumber());
      lines.push(
        `EX-${String(i).padStart(4, '0')},${i % 2 ? '网信' : '来信'},省,2026-01-${String(1 + (i % 28)).padStart(2, '0')} 09:00,` +
          `信访人${i},${ids[i]},${phone()},广州市荔湾区某路 ${i} 号,反映第 ${i} 件事。,010301`,
      );
    }
    const api = exchangeApi(t);
    const res = await api.upload(officer, 'cases', 'ex.csv', Buffer.from(lines.join('\n')));
    const job = await api.waitFor(officer, res.json<ImportJson>().id);
    expect(job).toEqual(expect.objectContaining({ status: 'done', createdRows: 450 }));
  });
  afterAll(async () => {
    await worker.close();
    await t.close();
  });

  it('contains exactly the rows of the list with the same filters, in the same order', async () => {
    const query = 'channel=online&registeredFrom=2026-01-03T00:00:00%2B08:00';
    const listed = await listAll(officer, query);
    expect(listed.length).toBeGreaterThan(200);

    const res = await exportXlsx(officer, `${query}&reason=${encodeURIComponent('年度统计核对')}`);
    expect(res.statusCode).toBe(200);
    expect(String(res.headers['content-type'])).toContain('spreadsheetml');
    const sheet = await readXlsx(res.raw);
    const header = sheet[0];
    expect(header.slice(0, 7)).toEqual([
      '信访件编号',
      '省信访件编号',
      '登记时间',
      '信访形式',
      '来源方式',
      '来源层级',
      '信访人',
    ]);
    const col = (name: string) => header.indexOf(name);
    const rows = sheet.slice(1);
    expect(rows.map((r) => r[col('信访件编号')])).toEqual(listed.map((i) => i.caseNo));
    expect(rows.map((r) => r[col('省信访件编号')])).toEqual(listed.map((i) => i.externalRef));
    expect(rows.map((r) => r[col('信访人')])).toEqual(listed.map((i) => i.firstPetitionerName));
    expect(new Set(rows.map((r) => r[col('信访形式')]))).toEqual(new Set(['网信']));
    // Masked: no ID number or phone in clear anywhere in the file.
    const text = rows.flat().join('\n');
    for (const id of ids) expect(text).not.toContain(id);
    expect(rows[0][col('证件号码')]).toMatch(/^\d{4}\*+\d{3}[\dX]$/); // the check digit may be X
    expect(rows[0][col('住址')]).toContain('*');

    const [log] = await t.db.query<
      {
        user_id: number;
        reason: string;
        row_count: number;
        filters: string;
        full_personal_data: number;
      }[]
    >('SELECT * FROM export_logs ORDER BY id DESC LIMIT 1');
    expect(log).toEqual(
      expect.objectContaining({
        user_id: officerId,
        reason: '年度统计核对',
        row_count: listed.length,
        full_personal_data: 0,
      }),
    );
    expect(JSON.parse(log.filters)).toEqual(
      expect.objectContaining({ channel: 'online', registeredFrom: '2026-01-02T16:00:00.000Z' }),
    );
  });

  it('full personal data only for roles that may see it, and it is logged as such', async () => {
    const res = await exportXlsx(
      officer,
      'keyword=EX-0007&reason=核对信访人身份&personalData=full',
    );
    expect(res.statusCode).toBe(200);
    const sheet = await readXlsx(res.raw);
    expect(sheet).toHaveLength(2);
    expect(sheet[1][sheet[0].indexOf('证件号码')]).toBe(ids[7]);
    const [log] = await t.db.query<{ full_personal_data: number; row_count: number }[]>(
      'SELECT * FROM export_logs ORDER BY id DESC LIMIT 1',
    );
    expect(log).toEqual(expect.objectContaining({ full_personal_data: 1, row_count: 1 }));

    const unit = (await t.tokenFor('unit_handler')).token;
    expectError(
      await exportXlsx(unit, 'reason=核对&personalData=full'),
      403,
      'EXPORT_FULL_PII_FORBIDDEN',
    );
  });

  it('a reason is required; a refused filter is a 4xx before any file is sent', async () => {
    expectError(await exportXlsx(officer, 'channel=online'), 400, 'VALIDATION_FAILED');
    expectError(await exportXlsx(officer, 'reason=核对&channel=pigeon'), 400, 'VALIDATION_FAILED');
    const unit = (await t.tokenFor('unit_handler')).token;
    expectError(
      await exportXlsx(unit, `reason=核对&idNumber=${ids[0]}`),
      403,
      'PII_SEARCH_FORBIDDEN',
    );
  });

  it("a unit exports only its own cases, and never an accuser's identity", async () => {
    const unit = await makeUnit(t.app);
    const handler = (await t.tokenFor('unit_handler', unit.id)).token;
    const cases = caseApi(t);
    const a = await cases.register(officer, { purpose: 'accusation', title: '检举某单位' });
    const b = await cases.register(officer, { title: '普通求决件' });
    for (const c of [a, b]) {
      const res = await cases.act(officer, c.json<{ id: number }>().id, 'transfer', {
        unitId: unit.id,
      });
      expect(res.statusCode).toBe(200);
    }
    const res = await exportXlsx(handler, 'reason=本单位台账');
    const sheet = await readXlsx(res.raw);
    const col = (name: string) => sheet[0].indexOf(name);
    const rows = sheet.slice(1);
    expect(rows.map((r) => r[col('信访标题')])).toEqual(['普通求决件', '检举某单位']);
    expect(rows[1][col('信访人')]).toBe('（保密）');
    expect(rows[1][col('证件号码')] ?? '').toBe('');
    expect(rows[0][col('信访人')]).toBe('张某某');
    expect(rows[0][col('责任单位')]).toBe(unit.name);
  });
});
