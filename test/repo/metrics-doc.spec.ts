import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { METRICS, metricsDocument, type MetricDefinition } from '@app/metrics';

/**
 * docs/metrics.md is the registry's definitions (regenerate with `npm run gen:metrics-doc`), the
 * README's metrics section links every figure to it, and every definition says what enters the
 * numerator and the denominator and by which date.
 */
const root = join(__dirname, '..', '..');
const figures = METRICS as readonly MetricDefinition[];

describe('the figures’ definitions (docs/metrics.md)', () => {
  it('docs/metrics.md is generated from the registry', () => {
    expect(readFileSync(join(root, 'docs', 'metrics.md'), 'utf8')).toBe(metricsDocument());
  });

  it('the README links every figure to its definition', () => {
    const readme = readFileSync(join(root, 'README.md'), 'utf8');
    for (const m of figures)
      expect({ key: m.key, linked: readme.includes(`(docs/metrics.md#${m.key})`) }).toEqual({
        key: m.key,
        linked: true,
      });
  });

  it('every definition names its numerator, its denominator and the date that places an item', () => {
    for (const m of figures) {
      const parts = m.kind === 'rate' ? ['分母：', '分子：'] : ['计数：'];
      expect({ key: m.key, parts: parts.filter((p) => m.definition.includes(p)) }).toEqual({
        key: m.key,
        parts,
      });
      expect({
        key: m.key,
        dated: /(日期|届满日|期限末日|化解日期).{0,8}计入|按.{1,12}(日期|日)/.test(m.definition),
      }).toEqual({ key: m.key, dated: true });
    }
  });
});
