import { createHash } from 'node:crypto';
import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { shanghaiDate } from '@app/calendar';
import { Clock } from '@app/core';
import { isUniqueViolation } from '@app/database';
import { CaseChainService, type CheckpointHead } from './case-chain.service';
import { ChainKey, type ChainBreak, type ChainVerdict } from './event-chain';

/** A case whose chain does not verify, as the checkpoint reports it. */
export interface CaseBreak {
  caseId: number;
  caseNo: string;
  brokenAt: number | null;
  kind: ChainBreak;
}

export interface Checkpoint {
  id: number;
  day: string;
  takenAt: Date;
  caseCount: number;
  eventCount: number;
  root: string;
  prevSignature: string;
  signature: string;
}

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
    @InjectDataSource() private readonly db: DataSource,
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
    const ids = await this.db.query<{ id: number | string; caseNo: string }[]>(
      `SELECT id, case_no AS caseNo FROM cases
       UNION SELECT case_id, case_no FROM case_chain_heads
       ORDER BY id`,
    );
    return this.walk(ids.map((r) => ({ id: Number(r.id), caseNo: r.caseNo })));
  }

  /** Today's checkpoint (Asia/Shanghai day), written once; a second call returns it. */
  async take(): Promise<CheckpointOutcome> {
    const now = this.clock.now();
    const day = shanghaiDate(now);
    const existing = await this.checkpointOf(day);
    if (existing)
      return { checkpoint: existing, created: false, verified: 0, breaks: [], problems: [] };

    const problems = await this.checkHistory();
    const heads = await this.heads();
    const last = await this.last();
    const trusted = new Map<number, CheckpointHead>();
    for (const h of heads) {
      if (this.chain.headTag(h) === h.tag) trusted.set(h.caseId, h);
      else problems.push(`案件 ${h.caseNo} 的检查点链头记录被改动`);
    }
    if (last && merkleRoot(heads) !== last.root)
      problems.push(`检查点 ${last.day} 之后，链头表与其签名的根不符（有记录被增删或改写）`);

    // What changed since the last checkpoint; everything, if the checkpoint itself is in doubt.
    const changed = problems.length
      ? await this.caseHeads('')
      : await this.caseHeads(
          `LEFT JOIN case_chain_heads h ON h.case_id = c.id
           WHERE h.case_id IS NULL OR h.event_count <> c.event_count
              OR h.last_event_hash <> c.last_event_hash OR h.case_no <> c.case_no`,
        );
    const missing = (
      await this.db.query<{ id: number | string; caseNo: string }[]>(
        `SELECT h.case_id AS id, h.case_no AS caseNo FROM case_chain_heads h
           LEFT JOIN cases c ON c.id = h.case_id WHERE c.id IS NULL`,
      )
    ).map((r) => ({ id: Number(r.id), caseNo: r.caseNo }));
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

    let id: number;
    try {
      id = await this.db.transaction(async (m) => {
        const inserted = await m.query<{ insertId: number }>(
          `INSERT INTO case_chain_checkpoints
             (taken_at, day, case_count, event_count, root, prev_signature, signature,
              verified_cases, breaks)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
          [
            now,
            day,
            unsigned.caseCount,
            unsigned.eventCount,
            unsigned.root,
            unsigned.prevSignature,
            signature,
            changed.length + missing.length,
            breaks.length + problems.length,
          ],
        );
        const checkpointId = Number(inserted.insertId);
        for (let i = 0; i < changedHeads.length; i += 500) {
          const chunk = changedHeads.slice(i, i + 500);
          await m.query(
            `INSERT INTO case_chain_heads
               (case_id, case_no, event_count, last_event_hash, tag, checkpoint_id)
             VALUES ${chunk.map(() => '(?, ?, ?, ?, ?, ?)').join(', ')}
             ON DUPLICATE KEY UPDATE case_no = VALUES(case_no), event_count = VALUES(event_count),
               last_event_hash = VALUES(last_event_hash), tag = VALUES(tag),
               checkpoint_id = VALUES(checkpoint_id)`,
            chunk.flatMap((h) => [
              h.caseId,
              h.caseNo,
              h.eventCount,
              h.lastEventHash,
              this.chain.headTag(h),
              checkpointId,
            ]),
          );
        }
        return checkpointId;
      });
    } catch (e) {
      if (!isUniqueViolation(e, 'uq_case_chain_checkpoints_day')) throw e;
      const theirs = await this.checkpointOf(day);
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
    const all = await this.checkpoints('ORDER BY id');
    const problems: string[] = [];
    let prev = '';
    for (const c of all) {
      if (c.prevSignature !== prev) problems.push(`检查点 ${c.day} 之前的检查点缺失或被改写`);
      if (this.signatureOf(c) !== c.signature) problems.push(`检查点 ${c.day} 的签名不符`);
      prev = c.signature;
    }
    return problems;
  }

  private async last(): Promise<Checkpoint | null> {
    return (await this.checkpoints('ORDER BY id DESC LIMIT 1'))[0] ?? null;
  }

  private async checkpointOf(day: string): Promise<Checkpoint | null> {
    return (await this.checkpoints('WHERE day = ?', [day]))[0] ?? null;
  }

  private async checkpoints(tail: string, params: unknown[] = []): Promise<Checkpoint[]> {
    const rows = await this.db.query<Record<string, unknown>[]>(
      `SELECT id, DATE_FORMAT(day, '%Y-%m-%d') AS day, taken_at AS takenAt, case_count AS caseCount,
              event_count AS eventCount, root, prev_signature AS prevSignature, signature
         FROM case_chain_checkpoints ${tail}`,
      params,
    );
    return rows.map((r) => ({
      id: Number(r.id),
      day: String(r.day),
      takenAt: new Date(r.takenAt as Date),
      caseCount: Number(r.caseCount),
      eventCount: Number(r.eventCount),
      root: String(r.root),
      prevSignature: String(r.prevSignature),
      signature: String(r.signature),
    }));
  }

  /** Case rows' heads (id, number, count, last MAC), optionally joined and filtered. */
  private async caseHeads(
    tail: string,
  ): Promise<{ id: number; caseNo: string; eventCount: number; lastEventHash: string }[]> {
    const rows = await this.db.query<
      { id: number | string; caseNo: string; eventCount: number; lastEventHash: string }[]
    >(
      `SELECT c.id, c.case_no AS caseNo, c.event_count AS eventCount,
              c.last_event_hash AS lastEventHash
         FROM cases c ${tail} ORDER BY c.id`,
    );
    return rows.map((r) => ({ ...r, id: Number(r.id), eventCount: Number(r.eventCount) }));
  }

  private async heads(): Promise<(CheckpointHead & { tag: string })[]> {
    const rows = await this.db.query<(CheckpointHead & { tag: string })[]>(
      `SELECT case_id AS caseId, case_no AS caseNo, event_count AS eventCount,
              last_event_hash AS lastEventHash, tag FROM case_chain_heads`,
    );
    return rows.map((r) => ({ ...r, caseId: Number(r.caseId), eventCount: Number(r.eventCount) }));
  }
}
