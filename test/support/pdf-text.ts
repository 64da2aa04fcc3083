import { dirname } from 'node:path';
import { PDFParse } from 'pdf-parse';

/*
 * pdf.js runs its worker in-process under Node, loading it with import(), which Jest's sandbox
 * refuses; handing the worker module over through globalThis.pdfjsWorker skips that import.
 */
let ready: Promise<void> | undefined;
function loadWorker(): Promise<void> {
  ready ??= (async () => {
    const worker = require.resolve('pdfjs-dist/legacy/build/pdf.worker.mjs', {
      paths: [dirname(require.resolve('pdf-parse'))],
    });
    (globalThis as { pdfjsWorker?: unknown }).pdfjsWorker = await import(worker);
  })();
  return ready;
}

/** The text of a PDF with all white space removed (pdf.js splits lines and runs). */
export async function pdfText(pdf: Buffer): Promise<string> {
  await loadWorker();
  const parser = new PDFParse({ data: new Uint8Array(pdf) });
  try {
    return (await parser.getText()).text.replace(/\s+/g, '');
  } finally {
    await parser.destroy();
  }
}
