/**
 * The page of a 党政机关公文 (GB/T 9704-2012 §5): A4, 天头 37 mm, 订口 28 mm, a 156 × 225 mm
 * 版心 of 22 lines of 三号 (16 pt) text. Both renderers take their measures from here.
 */
export const POINTS_PER_MM = 72 / 25.4;
export const PAGE_MM = {
  width: 210,
  height: 297,
  top: 37,
  bottom: 35,
  left: 28,
  right: 26,
} as const;
export const CONTENT_WIDTH_PT = (PAGE_MM.width - PAGE_MM.left - PAGE_MM.right) * POINTS_PER_MM;

export const BODY_PT = 16; // 三号
/** 225 mm over 22 lines. */
export const LINE_PITCH_PT = ((PAGE_MM.height - PAGE_MM.top - PAGE_MM.bottom) * POINTS_PER_MM) / 22;
export const TITLE_PT = 26;
export const SUBJECT_PT = 22; // 二号, the 标题 of a document
export const PAGE_NUMBER_PT = 14; // 四号
export const RED = 'E60012';

/** The organ mark is set large but never wider than the 版心 (GB/T 9704 §7.2.3). */
export function organMarkPt(organ: string): number {
  return Math.min(36, Math.floor((CONTENT_WIDTH_PT * 0.95) / Math.max(emWidth(organ), 1)));
}

/**
 * How far from the right edge of the 版心 each 落款 line ends, in em: the 成文日期 ends four
 * characters in, and the organ and signer lines are centred over it (GB/T 9704 §7.3.5.1),
 * unless that would push them past the edge.
 */
export function signatureRightIndents(lines: string[]): number[] {
  const date = lines[lines.length - 1] ?? '';
  const centre = 4 + emWidth(date) / 2;
  return lines.map((line, i) =>
    i === lines.length - 1 ? 4 : Math.max(0, centre - emWidth(line) / 2),
  );
}

/** Width of a line in em (a CJK character is one, an ASCII character half), for aligning the 落款. */
export function emWidth(text: string): number {
  let width = 0;
  for (const ch of text) {
    const code = ch.codePointAt(0) ?? 0;
    // Curly quotes and dashes (U+2000–206F) are full width in a CJK font.
    width += code < 0x2000 || (code >= 0x2070 && code < 0x2e80) ? 0.5 : 1;
  }
  return width;
}
