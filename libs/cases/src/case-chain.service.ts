import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { CaseEventEntity } from './case-event.entity';
import { ChainKey, verifyChain, type ChainVerdict } from './event-chain';

/** A case's head as the last checkpoint recorded it. */
export interface CheckpointHead {
  caseId: number;
  caseNo: string;
  eventCount: number;
  lastEventHash: string;
}

/**
 * Verifies case event chains against the key, the case rows' heads and the last checkpoint's
 * heads. Reads only; the checkpoint itself is written by `ChainCheckpointService`.
 */
@Injectable()
export class CaseChainService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly key: ChainKey,
  ) {}

  /** The verdict on one case by id; a case the last checkpoint knows but the database lost too. */
  async verify(caseId: number): Promise<ChainVerdict> {
    const [c] = await this.db.query<{ id: number | string; caseNo: string; headMac: string }[]>(
      'SELECT id, case_no AS caseNo, head_mac AS headMac FROM cases WHERE id = ?',
      [caseId],
    );
    const head = await this.checkpointHead(caseId);
    if (!c) {
      const [{ n }] = await this.db.query<{ n: number | string }[]>(
        'SELECT COUNT(*) AS n FROM case_events WHERE case_id = ?',
        [caseId],
      );
      return head || Number(n) > 0
        ? { intact: false, brokenAt: 1, kind: 'missing_case' }
        : { intact: true, brokenAt: null, kind: null };
    }
    const events = await this.events(caseId);
    return verifyChain(this.key, { ...c, id: Number(c.id) }, events, head);
  }

  /** The verdict on a case whose row and events the caller has already read. */
  async verifyLoaded(
    c: { id: number; caseNo: string; headMac: string },
    events: CaseEventEntity[],
  ): Promise<ChainVerdict> {
    return verifyChain(this.key, c, events, await this.checkpointHead(c.id));
  }

  events(caseId: number): Promise<CaseEventEntity[]> {
    return this.db
      .getRepository(CaseEventEntity)
      .find({ where: { caseId }, order: { seq: 'ASC' } });
  }

  /** The tag of a checkpoint head row: a row rewritten without the key does not count. */
  headTag(h: CheckpointHead): string {
    return this.key.mac(
      `checkpoint-head:${h.caseId}:${h.caseNo}:${h.eventCount}:${h.lastEventHash}`,
    );
  }

  /** The case's head at the last checkpoint, if one recorded it and its tag holds. */
  async checkpointHead(caseId: number): Promise<CheckpointHead | null> {
    const [row] = await this.db.query<(CheckpointHead & { tag: string })[]>(
      `SELECT case_id AS caseId, case_no AS caseNo, event_count AS eventCount,
              last_event_hash AS lastEventHash, tag
         FROM case_chain_heads WHERE case_id = ?`,
      [caseId],
    );
    if (!row) return null;
    const head = { ...row, caseId: Number(row.caseId), eventCount: Number(row.eventCount) };
    return this.headTag(head) === row.tag ? head : null;
  }
}
