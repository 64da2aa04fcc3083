import type { EntityManager, EntityTarget, ObjectLiteral } from 'typeorm';

/**
 * The optimistic-lock write: `UPDATE … SET …, version = version + 1 WHERE id = ? AND version = ?`.
 * Returns false when no row matched (stale version, or the row is gone); the caller decides which.
 * TypeORM's @VersionColumn alone does not guard an update, hence the explicit WHERE.
 */
export async function compareAndSet<T extends ObjectLiteral>(
  manager: EntityManager,
  target: EntityTarget<T>,
  id: number,
  expectedVersion: number,
  values: Record<string, unknown>,
): Promise<boolean> {
  const result = await manager
    .createQueryBuilder()
    .update(target)
    .set({ ...values, version: () => 'version + 1' })
    .where('id = :id AND version = :expectedVersion', { id, expectedVersion })
    .execute();
  return (result.affected ?? 0) === 1;
}
