import type { DataSource, EntityManager } from 'typeorm';

/**
 * Statements sent to the server together, in one round trip (the pool allows multiple
 * statements; every value still goes through a `?` placeholder). A writer collects into one the
 * statements that lock rows every writer shares — a yearly number, the metric counters — and
 * sends it last, right before COMMIT, so those rows stay locked for the server's own time only,
 * never for a turn of the API's event loop.
 */
export class SqlBatch {
  private readonly statements: string[] = [];
  private readonly params: unknown[] = [];

  add(sql: string, params: readonly unknown[] = []): this {
    if (sql.includes(';')) throw new Error('SqlBatch: one statement per add, without a semicolon');
    this.statements.push(sql);
    this.params.push(...params);
    return this;
  }

  /** Several statements, each as `add` takes it. */
  addAll(statements: readonly (readonly [string, readonly unknown[]])[]): this {
    for (const [sql, params] of statements) this.add(sql, params);
    return this;
  }

  get size(): number {
    return this.statements.length;
  }

  /** Runs the statements in order; one result per statement. Stops at the first error. */
  async run(m: EntityManager): Promise<unknown[]> {
    if (this.statements.length === 0) return [];
    const result = await m.query<unknown>(this.statements.join(';\n'), this.params);
    return this.statements.length === 1 ? [result] : (result as unknown[]);
  }
}

/**
 * A transaction whose START and COMMIT travel inside statement batches, two round trips fewer
 * than sending them on their own: `begin` already holds START TRANSACTION (the work sends it with
 * its first statements), and the work hands back its last batch unsent, which is sent with COMMIT
 * appended; `finish` reads that batch's results. Any error rolls back.
 */
export async function batchedTransaction<T>(
  db: DataSource,
  work: (
    m: EntityManager,
    begin: SqlBatch,
  ) => Promise<{ last: SqlBatch; finish: (results: unknown[]) => T }>,
): Promise<T> {
  const runner = db.createQueryRunner();
  await runner.connect();
  try {
    const { last, finish } = await work(runner.manager, new SqlBatch().add('START TRANSACTION'));
    const results = await last.add('COMMIT').run(runner.manager);
    return finish(results.slice(0, -1));
  } catch (e) {
    await runner.query('ROLLBACK').catch(() => undefined);
    throw e;
  } finally {
    await runner.release();
  }
}

interface PendingCall {
  ok: (value: unknown) => void;
  fail: (error: unknown) => void;
}

/**
 * A query function whose calls made in the same tick (e.g. the branches of a `Promise.all`) go
 * to the server as one statement batch: one round trip instead of one each. Each call gets its
 * own statement's result; if the batch fails, every call of it fails with that error.
 */
export function coalescingQuery(
  m: EntityManager,
): <T = unknown>(sql: string, params?: unknown[]) => Promise<T> {
  let open: { batch: SqlBatch; calls: PendingCall[] } | null = null;
  const send = (group: { batch: SqlBatch; calls: PendingCall[] }) => {
    open = null;
    group.batch.run(m).then(
      (results) => group.calls.forEach((c, i) => c.ok(results[i])),
      (e) => group.calls.forEach((c) => c.fail(e)),
    );
  };
  return <T>(sql: string, params: unknown[] = []) =>
    new Promise<T>((ok, fail) => {
      let group = open;
      if (!group) {
        const fresh = { batch: new SqlBatch(), calls: [] as PendingCall[] };
        queueMicrotask(() => send(fresh));
        open = group = fresh;
      }
      group.batch.add(sql, params);
      group.calls.push({ ok: ok as (value: unknown) => void, fail });
    });
}
