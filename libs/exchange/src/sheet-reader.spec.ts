import { PassThrough, Readable } from 'node:stream';
import ExcelJS from 'exceljs';
import { readSheet } from './sheet-reader';

const text = (i: number) =>
  `第${i}件：信访人反映小区电梯长期故障，物业公司不予维修，请求督促处理。`.repeat(3);
const ROWS = 3000;

async function collect(stream: Readable, format: 'xlsx' | 'csv') {
  const out: string[] = [];
  for await (const row of readSheet(stream, format)) out.push(String(row.cells[1]));
  return out;
}

describe('readSheet', () => {
  const expected = [...Array.from({ length: ROWS }, (_, i) => text(i))];

  it('reads Chinese text intact from an .xlsx with shared strings', async () => {
    const book = new ExcelJS.Workbook();
    const sheet = book.addWorksheet('s');
    sheet.addRow(['编号', '内容']);
    for (let i = 0; i < ROWS; i++) sheet.addRow([i, text(i)]);
    const data = Buffer.from(await book.xlsx.writeBuffer());
    const got = await collect(Readable.from([data]), 'xlsx');
    expect(got.slice(1)).toEqual(expected);
  });

  it('reads Chinese text intact from a streamed .xlsx with inline strings (characters split across chunks)', async () => {
    const out = new PassThrough();
    const chunks: Buffer[] = [];
    out.on('data', (c: Buffer) => chunks.push(c));
    const book = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useSharedStrings: false });
    const sheet = book.addWorksheet('s');
    sheet.addRow(['编号', '内容']).commit();
    for (let i = 0; i < ROWS; i++) sheet.addRow([i, text(i)]).commit();
    sheet.commit();
    await book.commit();
    const got = await collect(Readable.from([Buffer.concat(chunks)]), 'xlsx');
    expect(got.slice(1)).toEqual(expected);
  });

  it('reads a GB18030 .csv (as Excel saves it on a Chinese Windows) and a UTF-8 one alike', async () => {
    const csv = '编号,内容\r\n' + expected.map((t, i) => `${i},${t}`).join('\r\n');
    const utf8 = await collect(Readable.from([Buffer.from('\uFEFF' + csv)]), 'csv');
    expect(utf8.slice(1)).toEqual(expected);
    // "编号,内容\r\n1,中文" in GBK, fed one byte at a time.
    const gbk = Buffer.from('b1e0bac52cc4dac8dd0d0a312cd6d0cec4', 'hex');
    const got = await collect(Readable.from([...gbk].map((b) => Buffer.from([b]))), 'csv');
    expect(got).toEqual(['内容', '中文']);
  });
});
