import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { countUpTo, type ListTotal } from '@app/database';
import type { PiiAccessKind } from '../support.entities';

/** Which log entries an audit list shows: by user, by case, from and before two instants. */
export interface AuditLogFilter {
  userId?: number;
  caseId?: number;
  /** At or after. */
  from?: Date;
  /** Before. */
  before?: Date;
}

/** One full view of a petitioner's personal data (or an unmasking): who, when, which case and person, why. */
export interface RevealLogEntry {
  id: number;
  kind: PiiAccessKind;
  at: Date;
  userId: number;
  caseId: number | null;
  caseNo: string | null;
  petitionerId: number;
  reason: string;
}

/** The reveal log, `pii_access_logs` (raw SQL). */
@Injectable()
export class PiiAccessLogsRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  /**
   * A view of a petitioner's personal data: in full (kind `reveal`), or the contact details a
   * unit delivers its answer with (kind `delivery`, inside the transaction that puts it on the
   * case's timeline).
   */
  async recordReveal(
    entry: {
      petitionerId: number;
      caseId: number;
      userId: number;
      reason: string;
      at: Date;
      kind?: Extract<PiiAccessKind, 'reveal' | 'delivery'>;
    },
    m: Pick<EntityManager, 'query'> = this.db,
  ): Promise<void> {
    await m.query(
      `INSERT INTO pii_access_logs (petitioner_id, case_id, user_id, reason, kind, at)
       VALUES (?, ?, ?, ?, ?, ?)`,
      [
        entry.petitionerId,
        entry.caseId,
        entry.userId,
        entry.reason,
        entry.kind ?? 'reveal',
        entry.at,
      ],
    );
  }

  /**
   * A supervisor lifted an accuser's secrecy on a case a unit has (kind `unmask`, a line per
   * person named on it), inside the edit's transaction.
   */
  async recordUnmasks(
    m: EntityManager,
    entries: { petitionerId: number; caseId: number; userId: number; reason: string; at: Date }[],
  ): Promise<void> {
    if (entries.length === 0) return;
    await m.query(
      `INSERT INTO pii_access_logs (petitioner_id, case_id, user_id, reason, kind, at)
       VALUES ${entries.map(() => "(?, ?, ?, ?, 'unmask', ?)").join(', ')}`,
      entries.flatMap((e) => [e.petitionerId, e.caseId, e.userId, e.reason, e.at]),
    );
  }

  /** Up to `limit` entries below id `beforeId`, newest first. */
  async below(filter: AuditLogFilter, beforeId: number, limit: number): Promise<RevealLogEntry[]> {
    const where: [string, unknown][] = [['l.id < ?', beforeId], ...revealsWhere(filter)];
    const rows = await this.db.query<Record<string, unknown>[]>(
      `SELECT l.id, l.kind, l.at, l.user_id, l.case_id, c.case_no, l.petitioner_id, l.reason
         FROM pii_access_logs l LEFT JOIN cases c ON c.id = l.case_id
        WHERE ${where.map(([sql]) => sql).join(' AND ')}
        ORDER BY l.id DESC
        LIMIT ?`,
      [...where.map(([, value]) => value), limit],
    );
    return rows.map((r): RevealLogEntry => ({
      id: Number(r.id),
      kind: r.kind as PiiAccessKind,
      at: r.at as Date,
      userId: Number(r.user_id),
      caseId: r.case_id === null ? null : Number(r.case_id),
      caseNo: (r.case_no as string | null) ?? null,
      petitionerId: Number(r.petitioner_id),
      reason: String(r.reason),
    }));
  }

  /** The list's total: the same filter, counted up to `limit` entries (null: all). */
  total(filter: AuditLogFilter, limit: number | null): Promise<ListTotal> {
    const where = revealsWhere(filter);
    const conditions = where.length ? ` WHERE ${where.map(([sql]) => sql).join(' AND ')}` : '';
    return countUpTo(
      this.db,
      `SELECT l.id FROM pii_access_logs l${conditions}`,
      where.map(([, value]) => value),
      limit,
    );
  }
}

function revealsWhere(filter: AuditLogFilter): [string, unknown][] {
  const where: [string, unknown][] = [];
  if (filter.userId !== undefined) where.push(['l.user_id = ?', filter.userId]);
  if (filter.caseId !== undefined) where.push(['l.case_id = ?', filter.caseId]);
  if (filter.from) where.push(['l.at >= ?', filter.from]);
  if (filter.before) where.push(['l.at < ?', filter.before]);
  return where;
}
