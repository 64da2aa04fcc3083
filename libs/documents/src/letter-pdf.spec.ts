import { dirname } from 'node:path';
import { PDFParse } from 'pdf-parse';
import { renderLetterPdf } from './letter-pdf';
import { sampleLetter } from './sample-letter.fixture';
import { letterParagraphs } from './supervision-letter';

/*
 * pdf.js runs its worker in-process under Node, loading it with import(), which Jest's sandbox
 * refuses. Loading the worker module ourselves (jest.config.js compiles pdfjs-dist) and handing it
 * over through globalThis.pdfjsWorker, as pdf.js provides for, skips that import.
 */
beforeAll(async () => {
  const worker = require.resolve('pdfjs-dist/legacy/build/pdf.worker.mjs', {
    paths: [dirname(require.resolve('pdf-parse'))],
  });
  (globalThis as { pdfjsWorker?: unknown }).pdfjsWorker = await import(worker);
});

async function pdfText(pdf: Buffer): Promise<{ text: string; pages: number }> {
  const parser = new PDFParse({ data: new Uint8Array(pdf) });
  try {
    const result = await parser.getText();
    return { text: result.text, pages: result.total };
  } finally {
    await parser.destroy();
  }
}

const withoutSpaces = (s: string): string => s.replace(/\s+/g, '');

describe('renderLetterPdf', () => {
  let pdf: Buffer;
  beforeAll(async () => {
    pdf = await renderLetterPdf(sampleLetter());
  });

  it('is a small PDF with its Chinese font embedded, so it prints the same anywhere', () => {
    expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    expect(pdf.toString('latin1')).toMatch(/\/FontFile[23]\b/);
    expect(pdf.toString('latin1')).toMatch(/\/BaseFont \/[A-Z]{6}\+NotoSerifSC-Regular/); // a subset
    expect(pdf.length).toBeLessThan(300_000);
  });

  it('has text that can be found and copied: the number, the addressee, the cases, the deadline', async () => {
    const { text } = await pdfText(pdf);
    expect(text).toContain('荔信督〔2022〕17号');
    expect(text).toContain('区住房和城乡建设局：');
    const flat = withoutSpaces(text);
    for (const c of sampleLetter().cases) expect(flat).toContain(c.caseNo);
    expect(flat).toContain('请于2022年5月20日前将办理情况书面报送我局。');
    expect(flat).not.toContain('作废');
  });

  it('lays out every line of letterParagraphs', async () => {
    const flat = withoutSpaces((await pdfText(pdf)).text);
    for (const paragraph of letterParagraphs(sampleLetter()))
      expect(flat).toContain(withoutSpaces(paragraph));
  });

  it('runs onto a second page for a long letter, numbering the pages', async () => {
    const cases = Array.from({ length: 30 }, (_, i) => ({
      caseNo: `XF-2022-${String(i + 1).padStart(6, '0')}`,
      title: '反映某小区物业管理问题',
      registeredDate: '2022-03-01',
    }));
    const { text, pages } = await pdfText(await renderLetterPdf(sampleLetter({ cases })));
    expect(pages).toBeGreaterThan(2);
    expect(text).toContain(`— ${pages} —`);
    expect(withoutSpaces(text)).toContain('XF-2022-000030');
  });

  it('marks every page of a void letter 作废', async () => {
    const cases = Array.from({ length: 20 }, (_, i) => ({
      caseNo: `XF-2022-${String(i + 1).padStart(6, '0')}`,
      title: '反映某小区物业管理问题',
      registeredDate: '2022-03-01',
    }));
    const parser = new PDFParse({
      data: new Uint8Array(await renderLetterPdf(sampleLetter({ cases, voided: true }))),
    });
    try {
      const result = await parser.getText();
      expect(result.pages.length).toBeGreaterThan(1);
      for (const page of result.pages) expect(page.text).toContain('作废');
    } finally {
      await parser.destroy();
    }
  });
});
