import { createHash } from 'node:crypto';
import { Injectable, Logger } from '@nestjs/common';
import { shanghaiDate } from '@app/calendar';
import { Clock } from '@app/core';
import { CaseChainRepository, type Checkpoint, type CheckpointHead } from './case-chain.repository';
import { CaseChainService } from './case-chain.service';
import { ChainKey, type ChainBreak, type ChainVerdict } from './event-chain';

/** A case whose chain does not verify, as the checkpoint reports it. */
export interface CaseBreak {
  caseId: number;
  caseNo: string;
  brokenAt: number | null;
  kind: ChainBreak;
}

export type { Checkpoint } from './case-chain.repository';

export interface CheckpointOutcome {
  checkpoint: Checkpoint;
  /** False when the day's checkpoint was already written (a second run, another worker). */
  created: boolean;
  /** Cases whose chain was walked: those changed since the last checkpoint (all, if it was touched). */
  verified: number;
  breaks: CaseBreak[];
  /** The checkpoints or the heads table themselves do not hold (Chinese, for the admins). */
  problems: string[];
}

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

/** Merkle root over the heads, in case id order: one leaf per (case id, number, count, head MAC). */
export function merkleRoot(heads: CheckpointHead[]): string {
  let level = [...heads]
    .sort((a, b) => a.caseId - b.caseId)
    .map((h) => sha256(`leaf:${h.caseId}:${h.caseNo}:${h.eventCount}:${h.lastEventHash}`));
  if (level.length === 0) return sha256('empty');
  while (level.length > 1) {
    const next: string[] = [];
    for (let i = 0; i < level.length; i += 2)
      next.push(i + 1 < level.length ? sha256(`node:${level[i]}${level[i + 1]}`) : level[i]);
    level = next;
  }
  return level[0];
}

/**
 * The daily signed checkpoint of every case's head (DESIGN §7): verifies the cases changed since
 * the last one, records their heads, and signs a Merkle root over all heads with the chain key,
 * each checkpoint signing the one before. A deleted tail with the case row set back, a case
 * dropped from the database, or a rewritten heads table is found against it.
 */
@Injectable()
export class ChainCheckpointService {
  private readonly logger = new Logger('ChainCheckpoint');

  constructor(
    private readonly anchors: CaseChainRepository,
    private readonly key: ChainKey,
    private readonly chain: CaseChainService,
    private readonly clock: Clock,
  ) {}

  signatureOf(c: Omit<Checkpoint, 'id' | 'signature'>): string {
    return this.key.mac(
      `checkpoint:${c.day}:${c.takenAt.toISOString()}:${c.caseCount}:${c.eventCount}:${c.root}:${c.prevSignature}`,
    );
  }

  /** One case, by id (also a case the database no longer has). */
  verifyCase(caseId: number): Promise<ChainVerdict> {
    return this.chain.verify(caseId);
  }

  /** Every case the database or the last checkpoint knows, walked in full; only the breaks. */
  async verifyAll(): Promise<CaseBreak[]> {
    return this.walk(await this.anchors.knownCases());
  }

  /** Today's checkpoint (Asia/Shanghai day), written once; a second call returns it. */
  async take(): Promise<CheckpointOutcome> {
    const now = this.clock.now();
    const day = shanghaiDate(now);
    const existing = await this.anchors.checkpointOf(day);
    if (existing)
      return { checkpoint: existing, created: false, verified: 0, breaks: [], problems: [] };

    const problems = await this.checkHistory();
    const heads = await this.anchors.checkpointHeads();
    const last = await this.anchors.lastCheckpoint();
    const trusted = new Map<number, CheckpointHead>();
    for (const h of heads) {
      if (this.chain.headTag(h) === h.tag) trusted.set(h.caseId, h);
      else problems.push(`案件 ${h.caseNo} 的检查点链头记录被改动`);
    }
    if (last && merkleRoot(heads) !== last.root)
      problems.push(`检查点 ${last.day} 之后，链头表与其签名的根不符（有记录被增删或改写）`);

    // What changed since the last checkpoint; everything, if the checkpoint itself is in doubt.
    const changed = problems.length
      ? await this.anchors.allCaseHeads()
      : await this.anchors.changedCaseHeads();
    const missing = await this.anchors.casesGone();
    const breaks = await this.walk([...changed, ...missing]);
    const brokenIds = new Set(breaks.map((b) => b.caseId));

    // The new heads: every case that verifies now; a broken case keeps its last trusted head.
    const next = new Map(heads.map((h) => [h.caseId, h as CheckpointHead]));
    for (const r of changed) {
      if (brokenIds.has(r.id)) continue;
      next.set(r.id, {
        caseId: r.id,
        caseNo: r.caseNo,
        eventCount: r.eventCount,
        lastEventHash: r.lastEventHash,
      });
    }
    const all = [...next.values()];
    const unsigned = {
      day,
      takenAt: now,
      caseCount: all.length,
      eventCount: all.reduce((n, h) => n + h.eventCount, 0),
      root: merkleRoot(all),
      prevSignature: last?.signature ?? '',
    };
    const signature = this.signatureOf(unsigned);
    const changedHeads = changed.filter((r) => !brokenIds.has(r.id)).map((r) => next.get(r.id)!);

    const id = await this.anchors.insertCheckpoint(
      {
        ...unsigned,
        signature,
        verifiedCases: changed.length + missing.length,
        breaks: breaks.length + problems.length,
      },
      changedHeads.map((h) => ({ ...h, tag: this.chain.headTag(h) })),
    );
    if (id === null) {
      const theirs = await this.anchors.checkpointOf(day);
      return { checkpoint: theirs!, created: false, verified: 0, breaks: [], problems: [] };
    }
    const checkpoint = { id, ...unsigned, signature };
    // The log is the copy outside the database: a root and signature to compare against later.
    this.logger.log(
      {
        checkpoint: id,
        day,
        cases: checkpoint.caseCount,
        events: checkpoint.eventCount,
        root: checkpoint.root,
        signature,
        verified: changed.length + missing.length,
        breaks: breaks.length,
        problems: problems.length,
      },
      'event chain checkpoint',
    );
    return {
      checkpoint,
      created: true,
      verified: changed.length + missing.length,
      breaks,
      problems,
    };
  }

  private async walk(cases: { id: number; caseNo: string }[]): Promise<CaseBreak[]> {
    const breaks: CaseBreak[] = [];
    for (const c of cases) {
      const v = await this.chain.verify(c.id);
      if (!v.intact)
        breaks.push({ caseId: c.id, caseNo: c.caseNo, brokenAt: v.brokenAt, kind: v.kind! });
    }
    return breaks;
  }

  /** Each checkpoint's signature, and each naming the one before: none removed or rewritten. */
  private async checkHistory(): Promise<string[]> {
    const all = await this.anchors.allCheckpoints();
    const problems: string[] = [];
    let prev = '';
    for (const c of all) {
      if (c.prevSignature !== prev) problems.push(`检查点 ${c.day} 之前的检查点缺失或被改写`);
      if (this.signatureOf(c) !== c.signature) problems.push(`检查点 ${c.day} 的签名不符`);
      prev = c.signature;
    }
    return problems;
  }
}
