import { breakLines, breakUnits } from './line-breaking';

/** Every character one em wide, a Latin one half. */
const measure = (s: string): number =>
  [...s].reduce((w, ch) => w + (ch.charCodeAt(0) < 0x2000 ? 0.5 : 1), 0);

describe('Chinese line breaking', () => {
  it.each([
    ['存在“超期”情形。', ['存', '在', '“超', '期”', '情', '形。']],
    ['XF-2022-000123　反映', ['XF-2022-000123', '　', '反', '映']],
    ['（2022年3月1日登记）', ['（2022', '年', '3', '月', '1', '日', '登', '记）']],
    ['荔信督〔2022〕17号', ['荔', '信', '督', '〔2022〕', '17', '号']],
    ['“', ['“']],
  ])('keeps %p together as %p', (text, units) => {
    expect(breakUnits(text)).toEqual(units);
  });

  it.each([
    // A full stop never starts a line: the character before it goes down with it.
    ['一二三四五。六', 5, 0, ['一二三四', '五。六']],
    // An opening quote never ends a line: it goes down with the word it opens.
    ['一二三四“五六”', 5, 0, ['一二三四', '“五六”']],
    // The first line is two characters shorter.
    ['一二三四五六七八', 5, 2, ['一二三', '四五六七八']],
    // A case number is not split while it fits on a line.
    ['编号XF-2022-000123', 8, 0, ['编号', 'XF-2022-000123']],
    // Something longer than a line is cut where it must be.
    ['ABCDEFGHIJKL', 3, 0, ['ABCDEF', 'GHIJKL']],
    ['', 5, 0, ['']],
  ])('sets %p in lines %i em wide (first indented %i) as %p', (text, width, indent, lines) => {
    expect(breakLines(text, width, measure, indent)).toEqual(lines);
  });

  it('never starts a line with a space', () => {
    expect(breakLines('一二三 四五', 3, measure)).toEqual(['一二三', '四五']);
  });
});
