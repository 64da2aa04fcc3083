import {
  AlignmentType,
  BorderStyle,
  Document,
  Footer,
  Header,
  LineRuleType,
  Packer,
  PageNumber,
  Paragraph,
  TextRun,
  type IParagraphOptions,
} from 'docx';
import { TextWatermark } from 'docx/watermarks';
import {
  BODY_PT,
  LINE_PITCH_PT,
  PAGE_MM,
  PAGE_NUMBER_PT,
  POINTS_PER_MM,
  RED,
  SUBJECT_PT,
  TITLE_PT,
  organMarkPt,
  signatureRightIndents,
} from './letter-style';
import { letterBlocks, type LetterBlock, type SupervisionLetterDoc } from './supervision-letter';

/** What a document says about itself: who made it, its title, whether it is void. */
export interface DocumentMeta {
  creator: string;
  title: string;
  voided?: boolean;
}

/*
 * Word documents name the fonts of a Chinese office PC (仿宋 for the text, 黑体 for headings,
 * 宋体 for the red letterhead) rather than embed one: the letter is edited and printed there.
 */
const BODY_FONT = '仿宋';
const HEADING_FONT = '黑体';
const MARK_FONT = '宋体';

const twips = (pt: number): number => Math.round(pt * 20);
const mmTwips = (mm: number): number => twips(mm * POINTS_PER_MM);
const halfPoints = (pt: number): number => Math.round(pt * 2);
const EM = twips(BODY_PT);
const LINE = twips(LINE_PITCH_PT);
const exactLine = { line: LINE, lineRule: LineRuleType.EXACT };

/** The letter as a .docx (Office Open XML), laid out like the PDF. */
export function renderLetterDocx(doc: SupervisionLetterDoc): Promise<Buffer> {
  return renderBlocksDocx(letterBlocks(doc), {
    creator: doc.issuingOrgan,
    title: `${doc.number} 督办函`,
    voided: doc.voided,
  });
}

/**
 * Any document in the official layout (a letter, a notice to a petitioner) as a .docx: the blocks
 * in reading order, each set by its role.
 */
export async function renderBlocksDocx(blocks: LetterBlock[], meta: DocumentMeta): Promise<Buffer> {
  const document = new Document({
    creator: meta.creator,
    title: meta.title,
    styles: {
      default: {
        document: {
          run: {
            font: BODY_FONT,
            size: halfPoints(BODY_PT),
            language: { value: 'zh-CN', eastAsia: 'zh-CN' },
          },
          paragraph: { spacing: exactLine },
        },
      },
    },
    sections: [
      {
        properties: {
          page: {
            size: { width: mmTwips(PAGE_MM.width), height: mmTwips(PAGE_MM.height) },
            margin: {
              top: mmTwips(PAGE_MM.top),
              bottom: mmTwips(PAGE_MM.bottom),
              left: mmTwips(PAGE_MM.left),
              right: mmTwips(PAGE_MM.right),
              header: mmTwips(15),
              footer: mmTwips(20),
            },
          },
        },
        headers: meta.voided ? { default: voidHeader() } : undefined,
        footers: { default: pageNumberFooter() },
        children: paragraphs(blocks),
      },
    ],
  });
  return Packer.toBuffer(document);
}

