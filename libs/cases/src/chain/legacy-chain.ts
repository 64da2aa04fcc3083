import { Injectable } from '@nestjs/common';
import { CaseChainRepository } from './case-chain.repository';
import { CaseChainService } from './case-chain.service';
import { ChainKey, firstBrokenLegacyLink } from './event-chain';

export interface ResealOutcome {
  /** Cases of the unkeyed chain that still verified and are now sealed under the key. */
  sealed: number;
  /** Cases of the unkeyed chain that did not verify: left as they are (they show as broken). */
  broken: { caseId: number; caseNo: string; brokenAt: number }[];
}

/**
 * `chain rechain`, once after upgrading to the keyed chain: each case written before it (an
 * empty `head_mac`) is walked under the old unkeyed rule and, only if it still verifies there and
 * matches its case row, sealed again under the key; a chain already broken stays broken. The
 * events must be rewritten, so this lifts the append-only triggers for the run and puts them back:
 * it needs the migration user (TRIGGER privilege), with the API and worker stopped.
 */
@Injectable()
export class LegacyChainResealer {
  constructor(
    private readonly anchors: CaseChainRepository,
    private readonly key: ChainKey,
    private readonly chain: CaseChainService,
  ) {}

  async reseal(): Promise<ResealOutcome> {
    const cases = await this.anchors.unsealedCases();
    const outcome: ResealOutcome = { sealed: 0, broken: [] };
    if (cases.length === 0) return outcome;
    await this.anchors.dropAppendOnlyTriggers();
    try {
      for (const c of cases) {
        const events = await this.chain.events(c.id);
        const brokenAt =
          firstBrokenLegacyLink(c.caseNo, events) ??
          (events.length !== c.eventCount || events.at(-1)?.hash !== c.lastEventHash
            ? events.length + 1
            : null);
        if (brokenAt !== null) {
          outcome.broken.push({ caseId: c.id, caseNo: c.caseNo, brokenAt });
          continue;
        }
        const sealed = this.key.chainFrom(c.id, events);
        await this.anchors.rewriteChain(c.id, sealed.events, sealed.head);
        outcome.sealed++;
      }
    } finally {
      await this.anchors.restoreAppendOnlyTriggers();
    }
    return outcome;
  }
}
