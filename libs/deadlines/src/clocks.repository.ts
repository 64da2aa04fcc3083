import { type EntityManager, In, Not } from 'typeorm';
import { insertRows, insertRowsSql } from '@app/database';
import { ClockEntity } from './clock.entity';

/** A clock row to insert: the entity's columns (the id is generated; unset columns are NULL). */
export type ClockRow = Partial<ClockEntity>;

/**
 * The `clocks` table (TypeORM; inserts through @app/database's plain multi-row INSERT) inside the
 * caller's transaction: what the clock book reads and moves. Every change bumps the version.
 */
export class ClocksRepository {
  constructor(private readonly m: EntityManager) {}

  /** A clock row not yet inserted (no id). */
  create(values: Omit<ClockEntity, 'id'>): ClockEntity {
    return this.m.create(ClockEntity, values);
  }

  /** Inserts one clock; returns its id. */
  insert(clock: ClockEntity): Promise<number> {
    return insertClockRows(this.m, [clock]);
  }

  runningOfKind(caseId: number, kind: string): Promise<ClockEntity | null> {
    return this.m.findOne(ClockEntity, { where: { caseId, kind, status: 'running' } });
  }

  running(caseId: number): Promise<ClockEntity[]> {
    return this.m.find(ClockEntity, {
      where: { caseId, status: 'running' },
      order: { dueAt: 'ASC' },
    });
  }

  /** The running clock due first (ties by id), of any kind but `except`. */
  nearestRunning(caseId: number, except: readonly string[] = []): Promise<ClockEntity | null> {
    return this.m.findOne(ClockEntity, {
      where: {
        caseId,
        status: 'running',
        ...(except.length ? { kind: Not(In([...except])) } : {}),
      },
      order: { dueAt: 'ASC', id: 'ASC' },
    });
  }

  async update(id: number, changes: Partial<ClockEntity>): Promise<void> {
    await this.m.update(ClockEntity, { id }, { ...changes, version: () => 'version + 1' });
  }

  /** Changes a running clock still at `version`; false when it moved or stopped meanwhile. */
  async updateRunning(
    id: number,
    version: number,
    changes: Partial<ClockEntity>,
  ): Promise<boolean> {
    const res = await this.m.update(
      ClockEntity,
      { id, version, status: 'running' },
      { ...changes, version: () => 'version + 1' },
    );
    return res.affected === 1;
  }

  /** Changes the running clocks `where` (SQL over the columns) selects; returns how many. */
  async updateRunningWhere(
    where: string,
    params: Record<string, unknown>,
    changes: Partial<ClockEntity>,
  ): Promise<number> {
    const result = await this.m
      .createQueryBuilder()
      .update(ClockEntity)
      .set({ ...changes, version: () => 'version + 1' })
      .where(`${where} AND status = :running`, { ...params, running: 'running' })
      .execute();
    return result.affected ?? 0;
  }
}

/**
 * The statement inserting clock rows, for a writer that sends it in its own batch (`SqlBatch`,
 * registration). `sqlValues` names columns set from an SQL expression of the same batch, such as
 * `{ caseId: '@case_id' }`.
 */
export function clockRowsSql(
  rows: ClockRow[],
  sqlValues: Record<string, string> = {},
): [string, unknown[]] {
  return insertRowsSql(
    'clocks',
    rows.map((r) => ({ ...r })),
    sqlValues,
  );
}

/** Inserts clock rows in one statement (the spreadsheet's batch); returns the first id. */
export function insertClockRows(m: EntityManager, rows: ClockRow[]): Promise<number> {
  return insertRows(
    m,
    'clocks',
    rows.map((r) => ({ ...r })),
  );
}
