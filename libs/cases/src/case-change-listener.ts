import type { EntityManager } from 'typeorm';

/** What a transaction changed, by id: the rows the figures are computed from. */
export interface RecordChanges {
  caseIds?: number[];
  letterIds?: number[];
  keyMatterIds?: number[];
  missionIds?: number[];
}

/**
 * Told of every change to cases (and their clocks, hops, reviews), supervision letters, key
 * matters and missions, inside the writer's transaction, after the change: the metrics lib keeps
 * its summaries in step in the same transaction. Abstract here so the writers do not depend on
 * the lib that reads them (metrics provides the implementation globally).
 */
export abstract class CaseChangeListener {
  abstract changed(m: EntityManager, changes: RecordChanges): Promise<void>;
}
