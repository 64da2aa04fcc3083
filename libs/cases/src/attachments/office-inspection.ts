import { PassThrough, type Readable } from 'node:stream';
import yauzl from 'yauzl';

/** Why an upload was refused after looking inside it: too big once unpacked, or not what it says. */
export class UploadInspectionFailed extends Error {
  constructor(
    readonly reason: 'too_large' | 'refused',
    message: string,
  ) {
    super(message);
    this.name = 'UploadInspectionFailed';
  }
}

export type OfficeKind = 'docx' | 'xlsx' | 'pptx';

export interface OfficeLimits {
  /** Total unpacked bytes of all parts. */
  maxUnpackedBytes: number;
  /** Unpacked bytes per byte of the file. */
  maxRatio: number;
  maxEntries: number;
}

export const OFFICE_LIMITS: OfficeLimits = {
  maxUnpackedBytes: 512 * 1024 * 1024,
  maxRatio: 100,
  maxEntries: 10_000,
};

/** The parts of an Office Open XML package (ECMA-376 part 2), by kind. */
const COMMON_PARTS = /^(\[Content_Types\]\.xml|_rels\/|docProps\/|customXml\/)/;
const KIND_PARTS: Record<OfficeKind, { dir: RegExp; main: string }> = {
  docx: { dir: /^word\//, main: 'word/document.xml' },
  xlsx: { dir: /^xl\//, main: 'xl/workbook.xml' },
  pptx: { dir: /^ppt\//, main: 'ppt/presentation.xml' },
};
/** Macros and anything runnable: a document needs none of them. */
const FORBIDDEN =
  /(^|\/)vbaProject\.bin$|(^|\/)vbaData\.xml$|\.(exe|dll|com|scr|msi|bat|cmd|ps1|vbs|vbe|js|jse|wsf|wsh|hta|jar|sh|lnk|cpl|sys|app|elf|so|dylib)$/i;
const MACRO_CONTENT = /vbaProject|macroEnabled|vnd\.ms-office\.activeX/i;

/** Random access to the upload: a buffer, or a stored file read by ranges. */
export interface RangeSource {
  size: number;
  /** The bytes [start, end) as a stream. */
  read(start: number, end: number): Readable;
}

export const bufferSource = (data: Buffer): RangeSource => ({
  size: data.length,
  read: (start, end) => {
    const out = new PassThrough();
    out.end(data.subarray(start, end));
    return out;
  },
});

class SourceReader extends yauzl.RandomAccessReader {
  constructor(private readonly source: RangeSource) {
    super();
  }
  override _readStreamForRange(start: number, end: number): Readable {
    return this.source.read(start, end);
  }
}

const refused = (message: string) => new UploadInspectionFailed('refused', message);
const tooLarge = (message: string) => new UploadInspectionFailed('too_large', message);

/**
 * Looks inside an Office file before it is accepted, without unpacking it into memory or disk:
 * the central directory must list only the parts such a package has (no macros, no programs, no
 * encrypted or oddly named entries) and declare at most `maxUnpackedBytes` in all, at most
 * `maxRatio` times the file; then every part is inflated and counted as it streams (sizes the
 * directory understates are caught by yauzl's size check), stopping at the limit. A zip bomb is
 * refused after reading its directory, never expanded.
 */
export async function inspectOfficeFile(
  source: RangeSource,
  kind: OfficeKind,
  limits: OfficeLimits = OFFICE_LIMITS,
): Promise<void> {
  const zip = await new Promise<yauzl.ZipFile>((resolve, reject) =>
    yauzl.fromRandomAccessReader(
      new SourceReader(source),
      source.size,
      { lazyEntries: true, autoClose: false, validateEntrySizes: true, strictFileNames: true },
      (err, z) =>
        err ? reject(refused('文件不是有效的 Office 文档（压缩结构损坏）')) : resolve(z),
    ),
  );
  try {
    const entries = await listEntries(zip, limits);
    const names = new Set(entries.map((e) => e.fileName));
    const parts = KIND_PARTS[kind];
    if (!names.has('[Content_Types].xml') || !names.has(parts.main)) {
      throw refused(`文件不是有效的 .${kind} 文档（缺少必需的部件）`);
    }
    let declared = 0;
    for (const e of entries) {
      const name = e.fileName;
      if (name.endsWith('/')) continue;
      if (FORBIDDEN.test(name)) throw refused('文档中含有宏或可执行内容，不予接收');
      if (!COMMON_PARTS.test(name) && !parts.dir.test(name)) {
        throw refused(`文档中含有 .${kind} 文档不应有的内容`);
      }
      if (e.isEncrypted()) throw refused('文档中含有加密的部件，不予接收');
      declared += e.uncompressedSize;
    }
    if (declared > limits.maxUnpackedBytes || declared > limits.maxRatio * source.size) {
      throw tooLarge(
        `文档解压后过大（${Math.round(declared / 1024 / 1024)} MB，` +
          `上限 ${Math.round(limits.maxUnpackedBytes / 1024 / 1024)} MB 且不超过文件大小的 ${limits.maxRatio} 倍）`,
      );
    }
    let unpacked = 0;
    for (const e of entries) {
      if (e.fileName.endsWith('/')) continue;
      const isTypes = e.fileName === '[Content_Types].xml';
      const text: Buffer[] = [];
      await new Promise<void>((resolve, reject) =>
        zip.openReadStream(e, (err, stream) => {
          if (err) return reject(refused('文档中的部件无法解压'));
          stream.on('data', (chunk: Buffer) => {
            unpacked += chunk.length;
            if (isTypes && unpacked < 1024 * 1024) text.push(chunk);
            if (unpacked > limits.maxUnpackedBytes) {
              stream.destroy(tooLarge('文档解压后过大'));
            }
          });
          stream.on('error', (error) =>
            reject(
              error instanceof UploadInspectionFailed
                ? error
                : refused('文档中的部件与其声明的大小不符或已损坏'),
            ),
          );
          stream.on('end', () => resolve());
        }),
      );
      if (isTypes && MACRO_CONTENT.test(Buffer.concat(text).toString('utf8'))) {
        throw refused('文档中含有宏或可执行内容，不予接收');
      }
    }
  } finally {
    zip.close();
  }
}

function listEntries(zip: yauzl.ZipFile, limits: OfficeLimits): Promise<yauzl.Entry[]> {
  if (zip.entryCount > limits.maxEntries) {
    return Promise.reject(refused('文档中的部件过多'));
  }
  return new Promise((resolve, reject) => {
    const out: yauzl.Entry[] = [];
    zip.on('entry', (e: yauzl.Entry) => {
      out.push(e);
      zip.readEntry();
    });
    zip.on('end', () => resolve(out));
    zip.on('error', () => reject(refused('文件不是有效的 Office 文档（压缩结构损坏）')));
    zip.readEntry();
  });
}

/**
 * A PDF has its header, at least one object, a cross-reference table or stream and the %%EOF
 * trailer near the end (ISO 32000-1 §7.5): a renamed file with `%PDF-` in front does not pass.
 */
export function checkPdf(data: Buffer): void {
  if (!/^%PDF-\d\.\d/.test(data.subarray(0, 16).toString('latin1'))) {
    throw refused('文件不是有效的 PDF');
  }
  // Readers accept a little junk after %%EOF; the trailer must be within the last kilobyte.
  const tail = data.subarray(Math.max(0, data.length - 1024)).toString('latin1');
  const trailer = /startxref\s+(\d+)\s+%%EOF/g;
  let last: RegExpExecArray | null = null;
  for (let m = trailer.exec(tail); m; m = trailer.exec(tail)) last = m;
  if (!last) throw refused('文件不是有效的 PDF（缺少 startxref 与 %%EOF 文件尾）');
  const startxref = Number(last[1]);
  const at = data.subarray(startxref, startxref + 64).toString('latin1');
  // A classic cross-reference table, or a cross-reference stream object (`12 0 obj`).
  if (!(startxref > 0 && startxref < data.length) || !/^\s*(xref|\d+\s+\d+\s+obj)/.test(at)) {
    throw refused('文件不是有效的 PDF（交叉引用表无效）');
  }
  const head = data.subarray(0, Math.min(data.length, 1 << 20)).toString('latin1');
  if (!/\d+\s+\d+\s+obj\b/.test(head)) throw refused('文件不是有效的 PDF（没有对象）');
}
