import { checkJsonLimits, checkJsonText } from './json-limits';

describe('checkJsonLimits', () => {
  const code = (text: string, depth = 3, keys = 4) => checkJsonLimits(text, depth, keys)?.code;

  it.each([
    ['{"a":{"b":[1]}}', undefined],
    ['{"a":{"b":[[1]]}}', 'JSON_TOO_DEEP'],
    ['[[[]]]', undefined],
    ['[[[[]]]]', 'JSON_TOO_DEEP'],
    // Brackets, colons and escaped quotes inside strings do not count.
    ['{"a":"[[[[{{{{:::::\\"[[[["}', undefined],
    ['{"a":1,"b":2,"c":3,"d":4}', undefined],
    ['{"a":1,"b":2,"c":3,"d":4,"e":5}', 'JSON_TOO_MANY_KEYS'],
    ['[{"a":1},{"a":1},{"a":1},{"a":1},{"a":1}]', 'JSON_TOO_MANY_KEYS'],
    // Depth comes back down: siblings are not nesting.
    ['[[[1]],[[2]],[[3]]]', undefined],
  ])('%s → %s', (text, expected) => {
    expect(code(text)).toBe(expected);
  });

  it('stops a 200,000-level bomb at the first excess bracket', () => {
    const bomb = '['.repeat(200_000) + ']'.repeat(200_000);
    const started = process.hrtime.bigint();
    expect(checkJsonLimits(bomb)?.code).toBe('JSON_TOO_DEEP');
    expect(Number(process.hrtime.bigint() - started) / 1e6).toBeLessThan(50);
  });
});

describe('checkJsonText', () => {
  const field = (value: unknown) =>
    (checkJsonText(value)?.details as { field: string }[] | undefined)?.[0]?.field;

  it.each([
    [{ name: '张某某', note: '😀 emoji is a proper pair' }, undefined],
    [{ name: 'a\u0000b' }, 'name'],
    [{ petitioners: [{ name: 'ok' }, { name: 'x\ud800' }] }, 'petitioners.1.name'],
    [{ title: '\udc00lone low half' }, 'title'],
    [{ ['k\u0000']: 1 }, 'k\u0000'],
    [[1, true, null, 'fine'], undefined],
  ])('%j → %s', (value, expected) => {
    expect(field(value)).toBe(expected);
  });
});
