import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { isPetitionerWindow } from './petitioner-windows';

/** A clock as the reminder sweep claims it (raw columns). */
export interface ClaimedClock {
  id: number;
  case_id: number | null;
  hop_id: number | null;
  letter_id: number | null;
  kind: string;
  status: string;
  due_date: string;
  due_at: Date;
  next_stage: string | null;
}

/** A claimed clock's next reminder stage and when it fires (both null: none left). */
export interface StageMove {
  stage: string | null;
  at: Date | null;
}

const sql = (n: number) => Array.from({ length: n }, () => '?').join(', ');

/**
 * The reminder stages of `clocks` (raw SQL, DESIGN §4): the sweep's claim of the clocks whose
 * next stage is due and the moves to their next stage, inside the sweep's transaction; the
 * earliest stage still ahead; and stages derived afresh after a rule change.
 */
@Injectable()
export class ClockSweepRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  /**
   * Clocks whose next stage is due, through ix_clocks_next_stage, locked for this transaction;
   * `SKIP LOCKED`, so concurrent sweeps share the work.
   */
  claimDue(m: EntityManager, now: Date, limit: number): Promise<ClaimedClock[]> {
    return m.query<ClaimedClock[]>(
      `SELECT id, case_id, hop_id, letter_id, kind, status,
              DATE_FORMAT(due_date, '%Y-%m-%d') AS due_date, due_at, next_stage
         FROM clocks
        WHERE next_stage_at <= ?
        ORDER BY next_stage_at
        LIMIT ?
        FOR UPDATE SKIP LOCKED`,
      [now, limit],
    );
  }

  /**
   * Moves each claimed clock to its next stage (or none), in one statement. Clocks of a batch
   * share a few (stage, time) pairs (one per kind and due date), so the new values go by pair:
   * `CASE WHEN id IN (…)` is a sorted lookup per row, where `CASE id WHEN … WHEN …` over a
   * thousand ids would compare each row with every id.
   */
  async advanceStages(m: EntityManager, moves: Map<number, StageMove>): Promise<void> {
    const groups = new Map<string, StageMove & { ids: number[] }>();
    for (const [id, v] of moves) {
      const key = `${v.stage}|${v.at?.getTime() ?? ''}`;
      const g = groups.get(key);
      if (g) g.ids.push(id);
      else groups.set(key, { ...v, ids: [id] });
    }
    const all = [...groups.values()];
    const when = all.map((g) => `WHEN id IN (${sql(g.ids.length)}) THEN ?`).join(' ');
    await m.query(
      `UPDATE clocks
          SET next_stage = CASE ${when} END,
              next_stage_at = CASE ${when} END
        WHERE id IN (${sql(moves.size)})`,
      [
        ...all.flatMap((g) => [...g.ids, g.stage]),
        ...all.flatMap((g) => [...g.ids, g.at]),
        ...moves.keys(),
      ],
    );
  }

  /** When the next stage after `now` falls due, if any. */
  async nextStageAfter(now: Date): Promise<Date | null> {
    const [row] = await this.db.query<{ t: Date | null }[]>(
      'SELECT MIN(next_stage_at) AS t FROM clocks WHERE next_stage_at > ?',
      [now],
    );
    return row?.t ? new Date(row.t) : null;
  }

  /**
   * Up to `limit` running clocks of the kind whose stages are not already to derive get them
   * derived again by the next sweep; returns how many. A petitioner's window has no stages.
   */
  async rederiveKind(clockKind: string, now: Date, limit: number): Promise<number> {
    if (isPetitionerWindow(clockKind)) return 0;
    const res = await this.db.query<{ affectedRows: number }>(
      `UPDATE clocks SET next_stage = NULL, next_stage_at = ?
        WHERE kind = ? AND status = 'running' AND (next_stage IS NOT NULL OR next_stage_at IS NULL)
        LIMIT ?`,
      [now, clockKind, limit],
    );
    return res.affectedRows;
  }
}
