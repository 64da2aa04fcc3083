import { StampedCache } from './stamped-cache';

function setup() {
  const db = { stamp: 's1', data: 'v1', stampReads: 0, loads: 0 };
  const cache = new StampedCache(
    () => {
      db.stampReads++;
      return Promise.resolve(db.stamp);
    },
    () => {
      db.loads++;
      return Promise.resolve(db.data);
    },
    5_000,
  );
  return { db, cache };
}

describe('StampedCache', () => {
  it('serves from memory for 5 s without asking the database', async () => {
    const { db, cache } = setup();
    expect(await cache.get(0)).toBe('v1');
    db.data = 'v2';
    db.stamp = 's2';
    expect(await cache.get(4_999)).toBe('v1');
    expect(db).toMatchObject({ stampReads: 1, loads: 1 });
  });

  it('after 5 s reloads only when the stamp changed', async () => {
    const { db, cache } = setup();
    await cache.get(0);
    expect(await cache.get(5_000)).toBe('v1');
    expect(db).toMatchObject({ stampReads: 2, loads: 1 });
    db.data = 'v2';
    db.stamp = 's2';
    expect(await cache.get(10_000)).toBe('v2');
    expect(db).toMatchObject({ stampReads: 3, loads: 2 });
  });

  it('reloads at once after this process changed the data', async () => {
    const { db, cache } = setup();
    await cache.get(0);
    db.data = 'v2';
    db.stamp = 's2';
    cache.invalidate();
    expect(await cache.get(1)).toBe('v2');
  });

  it('shares one load between concurrent callers', async () => {
    const { db, cache } = setup();
    const values = await Promise.all([cache.get(0), cache.get(0), cache.get(0)]);
    expect(values).toEqual(['v1', 'v1', 'v1']);
    expect(db).toMatchObject({ stampReads: 1, loads: 1 });
  });

  it('does not keep a load that started before an invalidation', async () => {
    const { db, cache } = setup();
    const stale = cache.get(0); // reads s1/v1
    db.data = 'v2';
    db.stamp = 's2';
    cache.invalidate();
    await stale;
    expect(await cache.get(1)).toBe('v2');
  });

  it('checks again when the clock moved backwards', async () => {
    const { db, cache } = setup();
    await cache.get(10_000);
    db.data = 'v2';
    db.stamp = 's2';
    expect(await cache.get(0)).toBe('v2');
  });
});
