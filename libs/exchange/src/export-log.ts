import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { keysetPages } from '@app/database';
import type { AuditLogFilter } from '@app/cases';

/** One export: who (and in which role), when, what with which filters, how many rows, why. */
export interface ExportLogRecord {
  id: number;
  userId: number;
  role: string;
  what: string;
  reason: string;
  filters: Record<string, unknown>;
  fullPersonalData: boolean;
  rowCount: number | null;
  startedAt: Date;
  finishedAt: Date | null;
}

/** Reads the export log (`export_logs`, written by CaseExportService). */
@Injectable()
export class ExportLog {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  /** Newest first; `next` is the cursor of the following page. The case filter does not apply. */
  async page(
    filter: Omit<AuditLogFilter, 'caseId'>,
    page: { limit: number; beforeId?: number },
  ): Promise<{ entries: ExportLogRecord[]; next: number | null }> {
    const where: [string, unknown][] = [['id < ?', page.beforeId ?? Number.MAX_SAFE_INTEGER]];
    if (filter.userId !== undefined) where.push(['user_id = ?', filter.userId]);
    if (filter.from) where.push(['started_at >= ?', filter.from]);
    if (filter.before) where.push(['started_at < ?', filter.before]);
    const rows = await this.db.query<Record<string, unknown>[]>(
      `SELECT id, user_id, role, what, reason, filters, full_personal_data, row_count,
              started_at, finished_at
         FROM export_logs
        WHERE ${where.map(([sql]) => sql).join(' AND ')}
        ORDER BY id DESC
        LIMIT ?`,
      [...where.map(([, value]) => value), page.limit + 1],
    );
    const entries = rows.slice(0, page.limit).map((r): ExportLogRecord => ({
      id: Number(r.id),
      userId: Number(r.user_id),
      role: String(r.role),
      what: String(r.what),
      reason: String(r.reason),
      filters: JSON.parse(String(r.filters)) as Record<string, unknown>,
      fullPersonalData: Boolean(r.full_personal_data),
      rowCount: r.row_count === null ? null : Number(r.row_count),
      startedAt: r.started_at as Date,
      finishedAt: (r.finished_at as Date | null) ?? null,
    }));
    return { entries, next: rows.length > page.limit ? entries[entries.length - 1].id : null };
  }

  /** Every matching entry, newest first, a thousand at a time. */
  all(filter: Omit<AuditLogFilter, 'caseId'>) {
    return keysetPages((beforeId) => this.page(filter, { limit: 1000, beforeId }));
  }
}
