import { CONTENT_WIDTH_PT, emWidth, organMarkPt, signatureRightIndents } from './letter-style';

describe('letter measures', () => {
  it.each([
    ['2022年5月6日', 6 * 0.5 + 3],
    ['签发人：王建国', 7],
    ['“超期”', 4],
    ['', 0],
  ])('%p is %d em wide', (text, width) => {
    expect(emWidth(text)).toBe(width);
  });

  it.each([
    ['广州市荔湾区信访局', 36],
    ['广州市荔湾区人民政府信访局（区人民来访接待中心）', 17],
  ])('sets the organ mark %s at %i pt, within the 版心', (organ, size) => {
    expect(organMarkPt(organ)).toBe(size);
    expect(organMarkPt(organ) * emWidth(organ)).toBeLessThanOrEqual(CONTENT_WIDTH_PT);
  });

  it('ends the date four characters from the right and centres the lines above it over the date', () => {
    // 2022年5月6日 is 6 em wide: its centre is 7 em from the right edge.
    expect(signatureRightIndents(['广州市荔湾区信访局', '签发人：王建国', '2022年5月6日'])).toEqual(
      [2.5, 3.5, 4],
    );
  });

  it('never pushes a long organ name past the right edge', () => {
    expect(
      signatureRightIndents([
        '广州市荔湾区人民政府信访局（区人民来访接待中心）',
        '2022年5月6日',
      ])[0],
    ).toBe(0);
  });
});