function paragraphs(blocks: LetterBlock[]): Paragraph[] {
  const signature = blocks.filter((b) => b.kind === 'signature').map((b) => b.text);
  const signatureIndents = signatureRightIndents(signature);
  let signatureLine = 0;
  return blocks.map((block) => {
    switch (block.kind) {
      case 'organ': {
        const size = organMarkPt(block.text);
        return new Paragraph({
          alignment: AlignmentType.CENTER,
          spacing: { line: twips(size * 1.3), lineRule: LineRuleType.EXACT },
          children: [
            new TextRun({
              text: block.text,
              font: MARK_FONT,
              bold: true,
              color: RED,
              size: halfPoints(size),
            }),
          ],
        });
      }
      case 'title':
        return headline(block.text, TITLE_PT, RED);
      case 'number':
        // GB/T 9704 §7.2.5: the red separator line runs the width of the 版心, 4 mm under the number.
        return new Paragraph({
          alignment: AlignmentType.CENTER,
          spacing: { ...exactLine, after: LINE },
          border: { bottom: { style: BorderStyle.SINGLE, size: 18, color: RED, space: 11 } },
          children: [new TextRun(block.text)],
        });
      case 'subject':
        // GB/T 9704 §7.3.1: a document's 标题 in 二号, centred, black, a blank line under it.
        return headline(block.text, SUBJECT_PT);
      case 'addressee':
        return new Paragraph({ spacing: exactLine, children: [new TextRun(block.text)] });
      case 'heading':
        return bodyParagraph(block.text, { font: HEADING_FONT });
      case 'body':
      case 'case':
        return bodyParagraph(block.text);
      case 'signature': {
        const i = signatureLine++;
        const options: IParagraphOptions = {
          alignment: AlignmentType.RIGHT,
          indent: { right: Math.round(signatureIndents[i] * EM) },
          // Two blank lines above the 落款 leave room for the seal; the block stays on one page.
          spacing: { ...exactLine, before: i === 0 ? 2 * LINE : 0 },
          keepNext: i < signature.length - 1,
          children: [new TextRun(block.text)],
        };
        return new Paragraph(options);
      }
      case 'copy-to': {
        // GB/T 9704 §7.4.2: 四号, one character in from each side, wrapped lines aligned after 抄送：.
        const em = twips(PAGE_NUMBER_PT);
        const rule = { style: BorderStyle.SINGLE, size: 4, color: '000000', space: 4 };
        return new Paragraph({
          spacing: {
            before: 2 * LINE,
            line: twips(PAGE_NUMBER_PT * 1.6),
            lineRule: LineRuleType.EXACT,
          },
          indent: { left: 4 * em, hanging: 3 * em, right: em },
          border: { top: rule, bottom: rule },
          children: [new TextRun({ text: block.text, size: halfPoints(PAGE_NUMBER_PT) })],
        });
      }
    }
  });
}

/** A centred bold line in the mark's face (the red 督 办 函, a notice's 标题), a blank line under it. */
function headline(text: string, size: number, color?: string): Paragraph {
  return new Paragraph({
    alignment: AlignmentType.CENTER,
    spacing: { line: twips(size * 1.5), lineRule: LineRuleType.EXACT, after: LINE },
    children: [new TextRun({ text, font: MARK_FONT, bold: true, color, size: halfPoints(size) })],
  });
}

function bodyParagraph(text: string, run: { font?: string } = {}): Paragraph {
  return new Paragraph({
    alignment: AlignmentType.JUSTIFIED,
    indent: { firstLine: 2 * EM },
    spacing: exactLine,
    children: [new TextRun({ text, ...run })],
  });
}

/** GB/T 9704 §7.5: the page number as — 1 —, 四号, under the 版心. */
function pageNumberFooter(): Footer {
  return new Footer({
    children: [
      new Paragraph({
        alignment: AlignmentType.CENTER,
        children: [
          new TextRun({
            children: ['— ', PageNumber.CURRENT, ' —'],
            font: MARK_FONT,
            size: halfPoints(14),
          }),
        ],
      }),
    ],
  });
}

/** A void letter says so on every page: a diagonal watermark and a red mark in the header. */
function voidHeader(): Header {
  return new Header({
    children: [
      new Paragraph({
        alignment: AlignmentType.RIGHT,
        children: [
          new TextWatermark({
            text: '作废',
            font: MARK_FONT,
            bold: true,
            color: RED,
            opacity: 0.3,
          }),
          new TextRun({
            text: '作废',
            font: HEADING_FONT,
            bold: true,
            color: RED,
            size: halfPoints(22),
          }),
        ],
      }),
    ],
  });
}
