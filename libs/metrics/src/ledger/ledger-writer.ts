import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { ChangeFeed, type RecordChanges, type RegisteredCaseFacts } from '@app/core';
import { coalescingQuery } from '@app/database';
import type { ItemType } from '../metric-registry';
import {
  NEW_CASE_SOURCES,
  type CaseClockRow,
  type CaseRow,
  type SourceName,
} from '../metric-sources';
import { MetricsRepository, type RawQuery } from '../metrics.repository';
import { LEDGER_METRICS, ledgerRows, type LedgerRow } from './ledger-rows';
import { LedgerRepository } from './ledger.repository';

/**
 * The summary items of just-registered cases, from what their writer wrote (the same fields the
 * sources' SQL reads): a new case can be only in `NEW_CASE_SOURCES`, and has no stored items.
 */
export function newCaseItems(cases: RegisteredCaseFacts[]): LedgerRow[] {
  const registered: CaseRow[] = cases.map(({ triage: _triage, ...c }) => ({
    ...c,
    closedAt: null,
    evaluation: null,
    evaluatedAt: null,
  }));
  const rows: Partial<Record<SourceName, unknown[]>> = {
    registeredCases: registered,
    triageClocks: registered.map((row, i): CaseClockRow => ({
      case: row,
      clock: { ...cases[i].triage, hopUnitId: null, status: 'running', endedAt: null },
    })),
    handedDownCases: registered.map((row) => ({ case: row, handling: null })),
  };
  return LEDGER_METRICS.filter(
    (d) => d.itemType === 'case' && NEW_CASE_SOURCES.includes(d.source),
  ).flatMap((d) => ledgerRows(d, (rows[d.source] ?? []) as never[]));
}

const sameRow = (a: LedgerRow, b: LedgerRow) =>
  a.day === b.day &&
  a.unitId === b.unitId &&
  a.channel === b.channel &&
  a.sourceLevel === b.sourceLevel &&
  a.numDay === b.numDay &&
  (a.pendingDue?.getTime() ?? null) === (b.pendingDue?.getTime() ?? null);

/**
 * Keeps the summaries behind the figures in step with the writers: the app's change feed. Writers
 * call `changed` inside their transaction with the ids they touched; the items are classified
 * again by the registry's own `classify` (from the same SQL as the raw computation, filtered by
 * id) and the differences applied to items and counters.
 */
@Injectable()
export class LedgerWriter extends ChangeFeed {
  constructor(
    private readonly sources: MetricsRepository,
    private readonly ledger: LedgerRepository,
  ) {
    super();
  }

  async changed(m: EntityManager, changes: RecordChanges): Promise<void> {
    const byType: [ItemType, number[] | undefined][] = [
      ['case', changes.caseIds],
      ['letter', changes.letterIds],
    ];
    // The sources are read together (Promise.all below): one round trip.
    const query: RawQuery = coalescingQuery(m);
    const fresh = new Map<string, Map<number, LedgerRow>>();
    const candidates = new Map<string, Set<number>>();
    for (const [type, ids] of byType) {
      if (!ids?.length) continue;
      const metrics = LEDGER_METRICS.filter((d) => d.itemType === type);
      const names = [...new Set(metrics.map((d) => d.source))];
      const loaded = await Promise.all(names.map((n) => this.sources.loadWhere(n, { ids }, query)));
      const sources = new Map(names.map((n, i) => [n, loaded[i]]));
      for (const metric of metrics) {
        const rows = ledgerRows(metric, sources.get(metric.source) as never[]);
        fresh.set(metric.key, new Map(rows.map((r) => [r.id, r])));
        // a review's item id is the review case, reached from its original case too
        candidates.set(metric.key, new Set([...ids, ...rows.map((r) => r.id)]));
      }
    }
    const removed: LedgerRow[] = [];
    // A registration's new cases: their items from what was written, nothing stored to replace.
    const added = changes.registered ? newCaseItems(changes.registered) : [];
    const old = candidates.size
      ? await this.ledger.storedItems(query, candidates)
      : new Map<string, LedgerRow>();
    for (const [key, ids] of candidates) {
      for (const id of ids) {
        const before = old.get(`${key}:${id}`);
        const after = fresh.get(key)?.get(id);
        if (before && after && sameRow(before, after)) continue;
        if (before) removed.push(before);
        if (after) added.push(after);
      }
    }
    await this.ledger.applyChanges(query, removed, added, changes.finalBatch);
  }
}
