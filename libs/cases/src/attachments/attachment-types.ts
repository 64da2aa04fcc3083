import {
  bufferSource,
  checkPdf,
  inspectOfficeFile,
  UploadInspectionFailed,
  type OfficeKind,
} from './office-inspection';

/** Attachments a bureau receives: scans, photos, office documents, call recordings. */
export const ATTACHMENT_TYPES = {
  pdf: { mime: 'application/pdf', ext: ['pdf'] },
  png: { mime: 'image/png', ext: ['png'] },
  jpeg: { mime: 'image/jpeg', ext: ['jpg', 'jpeg'] },
  ooxml: {
    mime: 'application/vnd.openxmlformats-officedocument',
    ext: ['docx', 'xlsx', 'pptx'],
  },
  ole: { mime: 'application/msword', ext: ['doc', 'xls', 'ppt'] },
  mp3: { mime: 'audio/mpeg', ext: ['mp3'] },
  wav: { mime: 'audio/wav', ext: ['wav'] },
} as const;
export type AttachmentType = keyof typeof ATTACHMENT_TYPES;

/** The type the bytes really are (magic numbers), whatever the name or header claim. */
export function sniffType(bytes: Buffer): AttachmentType | null {
  const starts = (...sig: number[]) => sig.every((b, i) => bytes[i] === b);
  if (starts(0x25, 0x50, 0x44, 0x46, 0x2d)) return 'pdf';
  if (starts(0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a)) return 'png';
  if (starts(0xff, 0xd8, 0xff)) return 'jpeg';
  if (starts(0x50, 0x4b, 0x03, 0x04)) return 'ooxml';
  if (starts(0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1)) return 'ole';
  if (starts(0x49, 0x44, 0x33) || starts(0xff, 0xfb) || starts(0xff, 0xf3)) return 'mp3';
  if (starts(0x52, 0x49, 0x46, 0x46) && bytes.subarray(8, 12).toString('latin1') === 'WAVE')
    return 'wav';
  return null;
}

/** The content type to serve a file with: by its sniffed type and, for office files, its extension. */
export function contentTypeFor(type: AttachmentType, filename: string): string {
  const ext = filename.toLowerCase().split('.').pop() ?? '';
  if (type === 'ooxml') {
    if (ext === 'xlsx') return 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
    if (ext === 'pptx')
      return 'application/vnd.openxmlformats-officedocument.presentationml.presentation';
    return 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';
  }
  if (type === 'ole') return ext === 'xls' ? 'application/vnd.ms-excel' : 'application/msword';
  return ATTACHMENT_TYPES[type].mime;
}

/** The extension must belong to the sniffed type: a renamed .exe is not a .pdf. */
export function extensionMatches(type: AttachmentType, filename: string): boolean {
  const ext = filename.toLowerCase().split('.').pop() ?? '';
  return (ATTACHMENT_TYPES[type].ext as readonly string[]).includes(ext);
}

export interface CheckedUpload {
  filename: string;
  contentType: string;
  sizeBytes: number;
}

/**
 * The checks every upload passes, wherever it is attached: not empty, not over the limit, its
 * bytes really are one of the accepted types with a matching extension, and, looked inside, an
 * Office file holds only an Office package's parts within the unpacking limits (no zip bomb, no
 * macros or programs) and a PDF is a whole PDF (415 or 413 otherwise).
 */
export async function checkUpload(
  file: { filename: string; data: Buffer },
  maxBytes: number,
  errors: {
    empty: () => Error;
    tooLarge: (max: number) => Error;
    refused: (filename: string) => Error;
    contentRefused: (filename: string, reason: string) => Error;
    unpackedTooLarge: (reason: string) => Error;
  },
): Promise<CheckedUpload> {
  // eslint-disable-next-line no-control-regex -- control characters are exactly what is removed
  const filename = file.filename.replace(/[\\/\x00-\x1f]/g, '_').slice(-255);
  if (file.data.length === 0) throw errors.empty();
  if (file.data.length > maxBytes) throw errors.tooLarge(maxBytes);
  const type = sniffType(file.data);
  if (!type || !extensionMatches(type, filename)) throw errors.refused(filename);
  try {
    if (type === 'ooxml') {
      const ext = filename.toLowerCase().split('.').pop() as OfficeKind;
      await inspectOfficeFile(bufferSource(file.data), ext);
    }
    if (type === 'pdf') checkPdf(file.data);
  } catch (e) {
    if (!(e instanceof UploadInspectionFailed)) throw e;
    throw e.reason === 'too_large'
      ? errors.unpackedTooLarge(e.message)
      : errors.contentRefused(filename, e.message);
  }
  return { filename, contentType: contentTypeFor(type, filename), sizeBytes: file.data.length };
}
