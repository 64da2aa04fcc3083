import { dirname } from 'node:path';
import { inflateRawSync } from 'node:zlib';
import { PDFParse } from 'pdf-parse';

/** The files of a .zip (an .xlsx or .docx is one), read from its central directory. */
export function zipEntries(zip: Buffer): Map<string, Buffer> {
  let end = zip.length - 22;
  while (end >= 0 && zip.readUInt32LE(end) !== 0x06054b50) end--;
  if (end < 0) throw new Error('not a zip file');
  const count = zip.readUInt16LE(end + 10);
  let at = zip.readUInt32LE(end + 16);
  const out = new Map<string, Buffer>();
  for (let i = 0; i < count; i++) {
    if (zip.readUInt32LE(at) !== 0x02014b50) throw new Error('bad zip central directory');
    const method = zip.readUInt16LE(at + 10);
    const size = zip.readUInt32LE(at + 20);
    const nameLength = zip.readUInt16LE(at + 28);
    const skip = nameLength + zip.readUInt16LE(at + 30) + zip.readUInt16LE(at + 32);
    const local = zip.readUInt32LE(at + 42);
    const name = zip.subarray(at + 46, at + 46 + nameLength).toString('utf8');
    const start = local + 30 + zip.readUInt16LE(local + 26) + zip.readUInt16LE(local + 28);
    const data = zip.subarray(start, start + size);
    out.set(name, method === 8 ? inflateRawSync(data) : Buffer.from(data));
    at += 46 + skip;
  }
  return out;
}

let workerLoaded = false;

/*
 * pdf.js runs its worker in-process under Node, loading it with import(), which Jest's sandbox
 * refuses; loading the worker module ourselves (jest.config.js compiles pdfjs-dist) and handing it
 * over through globalThis.pdfjsWorker skips that import (as in libs/documents/src/letter-pdf.spec.ts).
 */
async function loadPdfWorker(): Promise<void> {
  if (workerLoaded) return;
  const worker = require.resolve('pdfjs-dist/legacy/build/pdf.worker.mjs', {
    paths: [dirname(require.resolve('pdf-parse'))],
  });
  (globalThis as { pdfjsWorker?: unknown }).pdfjsWorker = await import(worker);
  workerLoaded = true;
}

export async function pdfText(pdf: Buffer): Promise<string> {
  await loadPdfWorker();
  const parser = new PDFParse({ data: new Uint8Array(pdf) });
  try {
    return (await parser.getText()).text;
  } finally {
    await parser.destroy();
  }
}

export type BodyKind = 'json' | 'xlsx' | 'docx' | 'pdf' | 'text' | 'other';

/**
 * What a person could read in a response: JSON and text as they are; an Office file's XML parts
 * (raw, and with the tags taken out, so text split across runs reads as one); a PDF's text.
 */
export async function readableText(
  contentType: string,
  body: Buffer,
): Promise<{ kind: BodyKind; text: string }> {
  const type = contentType.toLowerCase();
  const office = (kind: BodyKind) => {
    const parts = [...zipEntries(body).entries()]
      .filter(([name]) => name.endsWith('.xml') || name.endsWith('.rels'))
      .map(([, data]) => data.toString('utf8'));
    const xml = parts.join('\n');
    return { kind, text: `${xml}\n${xml.replace(/<[^>]+>/g, '')}` };
  };
  if (type.includes('spreadsheetml')) return office('xlsx');
  if (type.includes('wordprocessingml')) return office('docx');
  if (type.includes('application/pdf')) return { kind: 'pdf', text: await pdfText(body) };
  if (type.includes('json')) return { kind: 'json', text: body.toString('utf8') };
  if (type.startsWith('text/')) return { kind: 'text', text: body.toString('utf8') };
  return { kind: 'other', text: body.toString('utf8') };
}
