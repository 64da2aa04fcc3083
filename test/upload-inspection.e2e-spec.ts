import { Document, Packer, Paragraph } from 'docx';
import { zipSync, type Zippable } from 'fflate';
import { countRows } from '@app/testing';
import { caseApi, type CaseJson } from './support/cases';
import { exchangeApi, xlsxOf } from './support/exchange';
import { samplePdf } from './support/files';
import { uploadFile } from './support/multipart';
import { createTestApp, expectError, type Reply, type TestApp } from './support/test-app';

const CONTENT_TYPES =
  '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"></Types>';
const MB = 1024 * 1024;

/** A package with the given parts (deflated hard, as a zip bomb would be). */
const zipOf = (parts: Record<string, string | Buffer>) =>
  Buffer.from(
    zipSync(
      Object.fromEntries(
        Object.entries(parts).map(([name, v]) => [
          name,
          [typeof v === 'string' ? Buffer.from(v) : v, { level: 9 }],
        ]),
      ) as Zippable,
    ),
  );

/**
 * Office files are zip packages: looked inside before they are accepted, by their central
 * directory and a bounded, streamed inflate. PDFs must be whole PDFs, not a header in front.
 */
describe('upload inspection: Office packages and PDFs (e2e)', () => {
  let t: TestApp;
  let officer: string;
  let caseId: number;
  let bomb: Buffer;

  beforeAll(async () => {
    t = await createTestApp();
    officer = (await t.tokenFor('officer')).token;
    caseId = (await caseApi(t).register(officer)).json<CaseJson>().id;
    bomb = zipOf({
      '[Content_Types].xml': CONTENT_TYPES,
      'word/document.xml': Buffer.alloc(200 * MB, 0x20),
    });
  });
  afterAll(() => t.close());

  const attach = async (filename: string, data: Buffer): Promise<Reply> => {
    const res = await uploadFile(t.app, officer, `/api/v1/cases/${caseId}/attachments`, {
      filename,
      data,
    });
    return {
      statusCode: res.statusCode,
      headers: res.headers,
      body: res.body,
      json: () => res.json(),
    };
  };

  it('a 204 kB .docx that unpacks to 200 MB is refused with 413, without unpacking it', async () => {
    expect(bomb.length).toBeLessThan(256 * 1024);
    const started = Date.now();
    const res = await attach('材料.docx', bomb);
    const tookMs = Date.now() - started;
    const body = expectError(res, 413, 'ATTACHMENT_UNPACKED_TOO_LARGE');
    expect(body.message).toContain('解压后过大');
    // Refused from the central directory: far less time than inflating 200 MB would take.
    expect(tookMs).toBeLessThan(3000);
    expect(await countRows(t.db, 'attachments')).toBe(0);
  });

  it('refuses macros, programs, foreign parts and broken packages with 415', async () => {
    const cases: [string, Record<string, string | Buffer>][] = [
      [
        'macro.docx',
        {
          '[Content_Types].xml': CONTENT_TYPES,
          'word/document.xml': '<w:document/>',
          'word/vbaProject.bin': Buffer.alloc(2000, 1),
        },
      ],
      [
        'macro-type.xlsx',
        {
          '[Content_Types].xml': CONTENT_TYPES.replace(
            '</Types>',
            '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.ms-excel.sheet.macroEnabled.main+xml"/></Types>',
          ),
          'xl/workbook.xml': '<workbook/>',
        },
      ],
      [
        'setup.docx',
        {
          '[Content_Types].xml': CONTENT_TYPES,
          'word/document.xml': '<w:document/>',
          'word/embeddings/setup.exe': Buffer.concat([Buffer.from('MZ'), Buffer.alloc(500)]),
        },
      ],
      [
        'script.docx',
        {
          '[Content_Types].xml': CONTENT_TYPES,
          'word/document.xml': '<w:document/>',
          'word/run.js': 'WScript.Shell',
        },
      ],
      [
        'foreign.docx',
        {
          '[Content_Types].xml': CONTENT_TYPES,
          'word/document.xml': '<w:document/>',
          'payload/readme.txt': 'hello',
        },
      ],
      ['any.docx', { 'a.txt': 'not an office file' }],
      ['sheet-as-doc.docx', { '[Content_Types].xml': CONTENT_TYPES, 'xl/workbook.xml': '<w/>' }],
    ];
    for (const [name, parts] of cases) {
      expectError(await attach(name, zipOf(parts)), 415, 'ATTACHMENT_CONTENT_REFUSED');
    }
    // Cut short: the central directory is gone.
    const real = await Packer.toBuffer(
      new Document({ sections: [{ children: [new Paragraph('x')] }] }),
    );
    expectError(
      await attach('cut.docx', real.subarray(0, real.length - 30)),
      415,
      'ATTACHMENT_CONTENT_REFUSED',
    );
    expect(await countRows(t.db, 'attachments')).toBe(0);
  });

  it('accepts a real .docx and .xlsx', async () => {
    const docx = await Packer.toBuffer(
      new Document({ sections: [{ children: [new Paragraph('信访材料')] }] }),
    );
    expect((await attach('材料.docx', docx)).statusCode).toBe(201);
    expect((await attach('清单.xlsx', await xlsxOf([['a', 'b']]))).statusCode).toBe(201);
  });

  it('a PDF must be a PDF beyond its first bytes', async () => {
    for (const data of [
      Buffer.concat([Buffer.from('%PDF-1.7\n'), Buffer.alloc(2000, 0x41)]),
      Buffer.concat([
        Buffer.from('%PDF-1.7\n'),
        Buffer.from('MZ'),
        Buffer.alloc(500),
        Buffer.from('\n%%EOF\n'),
      ]),
      Buffer.from('%PDF-1.4\n1 0 obj<<>>endobj\nstartxref\n999999\n%%EOF\n'),
    ]) {
      expectError(await attach('scan.pdf', data), 415, 'ATTACHMENT_CONTENT_REFUSED');
    }
    expect((await attach('scan.pdf', await samplePdf('信访材料'))).statusCode).toBe(201);
  });

  it('an import workbook is inspected the same way, and nothing is queued or kept', async () => {
    const api = exchangeApi(t);
    const xlsxBomb = zipOf({
      '[Content_Types].xml': CONTENT_TYPES,
      'xl/workbook.xml': '<workbook/>',
      'xl/worksheets/sheet1.xml': Buffer.alloc(200 * MB, 0x20),
    });
    expectError(
      await api.upload(officer, 'cases', 'cases.xlsx', xlsxBomb),
      413,
      'IMPORT_FILE_UNPACKED_TOO_LARGE',
    );
    const macro = zipOf({
      '[Content_Types].xml': CONTENT_TYPES,
      'xl/workbook.xml': '<workbook/>',
      'xl/vbaProject.bin': Buffer.alloc(100, 1),
    });
    expectError(
      await api.upload(officer, 'cases', 'cases.xlsx', macro),
      415,
      'IMPORT_FILE_REFUSED',
    );
    expect(await countRows(t.db, 'import_jobs')).toBe(0);
  });
});
