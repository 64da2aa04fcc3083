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

describe('MicroBatch in flight', () => {
  /** A run that ends only when the test says so. */
  function gated() {
    const runs: { keys: number[]; done: () => void }[] = [];
    const b = new MicroBatch<number, number>(
      (keys) =>
        new Promise<number[]>((resolve) =>
          runs.push({ keys, done: () => resolve(keys.map((k) => k * 10)) }),
        ),
      3,
      1,
      1,
    );
    return { b, runs };
  }
  const tick = (ms = 5) => new Promise((r) => setTimeout(r, ms));

  it('calls made while a batch is out wait for it, then leave together', async () => {
    const { b, runs } = gated();
    const first = b.call(1);
    await tick();
    expect(runs.map((r) => r.keys)).toEqual([[1]]);
    const later = [b.call(2), b.call(3)];
    await tick();
    expect(runs).toHaveLength(1); // still one in flight
    runs[0].done();
    expect(await first).toBe(10);
    await tick(0);
    expect(runs.map((r) => r.keys)).toEqual([[1], [2, 3]]);
    runs[1].done();
    expect(await Promise.all(later)).toEqual([20, 30]);
  });

  it('what piled up leaves in batches of at most max, one after another', async () => {
    const { b, runs } = gated();
    const all = [b.call(1)];
    await tick();
    for (let k = 2; k <= 8; k++) all.push(b.call(k));
    runs[0].done();
    await tick(0);
    runs[1].done();
    await tick(0);
    runs[2].done();
    await tick(0);
    runs[3].done();
    expect(await Promise.all(all)).toEqual([10, 20, 30, 40, 50, 60, 70, 80]);
    expect(runs.map((r) => r.keys)).toEqual([[1], [2, 3, 4], [5, 6, 7], [8]]);
  });

  it('a run that throws at once fails its callers, and later calls still run', async () => {
    let fail = true;
    const b = new MicroBatch<number, number>((keys) => {
      if (fail) throw new Error('pool closed');
      return Promise.resolve(keys);
    });
    await expect(b.call(1)).rejects.toThrow('pool closed');
    fail = false;
    expect(await b.call(2)).toBe(2);
  });
});
