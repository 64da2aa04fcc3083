import { once } from 'node:events';
import { PassThrough, pipeline, Transform, type Readable } from 'node:stream';
import { StringDecoder } from 'node:string_decoder';
import { TextDecoder } from 'node:util';
import { parse } from 'csv-parse';
import ExcelJS from 'exceljs';

export interface SheetRow {
  /** 1-based, as a spreadsheet numbers it (the header is row 1). */
  rowNo: number;
  /** 0-based cells. */
  cells: unknown[];
}

/**
 * The rows of the first worksheet of an .xlsx, or of a .csv, one at a time: memory stays bounded
 * however long the file is. Blank rows are skipped but keep their numbers.
 */
export async function* readSheet(
  stream: Readable,
  format: 'xlsx' | 'csv',
): AsyncGenerator<SheetRow> {
  // A file that cannot be opened fails here, as the storage error it is (the job retries).
  await once(stream, 'readable');
  if (format === 'csv') {
    yield* readCsv(stream);
    return;
  }
  // exceljs pipes its input without listening for errors: a read error would leave it waiting
  // for ever. The input is ended instead, and the read error is what the caller gets.
  let failure: Error | null = null;
  const input = new PassThrough();
  stream.on('error', (e) => {
    failure = e;
    input.end();
  });
  stream.pipe(input);
  const reader = new Utf8SafeWorkbookReader(input, {
    worksheets: 'emit',
    sharedStrings: 'cache',
    // Styles tell date cells from numbers; hyperlinks and everything else are not needed.
    styles: 'cache',
    hyperlinks: 'ignore',
    entries: 'ignore',
  });
  try {
    for await (const sheet of reader) {
      for await (const row of sheet) {
        // exceljs rows are 1-based with a hole at 0.
        const values = (row.values as unknown[]).slice(1);
        if (values.some((v) => v !== null && v !== undefined && v !== '')) {
          yield { rowNo: row.number, cells: values };
        }
      }
      // Only the first worksheet is read.
      break;
    }
  } catch (e) {
    throw failure ?? e;
  }
  if (failure) throw failure as Error;
}

/** The parts of exceljs's streaming reader that read XML text (not in its type declarations). */
interface ReaderInternals {
  _parseWorksheet(iterator: AsyncIterable<Buffer | string>, sheetNo: string): unknown;
  _parseSharedStrings(entry: Readable): unknown;
}
const ExcelReader = ExcelJS.stream.xlsx.WorkbookReader as unknown as new (
  input: Readable,
  options: Partial<ExcelJS.stream.xlsx.WorkbookStreamReaderOptions>,
) => ExcelJS.stream.xlsx.WorkbookReader & ReaderInternals;

/**
 * exceljs 4.4 decodes every chunk of a worksheet or of the shared strings on its own, so a Chinese
 * character split between two chunks comes out as U+FFFD (about one row in 200 of a large sheet).
 * It passes strings through untouched, so the XML is decoded here, across chunk boundaries.
 */
class Utf8SafeWorkbookReader extends ExcelReader {
  override _parseWorksheet(iterator: AsyncIterable<Buffer | string>, sheetNo: string) {
    return super._parseWorksheet(decodeUtf8(iterator), sheetNo);
  }

  override _parseSharedStrings(entry: Readable) {
    entry.setEncoding('utf8');
    return super._parseSharedStrings(entry);
  }
}

async function* decodeUtf8(chunks: AsyncIterable<Buffer | string>): AsyncGenerator<string> {
  const decoder = new StringDecoder('utf8');
  for await (const chunk of chunks) {
    const text = typeof chunk === 'string' ? chunk : decoder.write(chunk);
    if (text) yield text;
  }
  const rest = decoder.end();
  if (rest) yield rest;
}

async function* readCsv(stream: Readable): AsyncGenerator<SheetRow> {
  const parser = parse({
    bom: true,
    relax_column_count: true,
    relax_quotes: true,
    skip_empty_lines: false,
    info: true,
  });
  // pipeline, not pipe: a read error reaches the parser, and so the loop below.
  pipeline(stream, decodeText(), parser, (err) => {
    if (err) parser.destroy(err);
  });
  for await (const record of parser as AsyncIterable<{
    record: string[];
    info: { lines: number; records: number };
  }>) {
    const cells = record.record;
    if (cells.some((c) => c.trim() !== '')) yield { rowNo: record.info.records, cells };
  }
}

/**
 * Provincial exports come as UTF-8 or as GBK (what Excel on a Chinese Windows saves as "CSV"):
 * the first 64 KB decide, then the whole stream is decoded with that encoding.
 */
function decodeText(): Transform {
  let decoder: TextDecoder | null = null;
  let head: Buffer[] = [];
  let headBytes = 0;
  const pick = () => {
    const sample = Buffer.concat(head);
    try {
      new TextDecoder('utf-8', { fatal: true }).decode(trimPartial(sample));
      decoder = new TextDecoder('utf-8');
    } catch {
      decoder = new TextDecoder('gb18030');
    }
    const text = decoder.decode(sample, { stream: true });
    head = [];
    return text;
  };
  return new Transform({
    readableObjectMode: false,
    transform(chunk: Buffer, _enc, done) {
      if (decoder) return done(null, decoder.decode(chunk, { stream: true }));
      head.push(chunk);
      headBytes += chunk.length;
      if (headBytes < 65_536) return done();
      done(null, pick());
    },
    flush(done) {
      const text = decoder ? '' : pick();
      done(null, text + decoder!.decode());
    },
  });
}

/** A sample cut in the middle of a UTF-8 sequence is still UTF-8: drop the partial tail. */
function trimPartial(b: Buffer): Buffer {
  let end = b.length;
  for (let i = 1; i <= 3 && end - i >= 0; i++) {
    const byte = b[end - i];
    if ((byte & 0xc0) === 0x80) continue;
    if ((byte & 0xc0) === 0xc0) end -= i;
    break;
  }
  return b.subarray(0, end);
}
