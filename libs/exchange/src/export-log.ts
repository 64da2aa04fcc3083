import { Injectable } from '@nestjs/common';
import { keysetPages } from '@app/database';
import type { AuditLogFilter } from '@app/cases';
import { ExportLogsRepository, type ExportLogRecord } from './export-logs.repository';

export type { ExportLogRecord } from './export-logs.repository';

/** Reads the export log (`export_logs`, written by CaseExportService). */
@Injectable()
export class ExportLog {
  constructor(private readonly logs: ExportLogsRepository) {}

  /** Newest first; `next` is the cursor of the following page. The case filter does not apply. */
  async page(
    filter: Omit<AuditLogFilter, 'caseId'>,
    page: { limit: number; beforeId?: number },
  ): Promise<{ entries: ExportLogRecord[]; next: number | null }> {
    const rows = await this.logs.list(
      filter,
      page.beforeId ?? Number.MAX_SAFE_INTEGER,
      page.limit + 1,
    );
    const entries = rows.slice(0, page.limit);
    return { entries, next: rows.length > page.limit ? entries[entries.length - 1].id : null };
  }

  /** Every matching entry, newest first, a thousand at a time. */
  all(filter: Omit<AuditLogFilter, 'caseId'>) {
    return keysetPages((beforeId) => this.page(filter, { limit: 1000, beforeId }));
  }
}
