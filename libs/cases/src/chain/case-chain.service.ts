import { Injectable } from '@nestjs/common';
import type { CaseEventEntity } from '../case-event.entity';
import { CaseChainRepository, type CheckpointHead } from './case-chain.repository';
import { CaseEventsRepository } from './case-events.repository';
import { ChainKey, verifyChain, type ChainVerdict } from './event-chain';

export type { CheckpointHead } from './case-chain.repository';

/**
 * Verifies case event chains against the key, the case rows' heads and the last checkpoint's
 * heads. Reads only; the checkpoint itself is written by `ChainCheckpointService`.
 */
@Injectable()
export class CaseChainService {
  constructor(
    private readonly anchors: CaseChainRepository,
    private readonly caseEvents: CaseEventsRepository,
    private readonly key: ChainKey,
  ) {}

  /** The verdict on one case by id; a case the last checkpoint knows but the database lost too. */
  async verify(caseId: number): Promise<ChainVerdict> {
    const c = await this.anchors.caseAnchor(caseId);
    const head = await this.checkpointHead(caseId);
    if (!c) {
      return head || (await this.anchors.eventCount(caseId)) > 0
        ? { intact: false, brokenAt: 1, kind: 'missing_case' }
        : { intact: true, brokenAt: null, kind: null };
    }
    const events = await this.events(caseId);
    return verifyChain(this.key, c, events, head);
  }

  /** The verdict on a case whose row and events the caller has already read. */
  async verifyLoaded(
    c: { id: number; caseNo: string; headMac: string },
    events: CaseEventEntity[],
  ): Promise<ChainVerdict> {
    return verifyChain(this.key, c, events, await this.checkpointHead(c.id));
  }

  events(caseId: number): Promise<CaseEventEntity[]> {
    return this.caseEvents.ofCase(caseId);
  }

  /** The tag of a checkpoint head row: a row rewritten without the key does not count. */
  headTag(h: CheckpointHead): string {
    return this.key.mac(
      `checkpoint-head:${h.caseId}:${h.caseNo}:${h.eventCount}:${h.lastEventHash}`,
    );
  }

  /** The case's head at the last checkpoint, if one recorded it and its tag holds. */
  async checkpointHead(caseId: number): Promise<CheckpointHead | null> {
    const row = await this.anchors.checkpointHead(caseId);
    if (!row) return null;
    const { tag, ...head } = row;
    return this.headTag(head) === tag ? head : null;
  }
}
