import PDFDocument from 'pdfkit';
import { loadFonts } from './letter-pdf';
import { chineseDate } from './supervision-letter';

/**
 * 登记回执: the slip reception hands the petitioner (or posts back) when a petition is registered,
 * so they know it was received, by whom, under which number, and what happens by when. The
 * first of the petitioner notices; the text is built here (testable), the PDF below lays it out.
 */
export interface AcknowledgementDoc {
  bureauName: string;
  caseNo: string;
  /** Registration time, already formatted in Asia/Shanghai (e.g. 2026年12月2日 14:05). */
  receivedAt: string;
  /** Channel in Chinese (来访, 来信, …). */
  channel: string;
  /** Petitioners as the slip shows them (names masked, see `maskName`). */
  petitioners: string[];
  title: string;
  /** Last day of the bureau's 15-day triage (YYYY-MM-DD), when that clock runs. */
  triageDueDate: string | null;
  /** A code the petitioner can use to follow the case online, where one exists. */
  queryCode: string | null;
  /** When the slip was printed, formatted in Asia/Shanghai. */
  printedAt: string;
}

export interface AcknowledgementLine {
  kind: 'title' | 'field' | 'heading' | 'body' | 'signature';
  label?: string;
  text: string;
}

/** 张三丰 → 张**: the slip may lie on a counter; the petitioner knows their own name. */
export function maskName(name: string): string {
  const chars = [...name.trim()];
  if (chars.length <= 1) return '*';
  return chars[0] + '*'.repeat(chars.length - 1);
}

/** The slip's content in reading order. */
export function acknowledgementLines(doc: AcknowledgementDoc): AcknowledgementLine[] {
  const lines: AcknowledgementLine[] = [
    { kind: 'title', text: '信访事项登记回执' },
    { kind: 'field', label: '登记编号', text: doc.caseNo },
    { kind: 'field', label: '登记时间', text: doc.receivedAt },
    { kind: 'field', label: '信访形式', text: doc.channel },
    { kind: 'field', label: '信访人', text: doc.petitioners.join('、') || '—' },
    { kind: 'field', label: '信访事项', text: doc.title },
  ];
  if (doc.queryCode) lines.push({ kind: 'field', label: '查询码', text: doc.queryCode });
  lines.push(
    { kind: 'heading', text: '后续办理' },
    {
      kind: 'body',
      // 信访工作条例 art. 22, 31, 34, 35 (DESIGN §3).
      text:
        `本机关已登记您的信访事项，将自登记之日起15日内决定转送、交办有权处理的机关或单位，` +
        `或者依法告知不予受理的理由和途径${doc.triageDueDate ? `（最迟于${chineseDate(doc.triageDueDate)}前）` : ''}。`,
    },
    {
      kind: 'body',
      text: '有权处理的机关或单位收到信访事项后，应当在15日内告知您是否受理；受理后一般应当自受理之日起60日内办结，情况复杂的，经批准可以适当延长，延长期限不超过30日，并告知延期理由。',
    },
    {
      kind: 'body',
      text: '您收到书面答复后，可以对处理结果进行满意度评价；对处理意见不服的，可以自收到书面答复之日起30日内请求原办理机关的上一级机关复查；对复查意见不服的，可以自收到书面复查意见之日起30日内向复查机关的上一级机关请求复核。',
    },
    {
      kind: 'body',
      text: '请妥善保存本回执，查询办理情况时请提供登记编号。本回执不作为受理凭证。',
    },
    { kind: 'signature', text: doc.bureauName },
    { kind: 'signature', text: doc.printedAt },
  );
  return lines;
}

/** 2026-12-02T06:05:00Z → 2026年12月2日 14:05 (Asia/Shanghai). */
export function shanghaiDateTime(at: Date): string {
  const parts = new Intl.DateTimeFormat('zh-CN', {
    timeZone: 'Asia/Shanghai',
    year: 'numeric',
    month: 'numeric',
    day: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).formatToParts(at);
  const get = (type: string) => parts.find((p) => p.type === type)?.value ?? '';
  return `${get('year')}年${get('month')}月${get('day')}日 ${get('hour')}:${get('minute')}`;
}

const MM = 72 / 25.4;

/** The slip as an A4 PDF (A5-sized content) with the Chinese font embedded (subset). */
export async function renderAcknowledgementPdf(doc: AcknowledgementDoc): Promise<Buffer> {
  const { body, mark } = await loadFonts();
  const pdf = new PDFDocument({
    size: 'A4',
    margins: { top: 25 * MM, bottom: 25 * MM, left: 25 * MM, right: 25 * MM },
    lang: 'zh-CN',
    displayTitle: true,
    info: { Title: `${doc.caseNo} 信访事项登记回执`, Author: doc.bureauName, Subject: '登记回执' },
  });
  const chunks: Buffer[] = [];
  const done = new Promise<Buffer>((resolve, reject) => {
    pdf.on('data', (chunk: Buffer) => chunks.push(chunk));
    pdf.on('end', () => resolve(Buffer.concat(chunks)));
    pdf.on('error', reject);
  });
  pdf.registerFont('body', body);
  pdf.registerFont('mark', mark);
  const left = pdf.page.margins.left;
  const width = pdf.page.width - left - pdf.page.margins.right;
  let firstSignature = true;
  for (const line of acknowledgementLines(doc)) {
    switch (line.kind) {
      case 'title':
        pdf.font('mark').fontSize(20).text(line.text, left, pdf.y, { width, align: 'center' });
        pdf.moveDown(1);
        break;
      case 'field':
        pdf.font('mark').fontSize(13).text(`${line.label}：`, left, pdf.y, { continued: true });
        pdf.font('body').text(line.text, { width });
        pdf.moveDown(0.3);
        break;
      case 'heading':
        pdf.moveDown(0.7);
        pdf.font('mark').fontSize(14).text(line.text, left, pdf.y, { width });
        pdf.moveDown(0.3);
        break;
      case 'body':
        pdf
          .font('body')
          .fontSize(12)
          .text(line.text, left, pdf.y, { width, indent: 24, lineGap: 4, align: 'justify' });
        pdf.moveDown(0.3);
        break;
      case 'signature':
        if (firstSignature) pdf.moveDown(2);
        firstSignature = false;
        pdf.font('body').fontSize(13).text(line.text, left, pdf.y, { width, align: 'right' });
        break;
    }
  }
  pdf.end();
  return done;
}
