import type { DataSource, EntityManager, EntitySubscriberInterface, QueryRunner } from 'typeorm';

const pending = new WeakMap<QueryRunner, (() => Promise<void>)[]>();
const hooked = new WeakSet<DataSource>();

/** Runs what waited for the outermost COMMIT; drops it on the outermost ROLLBACK. */
const subscriber: EntitySubscriberInterface = {
  afterTransactionCommit({ queryRunner }) {
    // A released savepoint (a nested transaction) is not the commit.
    if (queryRunner.isTransactionActive) return;
    const runs = pending.get(queryRunner) ?? [];
    pending.delete(queryRunner);
    // Not awaited: the change is committed, and a slow or absent Redis must not hold its caller.
    for (const run of runs) void run().catch(() => undefined);
  },
  afterTransactionRollback({ queryRunner }) {
    if (!queryRunner.isTransactionActive) pending.delete(queryRunner);
  },
};

/**
 * Runs `work` once the transaction `m` belongs to has committed (at once when `m` is in none):
 * what goes outside the database (a queued job) must not run for a change that is rolled back,
 * nor before its rows can be read. The commit does not wait for it; `work` handles its own
 * failures (what it leaves undone must be found again from the database).
 */
export async function afterCommit(m: EntityManager, work: () => Promise<void>): Promise<void> {
  const runner = m.queryRunner;
  if (!runner?.isTransactionActive) return work();
  if (!hooked.has(m.connection)) {
    m.connection.subscribers.push(subscriber);
    hooked.add(m.connection);
  }
  pending.set(runner, [...(pending.get(runner) ?? []), work]);
}
