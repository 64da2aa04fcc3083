import type { INestApplicationContext } from '@nestjs/common';
import { FileStorage } from '@app/cases';
import { ImportRunner } from '@app/exchange';
import { countRows } from '@app/testing';
import { caseApi, idNumber, otherPhone, phone } from './support/cases';
import { exchangeApi, readXlsx, startWorker, xlsxOf, type ImportJson } from './support/exchange';
import { createTestApp, expectError, type TestApp } from './support/test-app';

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

describe('spreadsheet import of handed-down cases (e2e, real worker)', () => {
  let t: TestApp;
  let worker: INestApplicationContext;
  let officer: string;
  let api: ReturnType<typeof exchangeApi>;
  const people = Array.from({ length: 6 }, () => ({ id: idNumber(), phone: phone() }));

  /** Six good rows, four bad ones (rows 3, 5, 8 and 11 of the sheet; the header is row 1). */
  const rows = (): unknown[][] => [
    HEADER,
    [
      'GD2026-0001',
      '网信',
      '转送',
      '广东省信访局',
      '2026-01-05 09:30',
      '李某某',
      people[0].id,
      people[0].phone,
      '广州市荔湾区某路 1 号',
      '反映小区电梯长期故障。',
      '010301',
      '2026-03-05',
    ],
    [
      'GD2026-0002',
      '飞鸽传书',
      '转送',
      '省',
      '2026-01-05 10:00',
      '王某',
      '',
      '',
      '',
      '反映拖欠工资。',
      '020101',
      '',
    ],
    [
      'GD2026-0003',
      '来信',
      '交办',
      '广州市信访局',
      '2026/1/6 8:00',
      '赵某、钱某',
      `${people[1].id}；${people[2].id}`,
      people[1].phone,
      '',
      '反映征地补偿标准过低。',
      '010202 集体土地征收补偿',
      '2026年2月20日',
    ],
    ['GD2026-0004', '来电', '转送', '省', '不是时间', '孙某', '12345', '', '', '', '999999', ''],
    [
      'GD2026-0005',
      '来访',
      '转送',
      '国家信访局',
      // An Excel date cell: exceljs writes the wall clock as if it were UTC.
      new Date(Date.UTC(2026, 0, 7, 14, 0)),
      '周某',
      people[3].id,
      '',
      '',
      '反映养老保险待遇。',
      '养老保险',
      '',
    ],
    [
      'GD2026-0006',
      '传真',
      '转送',
      '省',
      '2026-01-07 15:00',
      '吴某',
      '',
      people[4].phone,
      '',
      '反映物业费问题。',
      '010302',
      '',
    ],
    [
      'GD2026-0001',
      '来信',
      '转送',
      '省',
      '2026-01-08 09:00',
      '郑某',
      '',
      '',
      '',
      '重复的编号。',
      '010301',
      '',
    ],
    [
      'GD2026-0007',
      '网信',
      '转送',
      '省',
      '2026-01-08 10:00',
      '冯某',
      people[5].id,
      '',
      '',
      '反映违法建设。',
      '010501',
      '',
    ],
    [
      'GD2026-0008',
      '网信',
      '转送',
      '省',
      '2026-01-08 11:00',
      '陈某',
      '',
      '',
      '',
      '内容',
      '010501',
      '',
    ],
    [
      'GD2026-0009',
      '网信',
      '转送',
      '荔湾区',
      '2026-01-09 11:00',
      '褚某',
      '',
      '',
      '',
      '区级来源的转送件。',
      '010501',
      '',
    ],
  ];

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

  let first: ImportJson;

  it('validates every row, reports the bad ones, imports the good ones', async () => {
    const file = await xlsxOf(rows());
    const res = await api.upload(officer, 'cases', '省交转办件.xlsx', file);
    expect(res.statusCode).toBe(202);
    expect(res.json<ImportJson>().status).toBe('queued');
    first = await api.waitFor(officer, res.json<ImportJson>().id);

    expect(first).toEqual(
      expect.objectContaining({
        status: 'done',
        totalRows: 10,
        validRows: 6,
        errorRows: 4,
        createdRows: 6,
        existingRows: 0,
        percent: 100,
      }),
    );
    expect(await countRows(t.db, 'cases')).toBe(6);
  });

  it('the error report names each bad row, its column and the problem', async () => {
    expect(first.errorReport).toBe(`/api/v1/imports/${first.id}/errors?format=xlsx`);
    const xlsx = await api.download(officer, first.errorReport!);
    expect(xlsx.statusCode).toBe(200);
    expect(String(xlsx.headers['content-type'])).toContain('spreadsheetml');
    const sheet = await readXlsx(xlsx.raw);
    expect(sheet[0]).toEqual(['行号', '编号', '列名/字段', '错误代码', '错误说明']);
    const byRow = (n: number) => sheet.slice(1).filter((r) => r[0] === String(n));
    expect(byRow(3).map((r) => r[2])).toEqual(['信访形式']);
    expect(byRow(3)[0][4]).toContain('飞鸽传书');
    // Row 5: every problem of the row, not just the first.
    expect(
      byRow(5)
        .map((r) => r[2])
        .sort(),
    ).toEqual(['登记时间', '证件号码', '信访内容', '内容分类'].sort());
    expect(byRow(8)).toEqual([
      ['8', 'GD2026-0001', '省信访件编号', 'DUPLICATE_IN_FILE', '省信访件编号与第 2 行重复'],
    ]);
    expect(byRow(11).map((r) => r[3])).toEqual(['SOURCE_LEVEL_MISMATCH']);
    expect(sheet.length - 1).toBe(1 + 4 + 1 + 1);

    const csv = await api.download(officer, `/api/v1/imports/${first.id}/errors?format=csv`);
    expect(csv.statusCode).toBe(200);
    const lines = csv.body
      .replace(/^\uFEFF/, '')
      .trim()
      .split('\r\n');
    expect(lines[0]).toBe('行号,编号,列名/字段,错误代码,错误说明');
    expect(lines).toContain(
      '8,GD2026-0001,省信访件编号,DUPLICATE_IN_FILE,省信访件编号与第 2 行重复',
    );
    expect(lines.length - 1).toBe(sheet.length - 1);
  });

  it('imported cases are registered like any case: number, masked petitioners, triage clock, timeline', async () => {
    const [row] = await t.db.query<{ id: number }[]>(
      "SELECT id FROM cases WHERE external_ref = 'GD2026-0003'",
    );
    const c = await caseApi(t).get(officer, Number(row.id));
    expect(c.caseNo).toMatch(/^[A-Z]+-2026-\d{6}$/);
    const prefix = c.caseNo.split('-')[0];
    expect(c).toEqual(
      expect.objectContaining({
        status: 'registered',
        channel: 'letter',
        source: 'assigned',
        sourceLevel: 'municipal',
        externalRef: 'GD2026-0003',
        provincialDueDate: '2026-02-20',
        categoryCode: '010202',
        registeredAt: '2026-01-06T00:00:00.000Z',
        personCount: 2,
      }),
    );
    expect(c.petitioners.map((p) => p.name)).toEqual(['赵某', '钱某']);
    expect(c.petitioners[0].idNumber).not.toBe(people[1].id);
    expect(c.petitioners[0].idNumber).toMatch(/\*{4}/);
    expect(c.clocks).toEqual([expect.objectContaining({ kind: 'triage', status: 'running' })]);
    const timeline = await t.request('GET', `/api/v1/cases/${c.id}/timeline`, { token: officer });
    expect(timeline.json()).toEqual(
      expect.objectContaining({
        chainIntact: true,
        events: [expect.objectContaining({ type: 'registered' })],
      }),
    );
    // Personal data is stored encrypted and found by blind index, like a counter registration.
    const [stored] = await t.db.query<{ enc: string }[]>(
      'SELECT id_number_enc AS enc FROM petitioners WHERE name = ?',
      ['赵某'],
    );
    expect(stored.enc).not.toContain(people[1].id);
    const found = await t.request('GET', `/api/v1/cases?idNumber=${people[2].id}`, {
      token: officer,
    });
    expect(
      found.json<{ items: { externalRef: string }[] }>().items.map((i) => i.externalRef),
    ).toEqual(['GD2026-0003']);
    // Numbers are gapless: six imported cases, numbers 1-6 of 2026.
    const numbers = await t.db.query<{ case_no: string }[]>(
      'SELECT case_no FROM cases ORDER BY case_no',
    );
    expect(numbers.map((n) => n.case_no)).toEqual(
      Array.from({ length: 6 }, (_, i) => `${prefix}-2026-${String(i + 1).padStart(6, '0')}`),
    );
  });

  it('an Excel date cell is read as Asia/Shanghai time', async () => {
    const [row] = await t.db.query<{ at: Date }[]>(
      "SELECT registered_at AS at FROM cases WHERE external_ref = 'GD2026-0005'",
    );
    expect(row.at.toISOString()).toBe('2026-01-07T06:00:00.000Z');
  });

  it('nothing of a bad row is written', async () => {
    for (const ref of ['GD2026-0002', 'GD2026-0004', 'GD2026-0009']) {
      const [n] = await t.db.query<{ n: number }[]>(
        'SELECT COUNT(*) AS n FROM cases WHERE external_ref = ?',
        [ref],
      );
      expect(Number(n.n)).toBe(0);
    }
    const names = await t.db.query<{ name: string }[]>('SELECT name FROM petitioners');
    expect(names.map((n) => n.name)).not.toEqual(expect.arrayContaining(['王某']));
    expect(names.map((n) => n.name)).not.toEqual(expect.arrayContaining(['孙某']));
    expect(await countRows(t.db, 'case_petitioners')).toBe(7);
    expect(await countRows(t.db, 'clocks')).toBe(6);
    expect(await countRows(t.db, 'case_events')).toBe(6);
  });

  it('importing the same file again creates nothing new', async () => {
    const res = await api.upload(officer, 'cases', '省交转办件.xlsx', await xlsxOf(rows()));
    const again = await api.waitFor(officer, res.json<ImportJson>().id);
    expect(again).toEqual(
      expect.objectContaining({ status: 'done', createdRows: 0, existingRows: 6, errorRows: 4 }),
    );
    expect(await countRows(t.db, 'cases')).toBe(6);
    expect(await countRows(t.db, 'petitioners')).toBe(7);
    expect(await countRows(t.db, 'case_events')).toBe(6);
  });

  it('running a job twice has one effect (a retried attempt finds its rows existing)', async () => {
    const runner = worker.get(ImportRunner);
    expect(await runner.run(first.id)).toBe('skipped');
    // As if the first attempt had crashed after writing its rows: the job is queued again and
    // its file still there (a finished job's file is removed).
    await t.db.query("UPDATE import_jobs SET status = 'queued' WHERE id = ?", [first.id]);
    const [{ key }] = await t.db.query<{ key: string }[]>(
      'SELECT storage_key AS `key` FROM import_jobs WHERE id = ?',
      [first.id],
    );
    await t.app.get(FileStorage).put(key, await xlsxOf(rows()));
    expect(await runner.run(first.id)).toBe('done');
    const job = (
      await t.request('GET', `/api/v1/imports/${first.id}`, { token: officer })
    ).json<ImportJson>();
    expect(job).toEqual(expect.objectContaining({ createdRows: 0, existingRows: 6, errorRows: 4 }));
    expect(await countRows(t.db, 'cases')).toBe(6);
    expect(await countRows(t.db, 'import_row_errors')).toBe(2 * 7);
  });

  it('reads .csv with header aliases; a later row of the same person on the same matter is a repeat', async () => {
    const id = idNumber();
    const csv =
      '\uFEFF省件编号,信访方式,来源,登记日期,信访人,身份证号码,手机号码,地址,诉求内容,问题分类,限办日期\r\n' +
      `CSV-1,来访,省信访局,2026-01-10 09:00,"林某",${id},,,"反映拖欠工资，""多次""讨要未果。",020101,2026-02-10\r\n` +
      `CSV-2,来电,省信访局,2026-01-11 09:00,林某,${id},,,再次反映拖欠工资。,020101,\r\n`;
    const res = await api.upload(officer, 'cases', 'cases.csv', Buffer.from(csv));
    const job = await api.waitFor(officer, res.json<ImportJson>().id);
    expect(job).toEqual(expect.objectContaining({ status: 'done', createdRows: 2, errorRows: 0 }));
    const got = await t.db.query<
      { ref: string; repeat: number; first: number | null; id: number; content: string }[]
    >(
      "SELECT external_ref AS ref, `repeat`, first_case_id AS first, id, content FROM cases WHERE external_ref LIKE 'CSV-%' ORDER BY external_ref",
    );
    expect(got[0]).toEqual(expect.objectContaining({ repeat: 0, first: null }));
    expect(got[0].content).toBe('反映拖欠工资，"多次"讨要未果。');
    expect(got[1]).toEqual(expect.objectContaining({ repeat: 1 }));
    expect(Number(got[1].first)).toBe(Number(got[0].id));
    const [person] = await t.db.query<{ n: number }[]>(
      "SELECT COUNT(*) AS n FROM petitioners WHERE name = '林某'",
    );
    expect(Number(person.n)).toBe(1);
  });

  it('a row with only a phone the person gave on an earlier case, since replaced, is a repeat of that matter', async () => {
    const id = idNumber();
    const oldPhone = phone();
    const newPhone = otherPhone(oldPhone);
    const cases = caseApi(t);
    const register = async (categoryCode: string, tel: string) =>
      (
        await cases.register(officer, {
          categoryCode,
          petitioners: [{ kind: 'person', name: '韩某', idNumber: id, phone: tel }],
        })
      ).json<{ id: number }>();
    const first = await register('020101', oldPhone);
    await register('090101', newPhone);
    const csv =
      '省件编号,信访方式,来源,登记日期,信访人,身份证号码,手机号码,地址,诉求内容,问题分类,限办日期\r\n' +
      `OLDTEL-1,来电,省信访局,2026-01-12 09:00,韩某,,${oldPhone},,再次反映拖欠工资。,020101,\r\n`;
    const res = await api.upload(officer, 'cases', 'old-phone.csv', Buffer.from(csv));
    const job = await api.waitFor(officer, res.json<ImportJson>().id);
    expect(job).toEqual(expect.objectContaining({ status: 'done', createdRows: 1, errorRows: 0 }));
    const [got] = await t.db.query<{ repeat: number; first: number | null }[]>(
      "SELECT `repeat`, first_case_id AS first FROM cases WHERE external_ref = 'OLDTEL-1'",
    );
    expect(got.repeat).toBe(1);
    expect(Number(got.first)).toBe(first.id);
  });

  it('a passing failure leaves the job queued for a retry; the last retry fails it for good', async () => {
    const res = await api.upload(officer, 'cases', 'lost.csv', Buffer.from('a,b\n'));
    const id = res.json<ImportJson>().id;
    await api.waitFor(officer, id);
    // The stored file goes missing (storage trouble): not the file's fault, so BullMQ retries.
    await t.db.query(
      "UPDATE import_jobs SET status = 'queued', storage_key = 'imports/missing.csv' WHERE id = ?",
      [id],
    );
    const runner = worker.get(ImportRunner);
    await expect(runner.run(id)).rejects.toMatchObject({ code: 'STORED_FILE_MISSING' });
    const queued = (
      await t.request('GET', `/api/v1/imports/${id}`, { token: officer })
    ).json<ImportJson>();
    expect(queued).toEqual(
      expect.objectContaining({ status: 'queued', failure: '导入中断，将自动重试' }),
    );
    await runner.giveUp(id);
    const failed = (
      await t.request('GET', `/api/v1/imports/${id}`, { token: officer })
    ).json<ImportJson>();
    expect(failed.status).toBe('failed');
    expect(await runner.run(id)).toBe('skipped');
  });

  it('lists recent imports, newest first', async () => {
    const res = await t.request('GET', '/api/v1/imports?kind=cases&limit=2', {
      token: officer,
    });
    const page = res.json<{ items: ImportJson[]; nextCursor: number | null }>();
    expect(page.items).toHaveLength(2);
    expect(page.items[0].id).toBeGreaterThan(page.items[1].id);
    expect(page.nextCursor).toBe(page.items[1].id);
  });

  it('a file without a required column fails with a clear message', async () => {
    const file = await xlsxOf([
      ['省信访件编号', '信访形式', '信访内容'],
      ['X-1', '来信', '内容'],
    ]);
    const res = await api.upload(officer, 'cases', 'short.xlsx', file);
    const job = await api.waitFor(officer, res.json<ImportJson>().id);
    expect(job.status).toBe('failed');
    expect(job.failure).toBe('表头缺少必填列：来源层级、登记时间、信访人姓名、内容分类');
  });

  it('refuses a file of the wrong kind before queueing anything', async () => {
    expectError(
      await api.upload(officer, 'cases', 'cases.pdf', Buffer.from('%PDF-1.7')),
      415,
      'IMPORT_FILE_REFUSED',
    );
    expectError(
      await api.upload(officer, 'cases', 'cases.xlsx', Buffer.from('a,b,c\n')),
      415,
      'IMPORT_FILE_REFUSED',
    );
    expectError(
      await api.upload(officer, 'cases', 'cases.csv', Buffer.alloc(0)),
      400,
      'IMPORT_FILE_EMPTY',
    );
    const before = await countRows(t.db, 'import_jobs');
    expectError(await api.upload(officer, 'cases', 'x.docx', Buffer.from('PK')), 415);
    expect(await countRows(t.db, 'import_jobs')).toBe(before);
  });

  it('a unit handler may not import', async () => {
    const unit = (await t.tokenFor('unit_handler')).token;
    const res = await api.upload(unit, 'cases', 'a.csv', Buffer.from('x'));
    expectError(res, 403, 'FORBIDDEN_ROLE');
    expectError(
      await t.request('GET', '/api/v1/imports/999999', { token: officer }),
      404,
      'IMPORT_NOT_FOUND',
    );
  });
});
