import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { isUniqueViolation } from '@app/database';

/** A case's head as the last checkpoint recorded it. */
export interface CheckpointHead {
  caseId: number;
  caseNo: string;
  eventCount: number;
  lastEventHash: string;
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

/** A case row's anchor of its chain: id, number, event count and the last event's MAC. */
export interface CaseRowHead {
  id: number;
  caseNo: string;
  eventCount: number;
  lastEventHash: string;
}

const APPEND_ONLY_TRIGGERS = [
  `CREATE TRIGGER case_events_no_update BEFORE UPDATE ON case_events FOR EACH ROW
     SIGNAL SQLSTATE '45000' SET MESSAGE_TEXT = 'case_events is append-only'`,
  `CREATE TRIGGER case_events_no_delete BEFORE DELETE ON case_events FOR EACH ROW
     SIGNAL SQLSTATE '45000' SET MESSAGE_TEXT = 'case_events is append-only'`,
];

/**
 * The event chain's anchors (raw SQL): the case rows' heads, the signed daily checkpoints
 * (`case_chain_checkpoints`) and the heads they recorded (`case_chain_heads`), and the one rewrite
 * of `case_events` the reseal after the keyed-chain upgrade makes.
 */
@Injectable()
export class CaseChainRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  /** The case row's number and head MAC, or null when there is no such case. */
  async caseAnchor(
    caseId: number,
  ): Promise<{ id: number; caseNo: string; headMac: string } | null> {
    const [c] = await this.db.query<{ id: number | string; caseNo: string; headMac: string }[]>(
      'SELECT id, case_no AS caseNo, head_mac AS headMac FROM cases WHERE id = ?',
      [caseId],
    );
    return c ? { ...c, id: Number(c.id) } : null;
  }

  async eventCount(caseId: number): Promise<number> {
    const [{ n }] = await this.db.query<{ n: number | string }[]>(
      'SELECT COUNT(*) AS n FROM case_events WHERE case_id = ?',
      [caseId],
    );
    return Number(n);
  }

  /** The head the checkpoints recorded for the case, with its tag (not checked here). */
  async checkpointHead(caseId: number): Promise<(CheckpointHead & { tag: string }) | null> {
    const [row] = await this.db.query<(CheckpointHead & { tag: string })[]>(
      `SELECT case_id AS caseId, case_no AS caseNo, event_count AS eventCount,
              last_event_hash AS lastEventHash, tag
         FROM case_chain_heads WHERE case_id = ?`,
      [caseId],
    );
    return row ? { ...row, caseId: Number(row.caseId), eventCount: Number(row.eventCount) } : null;
  }

  /** Every recorded head, with its tag. */
  async checkpointHeads(): Promise<(CheckpointHead & { tag: string })[]> {
    const rows = await this.db.query<(CheckpointHead & { tag: string })[]>(
      `SELECT case_id AS caseId, case_no AS caseNo, event_count AS eventCount,
              last_event_hash AS lastEventHash, tag FROM case_chain_heads`,
    );
    return rows.map((r) => ({ ...r, caseId: Number(r.caseId), eventCount: Number(r.eventCount) }));
  }

  /** Every case the database or the checkpoints know, by id. */
  async knownCases(): Promise<{ id: number; caseNo: string }[]> {
    const ids = await this.db.query<{ id: number | string; caseNo: string }[]>(
      `SELECT id, case_no AS caseNo FROM cases
       UNION SELECT case_id, case_no FROM case_chain_heads
       ORDER BY id`,
    );
    return ids.map((r) => ({ id: Number(r.id), caseNo: r.caseNo }));
  }

  /** Cases the checkpoints recorded that the database no longer has. */
  async casesGone(): Promise<{ id: number; caseNo: string }[]> {
    const rows = await this.db.query<{ id: number | string; caseNo: string }[]>(
      `SELECT h.case_id AS id, h.case_no AS caseNo FROM case_chain_heads h
         LEFT JOIN cases c ON c.id = h.case_id WHERE c.id IS NULL`,
    );
    return rows.map((r) => ({ id: Number(r.id), caseNo: r.caseNo }));
  }

  /** Every case row's head, by id. */
  allCaseHeads(): Promise<CaseRowHead[]> {
    return this.caseHeads('');
  }

