import { isLocalDate } from '@app/calendar';

/** What a supervision letter (督办函) says; the renderers decide only how it looks. */
export interface SupervisionLetterDoc {
  /** 发文机关, e.g. 广州市荔湾区信访局 */
  issuingOrgan: string;
  /** 发文字号, e.g. 荔信督〔2022〕17号 */
  number: string;
  /** 普通督办 | 现场督办 | 挂牌督办 | 专项督办 */
  typeLabel: string;
  /** Why the letter is sent, e.g. 超期未办结 */
  reasonLabel: string;
  /** 主送机关, e.g. 区住房和城乡建设局 */
  unitName: string;
  cases: { caseNo: string; title: string; registeredDate: string }[];
  /** Free text; blank lines separate paragraphs. */
  requirements: string;
  /** YYYY-MM-DD */
  replyDueDate: string;
  /** YYYY-MM-DD, the 成文日期 */
  issuedDate: string;
  signer: string;
  contactPerson?: string;
  contactPhone?: string;
  /** 抄送机关 */
  copyTo?: string[];
  /** Marks every page 作废. */
  voided?: boolean;
}

/**
 * The role of a line in the letter, which sets its font, colour and alignment (GB/T 9704-2012,
 * simplified): the 版头 (organ mark, title, number), the 主体 and the 版记 (抄送).
 */
export type LetterBlockKind =
  | 'organ' // 发文机关标志, red
  | 'title' // 督 办 函, red
  | 'number' // 发文字号, centred above the red separator line
  | 'subject' // 标题 of a notice: centred under the separator line, black
  | 'addressee' // 主送机关, flush left
  | 'body' // a paragraph, first line indented two characters
  | 'case' // one cited case, indented like a paragraph
  | 'heading' // 督办要求
  | 'signature' // 落款: organ, signer and 成文日期, on the right
  | 'copy-to'; // 抄送, at the foot of the last page

export interface LetterBlock {
  kind: LetterBlockKind;
  text: string;
}

const FULL_WIDTH_SPACE = '\u3000';

/** `2022-05-06` → `2022年5月6日`, the way a 成文日期 is written (Arabic numerals, no leading zeros). */
export function chineseDate(date: string): string {
  if (!isLocalDate(date)) throw new RangeError(`Not a YYYY-MM-DD date: ${String(date)}`);
  const [year, month, day] = date.split('-').map(Number);
  return `${year}年${month}月${day}日`;
}

/** Every line of the letter, in reading order, with its role. Both renderers lay out exactly these. */
export function letterBlocks(doc: SupervisionLetterDoc): LetterBlock[] {
  for (const field of [
    'issuingOrgan',
    'number',
    'typeLabel',
    'reasonLabel',
    'unitName',
    'signer',
  ] as const) {
    if (doc[field].trim() === '') throw new RangeError(`The letter has no ${field}`);
  }
  const organ = doc.issuingOrgan.trim();
  const blocks: LetterBlock[] = [
    { kind: 'organ', text: organ },
    { kind: 'title', text: '督 办 函' },
    { kind: 'number', text: doc.number.trim() },
    { kind: 'addressee', text: `${doc.unitName.trim()}：` },
  ];

  const reason = `“${doc.reasonLabel.trim()}”`;
  const type = doc.typeLabel.trim();
  if (doc.cases.length > 0) {
    blocks.push({
      kind: 'body',
      text:
        `经查，你单位办理的下列${doc.cases.length}件信访事项存在${reason}情形。` +
        `根据《信访工作条例》有关规定，现予以${type}。`,
    });
    doc.cases.forEach((c, i) => {
      const registered = chineseDate(c.registeredDate);
      blocks.push({
        kind: 'case',
        text: `${i + 1}．${c.caseNo.trim()}${FULL_WIDTH_SPACE}${c.title.trim()}（${registered}登记）`,
      });
    });
  } else {
    blocks.push({
      kind: 'body',
      text: `经查，你单位信访工作存在${reason}情形。根据《信访工作条例》有关规定，现予以${type}。`,
    });
  }

  const requirements = requirementParagraphs(doc.requirements);
  if (requirements.length > 0) {
    blocks.push({ kind: 'heading', text: '督办要求：' });
    for (const text of requirements) blocks.push({ kind: 'body', text });
  }
  blocks.push({
    kind: 'body',
    text: `请于${chineseDate(doc.replyDueDate)}前将办理情况书面报送我局。`,
  });

  const contact = [
    doc.contactPerson?.trim() ? `联系人：${doc.contactPerson.trim()}` : '',
    doc.contactPhone?.trim() ? `联系电话：${doc.contactPhone.trim()}` : '',
  ].filter(Boolean);
  if (contact.length > 0)
    blocks.push({ kind: 'body', text: contact.join(FULL_WIDTH_SPACE.repeat(2)) });

  blocks.push(
    { kind: 'signature', text: organ },
    { kind: 'signature', text: `签发人：${doc.signer.trim()}` },
    // GB/T 9704 §7.3.5: the 成文日期 is the last line of the 落款.
    { kind: 'signature', text: chineseDate(doc.issuedDate) },
  );

  const copyTo = (doc.copyTo ?? []).map((u) => u.trim()).filter(Boolean);
  // GB/T 9704 §7.4.2: 抄送机关 separated by commas, a full stop after the last.
  if (copyTo.length > 0) blocks.push({ kind: 'copy-to', text: `抄送：${copyTo.join('，')}。` });
  return blocks;
}

/** The text lines both renderers lay out: the single source of the letter's wording. */
export function letterParagraphs(doc: SupervisionLetterDoc): string[] {
  return letterBlocks(doc).map((b) => b.text);
}

/**
 * Splits free text into paragraphs at blank lines. A single line break inside a paragraph is a
 * soft wrap from the text box: the lines are joined, with a space only between two Latin words.
 */
export function requirementParagraphs(text: string): string[] {
  return text
    .replace(/\r\n?/g, '\n')
    .split(/\n[ \t\u3000]*\n/)
    .map((paragraph) =>
      paragraph
        .split('\n')
        .map((line) => line.trim())
        .filter(Boolean)
        .reduce(
          (joined, line) =>
            /[A-Za-z0-9]$/.test(joined) && /^[A-Za-z0-9]/.test(line)
              ? `${joined} ${line}`
              : joined + line,
          '',
        ),
    )
    .filter(Boolean);
}
