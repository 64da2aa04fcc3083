import type { DataSource, EntityManager } from 'typeorm';
import { batchedTransaction, coalescingQuery, createDataSource, SqlBatch } from '@app/database';
import { TEST_ENV } from '@app/testing';

/** Statement batches against the real server: one round trip each, results in order. */
describe('statement batches (e2e)', () => {
  let ds: DataSource;
  beforeAll(async () => {
    ds = await (await createDataSource(TEST_ENV.DATABASE_URL, 2)).initialize();
    await ds.query('CREATE TABLE IF NOT EXISTS batch_probe_t (id INT PRIMARY KEY) ENGINE=InnoDB');
  });
  afterAll(async () => {
    await ds.query('DROP TABLE IF EXISTS batch_probe_t');
    await ds.destroy();
  });

  /** The manager with its round trips counted. */
  const counting = (m: EntityManager) => {
    const calls: string[] = [];
    const proxy = new Proxy(m, {
      get: (target, prop) =>
        prop === 'query'
          ? (sql: string, params?: unknown[]) => (calls.push(sql), target.query(sql, params))
          : (Reflect.get(target, prop) as unknown),
    });
    return { m: proxy, calls };
  };

  it('a batch answers each statement in order, in one round trip', async () => {
    const { m, calls } = counting(ds.manager);
    const results = await new SqlBatch()
      .add('SET @probe = ?', [41])
      .add('SELECT @probe + 1 AS n')
      .add('SELECT ? AS s', ['a;b'])
      .run(m);
    expect(calls).toHaveLength(1);
    expect(results[1]).toEqual([{ n: 42 }]);
    expect(results[2]).toEqual([{ s: 'a;b' }]);
    expect(() => new SqlBatch().add('SELECT 1; SELECT 2')).toThrow(/one statement/);
  });

  it('queries of the same tick go together; a failing batch fails each of its queries', async () => {
    const { m, calls } = counting(ds.manager);
    const query = coalescingQuery(m);
    const [a, b] = await Promise.all([
      query<{ n: number }[]>('SELECT ? AS n', [1]),
      query<{ n: number }[]>('SELECT ? AS n', [2]),
    ]);
    expect([a, b]).toEqual([[{ n: 1 }], [{ n: 2 }]]);
    expect(calls).toHaveLength(1);
    const failed = await Promise.allSettled([
      query('SELECT 1 AS n'),
      query('SELECT * FROM no_such_table_here'),
    ]);
    expect(failed.map((r) => r.status)).toEqual(['rejected', 'rejected']);
    expect(calls).toHaveLength(2);
  });

  it('a batched transaction commits with its last batch and rolls back on any error', async () => {
    await ds.query('DELETE FROM batch_probe_t');
    const id = await batchedTransaction(ds, async (m, begin) => {
      await begin.add('INSERT INTO batch_probe_t (id) VALUES (1)').run(m);
      return {
        last: new SqlBatch().add('INSERT INTO batch_probe_t (id) VALUES (2)').add('SELECT 2 AS id'),
        finish: (results) => (results[1] as { id: number }[])[0].id,
      };
    });
    expect(id).toBe(2);
    await expect(
      batchedTransaction(ds, async (m, begin) => {
        await begin.add('INSERT INTO batch_probe_t (id) VALUES (3)').run(m);
        return {
          last: new SqlBatch().add('INSERT INTO batch_probe_t (id) VALUES (1)'),
          finish: () => 0,
        };
      }),
    ).rejects.toThrow(/Duplicate/);
    const rows = await ds.query<{ id: number }[]>('SELECT id FROM batch_probe_t ORDER BY id');
    expect(rows.map((r) => r.id)).toEqual([1, 2]);
    // Both pooled connections are out of any transaction.
    const states = await Promise.all(
      [0, 1].map(() => ds.query<{ t: number }[]>('SELECT @@in_transaction AS t')),
    );
    expect(states.map(([r]) => Number(r.t))).toEqual([0, 0]);
  });
});
