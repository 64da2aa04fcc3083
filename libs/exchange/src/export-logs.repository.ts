import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { countUpTo, type ListTotal } from '@app/database';
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

/** The `export_logs` table, raw SQL. */
@Injectable()
export class ExportLogsRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  /** An export begins: returns the entry's id. */
  async start(entry: {
    userId: number;
    role: string;
    what: string;
    reason: string;
    filters: string;
    fullPersonalData: boolean;
    startedAt: Date;
  }): Promise<number> {
    const res = await this.db.query<{ insertId: number | string }>(
      `INSERT INTO export_logs (user_id, role, what, reason, filters, full_personal_data,
                                row_count, started_at, finished_at)
       VALUES (?, ?, ?, ?, ?, ?, NULL, ?, NULL)`,
      [
        entry.userId,
        entry.role,
        entry.what,
        entry.reason,
        entry.filters,
        entry.fullPersonalData,
        entry.startedAt,
      ],
    );
    return Number(res.insertId);
  }

  async finish(id: number, rowCount: number, at: Date): Promise<void> {
    await this.db.query('UPDATE export_logs SET row_count = ?, finished_at = ? WHERE id = ?', [
      rowCount,
      at,
      id,
    ]);
  }

  /** Entries below id `beforeId`, newest first. */
  async list(
    filter: Omit<AuditLogFilter, 'caseId'>,
    beforeId: number,
    limit: number,
  ): Promise<ExportLogRecord[]> {
    const where: [string, unknown][] = [['id < ?', beforeId], ...exportsWhere(filter)];
    const rows = await this.db.query<Record<string, unknown>[]>(
      `SELECT id, user_id, role, what, reason, filters, full_personal_data, row_count,
              started_at, finished_at
         FROM export_logs
        WHERE ${where.map(([sql]) => sql).join(' AND ')}
        ORDER BY id DESC
        LIMIT ?`,
      [...where.map(([, value]) => value), limit],
    );
    return rows.map((r): ExportLogRecord => ({
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
  }

  /** The list's total: the same filter, counted up to `limit` entries (null: all). */
  total(filter: Omit<AuditLogFilter, 'caseId'>, limit: number | null): Promise<ListTotal> {
    const where = exportsWhere(filter);
    const conditions = where.length ? ` WHERE ${where.map(([sql]) => sql).join(' AND ')}` : '';
    return countUpTo(
      this.db,
      `SELECT id FROM export_logs${conditions}`,
      where.map(([, value]) => value),
      limit,
    );
  }
}

function exportsWhere(filter: Omit<AuditLogFilter, 'caseId'>): [string, unknown][] {
  const where: [string, unknown][] = [];
  if (filter.userId !== undefined) where.push(['user_id = ?', filter.userId]);
  if (filter.from) where.push(['started_at >= ?', filter.from]);
  if (filter.before) where.push(['started_at < ?', filter.before]);
  return where;
}