  /** The case rows whose head differs from the recorded one (or that none recorded), by id. */
  changedCaseHeads(): Promise<CaseRowHead[]> {
    return this.caseHeads(
      `LEFT JOIN case_chain_heads h ON h.case_id = c.id
       WHERE h.case_id IS NULL OR h.event_count <> c.event_count
          OR h.last_event_hash <> c.last_event_hash OR h.case_no <> c.case_no`,
    );
  }

  private async caseHeads(tail: string): Promise<CaseRowHead[]> {
    const rows = await this.db.query<
      { id: number | string; caseNo: string; eventCount: number; lastEventHash: string }[]
    >(
      `SELECT c.id, c.case_no AS caseNo, c.event_count AS eventCount,
              c.last_event_hash AS lastEventHash
         FROM cases c ${tail} ORDER BY c.id`,
    );
    return rows.map((r) => ({ ...r, id: Number(r.id), eventCount: Number(r.eventCount) }));
  }

  /** Every checkpoint, oldest first. */
  allCheckpoints(): Promise<Checkpoint[]> {
    return this.checkpoints('ORDER BY id');
  }

  async lastCheckpoint(): Promise<Checkpoint | null> {
    return (await this.checkpoints('ORDER BY id DESC LIMIT 1'))[0] ?? null;
  }

  async checkpointOf(day: string): Promise<Checkpoint | null> {
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

  /**
   * Writes the day's checkpoint and the heads it changed, in one transaction: its id, or null
   * when the day already has one (another run wrote it first).
   */
  async insertCheckpoint(
    c: Omit<Checkpoint, 'id'> & { verifiedCases: number; breaks: number },
    heads: (CheckpointHead & { tag: string })[],
  ): Promise<number | null> {
    try {
      return await this.db.transaction(async (m) => {
        const inserted = await m.query<{ insertId: number }>(
          `INSERT INTO case_chain_checkpoints
             (taken_at, day, case_count, event_count, root, prev_signature, signature,
              verified_cases, breaks)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
          [
            c.takenAt,
            c.day,
            c.caseCount,
            c.eventCount,
            c.root,
            c.prevSignature,
            c.signature,
            c.verifiedCases,
            c.breaks,
          ],
        );
        const checkpointId = Number(inserted.insertId);
        for (let i = 0; i < heads.length; i += 500) {
          const chunk = heads.slice(i, i + 500);
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
              h.tag,
              checkpointId,
            ]),
          );
        }
        return checkpointId;
      });
    } catch (e) {
      if (isUniqueViolation(e, 'uq_case_chain_checkpoints_day')) return null;
      throw e;
    }
  }

  /** Cases written before the keyed chain (no head MAC yet), by id. */
  async unsealedCases(): Promise<CaseRowHead[]> {
    const rows = await this.db.query<
      { id: number | string; caseNo: string; eventCount: number; lastEventHash: string }[]
    >(
      `SELECT id, case_no AS caseNo, event_count AS eventCount, last_event_hash AS lastEventHash
         FROM cases WHERE head_mac = '' ORDER BY id`,
    );
    return rows.map((r) => ({ ...r, id: Number(r.id), eventCount: Number(r.eventCount) }));
  }

  /** Lifts `case_events`' append-only triggers (needs the TRIGGER privilege). */
  async dropAppendOnlyTriggers(): Promise<void> {
    await this.db.query('DROP TRIGGER IF EXISTS case_events_no_update');
    await this.db.query('DROP TRIGGER IF EXISTS case_events_no_delete');
  }

  /** Puts `case_events`' append-only triggers back, whether or not they were lifted. */
  async restoreAppendOnlyTriggers(): Promise<void> {
    await this.dropAppendOnlyTriggers();
    for (const sql of APPEND_ONLY_TRIGGERS) await this.db.query(sql);
  }

  /** Rewrites a case's links and its row's anchor in one transaction (triggers lifted). */
  async rewriteChain(
    caseId: number,
    events: { seq: number; prevHash: string; hash: string }[],
    head: { lastEventHash: string; headMac: string },
  ): Promise<void> {
    await this.db.transaction(async (m) => {
      for (const e of events) {
        await m.query(
          'UPDATE case_events SET prev_hash = ?, hash = ? WHERE case_id = ? AND seq = ?',
          [e.prevHash, e.hash, caseId, e.seq],
        );
      }
      await m.query('UPDATE cases SET last_event_hash = ?, head_mac = ? WHERE id = ?', [
        head.lastEventHash,
        head.headMac,
        caseId,
      ]);
    });
  }
}
