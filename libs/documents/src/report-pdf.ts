import PDFDocument from 'pdfkit';
import { PAGE_MM, POINTS_PER_MM } from './letter-style';
import { loadFonts } from './letter-pdf';
import type { ReportBlock, ReportDoc } from './report';

const mm = (n: number): number => n * POINTS_PER_MM;
const BODY = 14;
const TABLE = 9;
const CELL_PAD = 3;

/** The report as a PDF with Noto Serif SC embedded (subset), A4. */
export async function renderReportPdf(doc: ReportDoc): Promise<Buffer> {
  const { body, mark } = await loadFonts();
  const pdf = new PDFDocument({
    size: 'A4',
    margins: {
      top: mm(PAGE_MM.top - 7),
      bottom: mm(PAGE_MM.bottom - 5),
      left: mm(PAGE_MM.left - 3),
      right: mm(PAGE_MM.right - 3),
    },
    bufferPages: true,
    lang: 'zh-CN',
    displayTitle: true,
    info: { Title: doc.title, Author: doc.author, Subject: doc.title },
  });
  const chunks: Buffer[] = [];
  const done = new Promise<Buffer>((resolve, reject) => {
    pdf.on('data', (chunk: Buffer) => chunks.push(chunk));
    pdf.on('end', () => resolve(Buffer.concat(chunks)));
    pdf.on('error', reject);
  });
  pdf.registerFont('body', body);
  pdf.registerFont('mark', mark);
  const width = pdf.page.width - pdf.page.margins.left - pdf.page.margins.right;
  const left = pdf.page.margins.left;

  pdf.font('mark').fontSize(20).text(doc.title, left, pdf.y, { width, align: 'center' });
  pdf.moveDown(1);
  for (const b of doc.blocks) render(pdf, b, left, width);

  const range = pdf.bufferedPageRange();
  for (let i = range.start; i < range.start + range.count; i++) {
    pdf.switchToPage(i);
    const label = `— ${i + 1} —`;
    pdf.font('body').fontSize(11);
    const bottom = pdf.page.margins.bottom;
    pdf.page.margins.bottom = 0;
    pdf.text(label, left, pdf.page.height - mm(18), { width, align: 'center', lineBreak: false });
    pdf.page.margins.bottom = bottom;
  }
  pdf.end();
  return done;
}

function render(pdf: PDFKit.PDFDocument, b: ReportBlock, left: number, width: number): void {
  switch (b.kind) {
    case 'heading':
      ensureRoom(pdf, BODY * 4);
      pdf
        .font(b.level === 1 ? 'mark' : 'body')
        .fontSize(BODY)
        .text(b.text, left + (b.level === 1 ? 0 : BODY * 2), pdf.y, {
          width: width - (b.level === 1 ? 0 : BODY * 2),
          lineGap: 6,
        });
      return;
    case 'paragraph':
      pdf
        .font('body')
        .fontSize(BODY)
        .text(b.text, left, pdf.y, {
          width,
          indent: BODY * 2,
          // pdfkit justifies by widening spaces only, which tears lines with numbers apart.
          align: 'left',
          lineGap: 6,
        });
      return;
    case 'table':
      table(pdf, b, left, width);
  }
}

function ensureRoom(pdf: PDFKit.PDFDocument, height: number): void {
  if (pdf.y + height > pdf.page.height - pdf.page.margins.bottom) pdf.addPage();
}

function table(
  pdf: PDFKit.PDFDocument,
  t: Extract<ReportBlock, { kind: 'table' }>,
  left: number,
  width: number,
): void {
  const total = t.widths.reduce((a, w) => a + w, 0);
  const widths = t.widths.map((w) => (w / total) * width);
  pdf.moveDown(0.5);
  ensureRoom(pdf, BODY * 5);
  pdf.font('mark').fontSize(12).text(t.caption, left, pdf.y, { width, align: 'center' });
  pdf.moveDown(0.3);

  const drawRow = (cells: string[], font: 'body' | 'mark') => {
    pdf.font(font).fontSize(TABLE);
    const heights = cells.map((c, i) =>
      pdf.heightOfString(c || ' ', { width: widths[i] - 2 * CELL_PAD }),
    );
    const h = Math.max(...heights) + 2 * CELL_PAD;
    if (pdf.y + h > pdf.page.height - pdf.page.margins.bottom) {
      pdf.addPage();
      if (cells !== t.header) drawRow(t.header, 'mark');
      pdf.font(font).fontSize(TABLE);
    }
    const top = pdf.y;
    let x = left;
    cells.forEach((c, i) => {
      pdf.rect(x, top, widths[i], h).lineWidth(0.5).stroke();
      pdf.text(c, x + CELL_PAD, top + CELL_PAD, { width: widths[i] - 2 * CELL_PAD });
      x += widths[i];
    });
    pdf.x = left;
    pdf.y = top + h;
  };
  drawRow(t.header, 'mark');
  for (const r of t.rows) drawRow(r, 'body');
  if (t.totalRow) drawRow(t.totalRow, 'mark');
  pdf.moveDown(0.5);
}
