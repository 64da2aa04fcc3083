import { renderBlocksDocx } from './letter-docx';
import { renderBlocksPdf } from './letter-pdf';
import { requirementParagraphs, type LetterBlock } from './supervision-letter';

/**
 * A written notice to a petitioner (告知书, 意见书, 回执) as it was issued: every text already
 * filled in from the case, so the stored notice prints the same however the template changes.
 */
export interface NoticeDoc {
  /** 发文机关, e.g. 广州市荔湾区信访局 */
  issuingOrgan: string;
  /** 发文字号 (荔信受〔2026〕3号), or the line shown in its place on an unnumbered notice. */
  number: string;
  /** 标题, e.g. 信访事项受理告知书 */
  title: string;
  /** 主送: the petitioner(s), without the colon. */
  addressee: string;
  /** The body; blank lines separate paragraphs. */
  body: string;
  /** 成文日期, already written in Chinese (2026年12月2日). */
  dateLine: string;
}

/** The notice's lines in reading order, in the letters' layout (GB/T 9704). */
export function noticeBlocks(doc: NoticeDoc): LetterBlock[] {
  const organ = doc.issuingOrgan.trim();
  const blocks: LetterBlock[] = [
    { kind: 'organ', text: organ },
    { kind: 'number', text: doc.number.trim() },
    { kind: 'subject', text: doc.title.trim() },
  ];
  if (doc.addressee.trim()) blocks.push({ kind: 'addressee', text: `${doc.addressee.trim()}：` });
  for (const text of requirementParagraphs(doc.body)) blocks.push({ kind: 'body', text });
  blocks.push({ kind: 'signature', text: organ }, { kind: 'signature', text: doc.dateLine });
  return blocks;
}

/** Every line of the notice's text, as both renderers set it. */
export function noticeParagraphs(doc: NoticeDoc): string[] {
  return noticeBlocks(doc).map((b) => b.text);
}

const meta = (doc: NoticeDoc) => ({
  creator: doc.issuingOrgan,
  title: `${doc.number} ${doc.title}`,
  subject: doc.title,
});

export function renderNoticeDocx(doc: NoticeDoc): Promise<Buffer> {
  return renderBlocksDocx(noticeBlocks(doc), meta(doc));
}

export function renderNoticePdf(doc: NoticeDoc): Promise<Buffer> {
  return renderBlocksPdf(noticeBlocks(doc), meta(doc));
}
