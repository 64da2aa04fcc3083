import { readFile } from 'node:fs/promises';
import PDFDocument from 'pdfkit';
import {
  BODY_PT,
  CONTENT_WIDTH_PT,
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
import { breakLines } from './line-breaking';
import type { DocumentMeta } from './letter-docx';
import { letterBlocks, type LetterBlock, type SupervisionLetterDoc } from './supervision-letter';

/*
 * 方正小标宋 and 仿宋 are licensed fonts we cannot ship. Noto Serif SC (SIL OFL), a Song face, comes
 * from an npm package so that `npm ci` provides it; pdfkit embeds only the glyphs a letter uses.
 */
const FONT_PACKAGE = '@expo-google-fonts/noto-serif-sc';
const FONT_FILES = {
  body: `${FONT_PACKAGE}/400Regular/NotoSerifSC_400Regular.ttf`,
  mark: `${FONT_PACKAGE}/700Bold/NotoSerifSC_700Bold.ttf`,
} as const;

type Fonts = Record<keyof typeof FONT_FILES, Buffer>;
let fonts: Promise<Fonts> | undefined;

/** Reads the two font files once per process (15 MB each); a failed read is retried next time. */
export function loadFonts(): Promise<Fonts> {
  fonts ??= Promise.all([
    readFile(require.resolve(FONT_FILES.body)),
    readFile(require.resolve(FONT_FILES.mark)),
  ]).then(
    ([body, mark]) => ({ body, mark }),
    (error: unknown) => {
      fonts = undefined;
      throw error;
    },
  );
  return fonts;
}

/** GB/T 9704 §5.2.2: 28 characters to a line of the 156 mm 版心, so the glyphs close up a little. */
const CHARACTER_SPACING = (CONTENT_WIDTH_PT - 0.5) / 28 - BODY_PT;
const mm = (n: number): number => n * POINTS_PER_MM;

/** The letter as a PDF with its Chinese font embedded (subset), A4, laid out like the .docx. */
export function renderLetterPdf(doc: SupervisionLetterDoc): Promise<Buffer> {
  return renderBlocksPdf(letterBlocks(doc), {
    creator: doc.issuingOrgan,
    title: `${doc.number} 督办函`,
    subject: '督办函',
    voided: doc.voided,
  });
}

/** Any document in the official layout as a PDF, the same blocks the .docx sets. */
export async function renderBlocksPdf(
  blocks: LetterBlock[],
  meta: DocumentMeta & { subject: string },
): Promise<Buffer> {
  const { body, mark } = await loadFonts();
  const pdf = new PDFDocument({
    size: 'A4',
    margins: {
      top: mm(PAGE_MM.top),
      bottom: mm(PAGE_MM.bottom),
      left: mm(PAGE_MM.left),
      right: mm(PAGE_MM.right),
    },
    bufferPages: true,
    lang: 'zh-CN',
    displayTitle: true,
    info: { Title: meta.title, Author: meta.creator, Subject: meta.subject },
  });
  const chunks: Buffer[] = [];
  const done = new Promise<Buffer>((resolve, reject) => {
    pdf.on('data', (chunk: Buffer) => chunks.push(chunk));
    pdf.on('end', () => resolve(Buffer.concat(chunks)));
    pdf.on('error', reject);
  });
  pdf.registerFont('body', body);
  pdf.registerFont('mark', mark);

  layOut(pdf, blocks);
  decoratePages(pdf, meta.voided === true);
  pdf.end();
  return done;
}

function layOut(pdf: PDFKit.PDFDocument, blocks: LetterBlock[]): void {
  const top = pdf.page.margins.top;
  const left = pdf.page.margins.left;
  const right = left + CONTENT_WIDTH_PT;
  const maxY = (): number => pdf.page.height - pdf.page.margins.bottom;
  let y = top;
  /** Moves to the next line, or to the top of a new page when the 版心 is full. */
  const lineAt = (pitch: number): number => {
    if (y + pitch > maxY() + 0.01) {
      pdf.addPage();
      y = top;
    }
    const at = y;
    y += pitch;
    return at;
  };
  const centred = (
    text: string,
    font: FontName,
    size: number,
    pitch: number,
    color: string,
  ): void => {
    pdf.font(font).fontSize(size).fillColor(color);
    const at = lineAt(pitch);
    pdf.text(
      text,
      left + (CONTENT_WIDTH_PT - pdf.widthOfString(text)) / 2,
      at + (pitch - size) / 2,
      {
        lineBreak: false,
      },
    );
  };
  const paragraph = (text: string, font: FontName = 'body', indentEm = 2): void => {
    pdf.font(font).fontSize(BODY_PT).fillColor('black');
    const indent = indentEm * (BODY_PT + CHARACTER_SPACING);
    justified(pdf, text, { left, width: CONTENT_WIDTH_PT, indent, size: BODY_PT }, () =>
      lineAt(LINE_PITCH_PT),
    );
  };

  const signature = blocks.filter((b) => b.kind === 'signature').map((b) => b.text);
  const signatureIndents = signatureRightIndents(signature);
  let signatureLine = 0;

  for (const block of blocks) {
    switch (block.kind) {
      case 'organ': {
        const size = organMarkPt(block.text);
        centred(block.text, 'mark', size, size * 1.4, `#${RED}`);
        break;
      }
      case 'title':
        centred(block.text, 'mark', TITLE_PT, TITLE_PT * 1.6, `#${RED}`);
        y += LINE_PITCH_PT;
        break;
      case 'number': {
        centred(block.text, 'body', BODY_PT, LINE_PITCH_PT, 'black');
        // GB/T 9704 §7.2.5: the red separator line runs the width of the 版心, 4 mm under the number.
        const ruleY = y - (LINE_PITCH_PT - BODY_PT) / 2 + mm(4);
        pdf
          .save()
          .moveTo(left, ruleY)
          .lineTo(right, ruleY)
          .lineWidth(1.2)
          .strokeColor(`#${RED}`)
          .stroke()
          .restore();
        y = ruleY + LINE_PITCH_PT;
        break;
      }
      case 'subject':
        centred(block.text, 'mark', SUBJECT_PT, SUBJECT_PT * 1.6, 'black');
        y += LINE_PITCH_PT;
        break;
      case 'addressee':
        paragraph(block.text, 'body', 0);
        break;
      case 'heading':
        paragraph(block.text, 'mark');
        break;
      case 'body':
      case 'case':
        paragraph(block.text);
        break;
      case 'signature': {
        const i = signatureLine++;
        // Two blank lines above the 落款 leave room for the seal; the block stays on one page.
        if (i === 0) {
          if (y + (2 + signature.length) * LINE_PITCH_PT > maxY()) {
            pdf.addPage();
            y = top;
          } else y += 2 * LINE_PITCH_PT;
        }
        pdf.font('body').fontSize(BODY_PT).fillColor('black');
        const at = lineAt(LINE_PITCH_PT);
        const width = pdf.widthOfString(block.text);
        pdf.text(
          block.text,
          right - signatureIndents[i] * BODY_PT - width,
          at + (LINE_PITCH_PT - BODY_PT) / 2,
          {
            lineBreak: false,
          },
        );
        break;
      }
      case 'copy-to':
        y = copyTo(pdf, block.text, y);
        break;
    }
  }
}

type FontName = 'body' | 'mark';

/**
 * Sets a paragraph line by line in the current font: every line but the last is spread to the
 * full width, as on a 公文 grid. `nextLine` returns the top of the next line.
 */
function justified(
  pdf: PDFKit.PDFDocument,
  text: string,
  box: { left: number; width: number; indent: number; size: number },
  nextLine: () => number,
): void {
  const { size } = box;
  const measure = (s: string): number => pdf.widthOfString(s) + CHARACTER_SPACING * [...s].length;
  const lines = breakLines(text, box.width, measure, box.indent);
  lines.forEach((line, i) => {
    const x = box.left + (i === 0 ? box.indent : 0);
    const room = box.width - (i === 0 ? box.indent : 0);
    const count = [...line].length;
    const natural = pdf.widthOfString(line);
    const spread = count > 1 ? (room - natural) / (count - 1) : 0;
    // The last line keeps its natural spacing, and so does a line cut short before a long Latin run.
    const characterSpacing =
      i === lines.length - 1 || spread > size / 2 ? CHARACTER_SPACING : spread;
    const at = nextLine();
    pdf.text(line, x, at + (LINE_PITCH_PT - size) / 2, { lineBreak: false, characterSpacing });
  });
}

/** GB/T 9704 §7.4: the 版记 sits at the foot of the last page between two rules. Returns the new y. */
function copyTo(pdf: PDFKit.PDFDocument, text: string, y: number): number {
  const left = pdf.page.margins.left;
  const maxY = (): number => pdf.page.height - pdf.page.margins.bottom;
  const label = '抄送：';
  const units = text.startsWith(label) ? text.slice(label.length) : text;
  const size = PAGE_NUMBER_PT;
  const pitch = size * 1.6;
  pdf.font('body').fontSize(size).fillColor('black');
  const labelWidth = pdf.widthOfString(label);
  const textWidth = CONTENT_WIDTH_PT - 2 * size - labelWidth;
  const lines = breakLines(units, textWidth, (s) => pdf.widthOfString(s));
  const padding = mm(1.5);
  const height = lines.length * pitch + 2 * padding;
  let blockTop = maxY() - height;
  if (y + LINE_PITCH_PT > blockTop) {
    pdf.addPage();
    blockTop = maxY() - height;
  }
  const rule = (at: number): void => {
    pdf
      .save()
      .moveTo(left, at)
      .lineTo(left + CONTENT_WIDTH_PT, at)
      .lineWidth(0.7)
      .strokeColor('black')
      .stroke()
      .restore();
  };
  rule(blockTop);
  rule(maxY());
  const textTop = blockTop + padding + (pitch - size) / 2;
  pdf.text(label, left + size, textTop, { lineBreak: false });
  lines.forEach((line, i) =>
    pdf.text(line, left + size + labelWidth, textTop + i * pitch, { lineBreak: false }),
  );
  return maxY();
}

/** Page numbers (— 1 —, GB/T 9704 §7.5) and, on a void letter, 作废 across and atop every page. */
function decoratePages(pdf: PDFKit.PDFDocument, voided: boolean): void {
  const range = pdf.bufferedPageRange();
  for (let i = range.start; i < range.start + range.count; i++) {
    pdf.switchToPage(i);
    const { width, height, margins } = pdf.page;
    pdf.font('body').fontSize(PAGE_NUMBER_PT).fillColor('black');
    const number = `— ${i + 1} —`;
    pdf.text(number, (width - pdf.widthOfString(number)) / 2, height - margins.bottom + mm(7), {
      lineBreak: false,
    });
    if (!voided) continue;

    pdf.save();
    pdf.rotate(-40, { origin: [width / 2, height / 2] });
    pdf.font('mark').fontSize(150).fillColor(`#${RED}`, 0.22);
    const mark = '作废';
    pdf.text(
      mark,
      (width - pdf.widthOfString(mark)) / 2,
      height / 2 - pdf.currentLineHeight() / 2,
      {
        lineBreak: false,
      },
    );
    pdf.restore();

    pdf.font('mark').fontSize(22).fillColor(`#${RED}`);
    const boxWidth = pdf.widthOfString(mark) + mm(6);
    const boxX = width - margins.right - boxWidth;
    const boxY = mm(12);
    pdf
      .save()
      .rect(boxX, boxY, boxWidth, mm(12))
      .lineWidth(1.5)
      .strokeColor(`#${RED}`)
      .stroke()
      .restore();
    pdf.text(mark, boxX + mm(3), boxY + (mm(12) - pdf.currentLineHeight()) / 2, {
      lineBreak: false,
    });
  }
}
