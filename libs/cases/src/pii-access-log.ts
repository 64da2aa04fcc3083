import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { keysetPages } from '@app/database';
import type { PiiAccessKind } from './support.entities';

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

/**
 * Reads the reveal log (`pii_access_logs`, written by CaseQueriesService.revealPetitioner and, for
 * an unmasking, CasesService.edit).
 */
@Injectable()
export class PiiAccessLog {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  /** Newest first; `next` is the cursor of the following page. */
  async page(
    filter: AuditLogFilter,
    page: { limit: number; beforeId?: number },
  ): Promise<{ entries: RevealLogEntry[]; next: number | null }> {
    const where: [string, unknown][] = [['l.id < ?', page.beforeId ?? Number.MAX_SAFE_INTEGER]];
    if (filter.userId !== undefined) where.push(['l.user_id = ?', filter.userId]);
    if (filter.caseId !== undefined) where.push(['l.case_id = ?', filter.caseId]);
    if (filter.from) where.push(['l.at >= ?', filter.from]);
    if (filter.before) where.push(['l.at < ?', filter.before]);
    const rows = await this.db.query<Record<string, unknown>[]>(
      `SELECT l.id, l.kind, l.at, l.user_id, l.case_id, c.case_no, l.petitioner_id, l.reason
         FROM pii_access_logs l LEFT JOIN cases c ON c.id = l.case_id
        WHERE ${where.map(([sql]) => sql).join(' AND ')}
        ORDER BY l.id DESC
        LIMIT ?`,
      [...where.map(([, value]) => value), page.limit + 1],
    );
    const entries = rows.slice(0, page.limit).map((r): RevealLogEntry => ({
      id: Number(r.id),
      kind: r.kind as PiiAccessKind,
      at: r.at as Date,
      userId: Number(r.user_id),
      caseId: r.case_id === null ? null : Number(r.case_id),
      caseNo: (r.case_no as string | null) ?? null,
      petitionerId: Number(r.petitioner_id),
      reason: String(r.reason),
    }));
    return { entries, next: rows.length > page.limit ? entries[entries.length - 1].id : null };
  }

  /** Every matching entry, newest first, a thousand at a time. */
  all(filter: AuditLogFilter) {
    return keysetPages((beforeId) => this.page(filter, { limit: 1000, beforeId }));
  }
}
