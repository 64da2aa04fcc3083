import { MicroBatch } from './micro-batch';

describe('MicroBatch', () => {
  it('answers calls made together with one run, each caller its own result', async () => {
    const runs: number[][] = [];
    const b = new MicroBatch<number, number>((keys) => {
      runs.push(keys);
      return Promise.resolve(keys.map((k) => k * 10));
    });
    expect(await Promise.all([b.call(1), b.call(2), b.call(3)])).toEqual([10, 20, 30]);
    expect(runs).toEqual([[1, 2, 3]]);
  });

  it('runs as soon as the batch is full', async () => {
    const runs: number[][] = [];
    const b = new MicroBatch<number, number>(
      (keys) => (runs.push(keys), Promise.resolve(keys)),
      2,
      10_000,
    );
    await Promise.all([b.call(1), b.call(2)]);
    expect(runs).toEqual([[1, 2]]);
  });

  it('fails every caller of a failed run', async () => {
    const b = new MicroBatch<number, number>(() => Promise.reject(new Error('db down')));
    const results = await Promise.allSettled([b.call(1), b.call(2)]);
    expect(results.map((r) => r.status)).toEqual(['rejected', 'rejected']);
  });
});
