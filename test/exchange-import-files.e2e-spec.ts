import { existsSync } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { INestApplicationContext } from '@nestjs/common';
import { idNumber, phone } from './support/cases';
import { exchangeApi, readXlsx, startWorker, xlsxOf, type ImportJson } from './support/exchange';
import { createTestApp, type TestApp } from './support/test-app';

const HEADER = [
  '省信访件编号',
  '信访形式',
  '来源方式',
  '来源层级',
  '登记时间',
  '信访人姓名',
  '证件号码',
  '联系电话',
  '住址',
  '信访内容',
  '内容分类',
  '办理期限',
];

/**
 * An import file holds ID numbers and phones in clear: once the job has ended (done or failed)
 * nothing under STORAGE_DIR/imports may still hold them, and the row-error report, which echoes
 * cell values, shows them only masked.
 */
describe('import files after the import (e2e, real worker)', () => {
  let t: TestApp;
  let worker: INestApplicationContext;
  let officer: string;
  let api: ReturnType<typeof exchangeApi>;
  const ids = [idNumber(), idNumber(), idNumber()];
  const phones = [phone(), phone(), phone()];
  const importsDir = join(process.env.STORAGE_DIR!, 'imports');

  beforeAll(async () => {
    t = await createTestApp();
    t.clock.set(new Date('2026-01-20T02:00:00Z'));
    worker = await startWorker(t);
    officer = (await t.tokenFor('officer')).token;
    api = exchangeApi(t);
  });
  afterAll(async () => {
    await worker.close();
    await t.close();
  });

  /** The text of every file left under imports/ (a workbook read cell by cell). */
  async function leftInImports(): Promise<string[]> {
    const names = existsSync(importsDir) ? await readdir(importsDir) : [];
    const texts: string[] = [];
    for (const name of names) {
      const data = await readFile(join(importsDir, name));
      if (data.subarray(0, 2).toString() === 'PK') {
        texts.push((await readXlsx(data).catch(() => [])).flat().join('\n'));
      } else texts.push(data.toString('utf8'));
    }
    return texts;
  }

  const storageKeyOf = async (id: number) =>
    (
      await t.db.query<{ storage_key: string }[]>(
        'SELECT storage_key FROM import_jobs WHERE id = ?',
        [id],
      )
    )[0].storage_key;

  const clearValues = [...ids, ...phones];
  const holdsClear = (text: string) => clearValues.filter((v) => text.includes(v));

  it('a finished spreadsheet import leaves no file, and its error report is masked', async () => {
    const file = await xlsxOf([
      HEADER,
      [
        'GD2026-1001',
        '网信',
        '转送',
        '省',
        '2026-01-05 09:30',
        '李某某',
        ids[0],
        phones[0],
        '广州市荔湾区某路 1 号',
        '反映小区电梯长期故障。',
        '010301',
        '',
      ],
      // A phone typed into the channel column: the report echoes the cell.
      [
        'GD2026-1002',
        phones[1],
        '转送',
        '省',
        '2026-01-05 10:00',
        '王某',
        ids[1],
        '',
        '',
        '反映拖欠工资。',
        '020101',
        '',
      ],
      // An ID number typed as the provincial number: the report names the row by it.
      [
        ids[2],
        '来信',
        '转送',
        '省',
        '不是时间',
        '赵某',
        '',
        phones[2],
        '',
        '反映征地补偿。',
        '010202',
        '',
      ],
    ]);
    const res = await api.upload(officer, 'cases', '省交转办件.xlsx', file);
    expect(res.statusCode).toBe(202);
    const id = res.json<ImportJson>().id;
    const key = await storageKeyOf(id);
    const job = await api.waitFor(officer, id);
    expect(job).toEqual(expect.objectContaining({ status: 'done', validRows: 1, errorRows: 2 }));

    expect(existsSync(join(process.env.STORAGE_DIR!, key))).toBe(false);
    expect((await leftInImports()).flatMap(holdsClear)).toEqual([]);

    const csv = await api.download(officer, `/api/v1/imports/${id}/errors?format=csv`);
    expect(csv.statusCode).toBe(200);
    expect(holdsClear(csv.body)).toEqual([]);
    // Still useful: the masked values show which cell was wrong.
    expect(csv.body).toContain(`${phones[1].slice(0, 3)}****${phones[1].slice(-4)}`);
    expect(csv.body).toContain(`${ids[2].slice(0, 4)}**********${ids[2].slice(-4)}`);
    const xlsx = await api.download(officer, `/api/v1/imports/${id}/errors?format=xlsx`);
    expect(holdsClear((await readXlsx(xlsx.raw)).flat().join('\n'))).toEqual([]);
    const stored = await t.db.query<{ source_key: string; message: string }[]>(
      'SELECT source_key, message FROM import_row_errors WHERE import_id = ?',
      [id],
    );
    expect(stored.length).toBeGreaterThan(0);
    expect(holdsClear(JSON.stringify(stored))).toEqual([]);
  });

  it('a failed import leaves no file either', async () => {
    const csv = `\uFEFF姓名,身份证号码,手机号码\r\n李某,${ids[0]},${phones[0]}\r\n`;
    const res = await api.upload(officer, 'cases', '不完整.csv', Buffer.from(csv));
    expect(res.statusCode).toBe(202);
    const id = res.json<ImportJson>().id;
    const key = await storageKeyOf(id);
    const job = await api.waitFor(officer, id);
    expect(job.status).toBe('failed');
    expect(existsSync(join(process.env.STORAGE_DIR!, key))).toBe(false);
    expect((await leftInImports()).flatMap(holdsClear)).toEqual([]);
  });
});
