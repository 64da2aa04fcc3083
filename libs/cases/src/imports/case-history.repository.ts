import type { EntityManager } from 'typeorm';
import { insertRows } from '@app/database';
import type { CaseEntity } from '../case.entity';
import type { CaseHopEntity } from '../case-hop.entity';
import type { CaseHead } from '../chain/event-chain';

type HopRow = Pick<
  CaseHopEntity,
  'caseId' | 'kind' | 'unitId' | 'status' | 'sentBy' | 'sentAt' | 'receivedAt'
> &
  Partial<CaseHopEntity>;

/**
 * What the history writer records of a case's past (raw SQL, inside the import's transaction):
 * its hand-overs as they went, and at the end the case row as the past left it.
 */
export const CaseHistoryRepository = {
  insertHop(m: EntityManager, hop: HopRow): Promise<number> {
    return insertRows(m, 'case_hops', [{ ...hop }]);
  },

  async hopAccepted(m: EntityManager, hopId: number | null, at: Date, actorId: number) {
    await m.query(
      "UPDATE case_hops SET status = 'accepted', accepted_at = ?, acted_by = ? WHERE id = ?",
      [at, actorId, hopId],
    );
  },

  async hopObjected(
    m: EntityManager,
    hopId: number | null,
    at: Date,
    reason: string,
    actorId: number,
  ) {
    await m.query(
      "UPDATE case_hops SET status = 'objected', objected_at = ?, objection_reason = ?, acted_by = ? WHERE id = ?",
      [at, reason, actorId, hopId],
    );
  },

  async hopReported(m: EntityManager, hopId: number | null, at: Date, report: string) {
    await m.query('UPDATE case_hops SET completion_report = ?, reported_at = ? WHERE id = ?', [
      report,
      at,
      hopId,
    ]);
  },

  /** The case row after its whole past: status, chain head, next deadline and what happened. */
  async finish(
    m: EntityManager,
    caseId: number,
    p: {
      status: string;
      head: CaseHead;
      next: { nextDueAt: Date | null; nextClockKind: string | null; nextDueProvisional: boolean };
      set: Partial<CaseEntity>;
    },
  ) {
    const cols = Object.keys(p.set).map((k) => k.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`));
    await m.query(
      `UPDATE cases SET status = ?, event_count = ?, last_event_hash = ?, head_mac = ?, version = ?,
              next_due_at = ?, next_clock_kind = ?, next_due_provisional = ?${cols.map((c) => `, ${c} = ?`).join('')}
        WHERE id = ?`,
      [
        p.status,
        p.head.eventCount,
        p.head.lastEventHash,
        p.head.headMac,
        p.head.eventCount,
        p.next.nextDueAt,
        p.next.nextClockKind,
        p.next.nextDueProvisional,
        ...Object.values(p.set),
        caseId,
      ],
    );
  },
};
