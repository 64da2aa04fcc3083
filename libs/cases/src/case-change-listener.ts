import type { EntityManager } from 'typeorm';
import type { SqlBatch } from '@app/database';

/** What a transaction changed, by id: the rows the figures are computed from. */
export interface RecordChanges {
  caseIds?: number[];
  letterIds?: number[];
  keyMatterIds?: number[];
  missionIds?: number[];
  /**
   * Cases created by this transaction that nothing else happened to yet (a registration), as
   * the writer wrote them: no summary rows can exist for them, and they are not read back.
   */
  registered?: RegisteredCaseFacts[];
  /**
   * Where to put the summary writes instead of running them now: the writer sends this batch in
   * its last round trip, right before COMMIT, so the counter rows every writer adds to stay locked
   * for the server's own time only.
   */
  finalBatch?: SqlBatch;
}

/** The fields of a case row the figures read (the metrics lib's case sources extend them). */
export interface CaseFigureFields {
  id: number;
  unitId: number | null;
  channel: string;
  source: string;
  sourceLevel: string;
  registeredAt: Date;
  repeat: boolean;
  collective: boolean;
  skipLevel: boolean;
  status: string;
}

/** A case as its registration wrote it, with its triage clock. */
export interface RegisteredCaseFacts extends CaseFigureFields {
  triage: { id: number; dueDate: string; dueAt: Date };
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
