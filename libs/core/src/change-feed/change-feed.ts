import type { EntityManager } from 'typeorm';

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
  /** The upper office's 办理期限 of a handed-down case, where it was recorded. */
  provincialDueDate: string | null;
}

/** A case as its registration wrote it, with its triage clock. */
export interface RegisteredCaseFacts extends CaseFigureFields {
  triage: { id: number; dueDate: string; dueAt: Date };
}

/**
 * Statements kept to be sent later, in one round trip (`SqlBatch` of @app/database is one):
 * a writer's last batch before COMMIT.
 */
export interface DeferredStatements {
  add(sql: string, params?: readonly unknown[]): unknown;
}

/** What a transaction changed, by id: the rows the figures are computed from. */
export interface RecordChanges {
  /** Cases changed (with their clocks, hops and reviews). */
  caseIds?: number[];
  /** Supervision letters changed. */
  letterIds?: number[];
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
  finalBatch?: DeferredStatements;
}

/**
 * The change feed: told, inside the writer's transaction and after the change, which cases and
 * supervision letters it changed. The metrics lib implements it (it keeps its summaries in step in
 * the same transaction); the writers depend on this token only, and each app that writes names the
 * implementation with `ChangeFeedModule.forRoot`.
 */
export abstract class ChangeFeed {
  abstract changed(m: EntityManager, changes: RecordChanges): Promise<void>;
}
