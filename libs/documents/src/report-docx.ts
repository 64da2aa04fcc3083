import {
  AlignmentType,
  Document,
  Footer,
  LineRuleType,
  Packer,
  PageNumber,
  Paragraph,
  Table,
  TableCell,
  TableRow,
  TextRun,
  VerticalAlign,
  WidthType,
} from 'docx';
import { BODY_PT, PAGE_MM, POINTS_PER_MM } from './letter-style';
import type { ReportBlock, ReportDoc } from './report';

/* As for letters: Word names the fonts of a Chinese office PC rather than embed them. */
const BODY_FONT = '仿宋';
const HEADING_FONT = '黑体';
const SUBHEADING_FONT = '楷体';
const TITLE_FONT = '宋体';
const TABLE_PT = 10.5; // 五号

const twips = (pt: number): number => Math.round(pt * 20);
const mmTwips = (mm: number): number => twips(mm * POINTS_PER_MM);
const halfPoints = (pt: number): number => Math.round(pt * 2);
const EM = twips(BODY_PT);
const LINE = twips(28);
const CONTENT_TWIPS = mmTwips(PAGE_MM.width - PAGE_MM.left - PAGE_MM.right);

/** The report as a .docx: A4, 仿宋 三号 text, 黑体/楷体 headings, bordered tables. */
export async function renderReportDocx(doc: ReportDoc): Promise<Buffer> {
  const document = new Document({
    creator: doc.author,
    title: doc.title,
    styles: {
      default: {
        document: {
          run: {
            font: BODY_FONT,
            size: halfPoints(BODY_PT),
            language: { value: 'zh-CN', eastAsia: 'zh-CN' },
          },
          paragraph: { spacing: { line: LINE, lineRule: LineRuleType.EXACT } },
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
            },
          },
        },
        footers: { default: pageNumberFooter() },
        children: [
          new Paragraph({
            alignment: AlignmentType.CENTER,
            spacing: { line: twips(22 * 1.6), lineRule: LineRuleType.EXACT, after: LINE },
            children: [
              new TextRun({ text: doc.title, font: TITLE_FONT, bold: true, size: halfPoints(22) }),
            ],
          }),
          ...doc.blocks.flatMap(block),
        ],
      },
    ],
  });
  return Packer.toBuffer(document);
}

function block(b: ReportBlock): (Paragraph | Table)[] {
  switch (b.kind) {
    case 'heading':
      return [
        new Paragraph({
          indent: { firstLine: 2 * EM },
          keepNext: true,
          children: [
            new TextRun({
              text: b.text,
              font: b.level === 1 ? HEADING_FONT : SUBHEADING_FONT,
              bold: b.level === 2,
            }),
          ],
        }),
      ];
    case 'paragraph':
      return [
        new Paragraph({
          alignment: AlignmentType.JUSTIFIED,
          indent: { firstLine: 2 * EM },
          children: [new TextRun(b.text)],
        }),
      ];
    case 'table': {
      const total = b.widths.reduce((a, w) => a + w, 0);
      const widths = b.widths.map((w) => Math.floor((w / total) * CONTENT_TWIPS));
      const row = (cells: string[], bold: boolean, header = false) =>
        new TableRow({
          tableHeader: header,
          cantSplit: true,
          children: cells.map(
            (text, i) =>
              new TableCell({
                width: { size: widths[i], type: WidthType.DXA },
                verticalAlign: VerticalAlign.CENTER,
                children: [
                  new Paragraph({
                    alignment: header ? AlignmentType.CENTER : AlignmentType.LEFT,
                    spacing: { line: twips(TABLE_PT * 1.4), lineRule: LineRuleType.EXACT },
                    children: [new TextRun({ text, bold, size: halfPoints(TABLE_PT) })],
                  }),
                ],
              }),
          ),
        });
      return [
        new Paragraph({
          alignment: AlignmentType.CENTER,
          keepNext: true,
          spacing: { before: LINE / 2 },
          children: [new TextRun({ text: b.caption, font: HEADING_FONT })],
        }),
        new Table({
          width: { size: CONTENT_TWIPS, type: WidthType.DXA },
          columnWidths: widths,
          rows: [
            row(b.header, true, true),
            ...b.rows.map((r) => row(r, false)),
            ...(b.totalRow ? [row(b.totalRow, true)] : []),
          ],
        }),
      ];
    }
  }
}

function pageNumberFooter(): Footer {
  return new Footer({
    children: [
      new Paragraph({
        alignment: AlignmentType.CENTER,
        children: [
          new TextRun({ children: ['— ', PageNumber.CURRENT, ' —'], size: halfPoints(14) }),
        ],
      }),
    ],
  });
}
