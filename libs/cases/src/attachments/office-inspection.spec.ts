import { zipSync } from 'fflate';
import {
  bufferSource,
  checkPdf,
  inspectOfficeFile,
  UploadInspectionFailed,
} from './office-inspection';

const TYPES = '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>';

/** Sets the declared uncompressed size of every entry (local and central headers) to `size`. */
function understate(zip: Buffer, size: number): Buffer {
  const out = Buffer.from(zip);
  for (let i = 0; i < out.length - 4; i++) {
    const sig = out.readUInt32LE(i);
    if (sig === 0x04034b50) out.writeUInt32LE(size, i + 22);
    if (sig === 0x02014b50) out.writeUInt32LE(size, i + 24);
  }
  return out;
}

describe('inspectOfficeFile', () => {
  const docx = (document: Buffer) =>
    Buffer.from(
      zipSync({
        '[Content_Types].xml': [Buffer.from(TYPES), { level: 9 }],
        'word/document.xml': [document, { level: 9 }],
      }),
    );

  it('accepts a small package within the limits', async () => {
    await expect(
      inspectOfficeFile(bufferSource(docx(Buffer.from('<w:document/>'))), 'docx'),
    ).resolves.toBeUndefined();
  });

  it('a directory that understates the unpacked size is caught while streaming', async () => {
    const lying = understate(docx(Buffer.alloc(8 * 1024 * 1024, 0x20)), 100);
    await expect(inspectOfficeFile(bufferSource(lying), 'docx')).rejects.toThrow(
      UploadInspectionFailed,
    );
  });

  it('stops at the unpacked limit', async () => {
    const file = docx(Buffer.alloc(2 * 1024 * 1024, 0x20));
    await expect(
      inspectOfficeFile(bufferSource(file), 'docx', {
        maxUnpackedBytes: 1024 * 1024,
        maxRatio: 1e9,
        maxEntries: 10,
      }),
    ).rejects.toMatchObject({ reason: 'too_large' });
  });
});

describe('checkPdf', () => {
  it('refuses a header in front of anything else', () => {
    expect(() => checkPdf(Buffer.from('%PDF-1.7\nMZ....'))).toThrow(UploadInspectionFailed);
  });

  it('accepts a minimal well-formed PDF', () => {
    const body = '%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>\nendobj\n';
    const xref = body.length;
    const pdf = `${body}xref\n0 2\n0000000000 65535 f \n0000000009 00000 n \ntrailer\n<< /Size 2 /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
    expect(() => checkPdf(Buffer.from(pdf))).not.toThrow();
  });
});
