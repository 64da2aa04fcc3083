import { Injectable } from '@nestjs/common';
import { AppConfig } from '@app/core';
import { keysetPages, totalFor, type ListTotal, type TotalMode } from '@app/database';
import type { AuditLogFilter } from '@app/cases';
import { ExportLogsRepository, type ExportLogRecord } from './export-logs.repository';

export type { ExportLogRecord } from './export-logs.repository';

/** Reads the export log (`export_logs`, written by CaseExportService). */
@Injectable()
export class ExportLog {
  constructor(
    private readonly config: AppConfig,
    private readonly logs: ExportLogsRepository,
  ) {}

  /** Newest first; `next` is the cursor of the following page. The case filter does not apply. */
  async page(
    filter: Omit<AuditLogFilter, 'caseId'>,
    page: { limit: number; beforeId?: number; total?: TotalMode },
  ): Promise<{ entries: ExportLogRecord[]; next: number | null; total: ListTotal | null }> {
    const [rows, total] = await Promise.all([
      this.logs.list(filter, page.beforeId ?? Number.MAX_SAFE_INTEGER, page.limit + 1),
      totalFor(page.total ?? 'none', this.config.lists.exactTotalLimit, (limit) =>
        this.logs.total(filter, limit),
      ),
    ]);
    const entries = rows.slice(0, page.limit);
    const next = rows.length > page.limit ? entries[entries.length - 1].id : null;
    return { entries, next, total };
  }

  /** Every matching entry, newest first, a thousand at a time. */
  all(filter: Omit<AuditLogFilter, 'caseId'>) {
    return keysetPages((beforeId) => this.page(filter, { limit: 1000, beforeId }));
  }
}
