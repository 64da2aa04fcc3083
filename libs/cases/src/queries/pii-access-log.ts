import { Injectable } from '@nestjs/common';
import { AppConfig } from '@app/core';
import { keysetPages, totalFor, type ListTotal, type TotalMode } from '@app/database';
import {
  PiiAccessLogsRepository,
  type AuditLogFilter,
  type RevealLogEntry,
} from './pii-access-logs.repository';

export type { AuditLogFilter, RevealLogEntry } from './pii-access-logs.repository';

/**
 * Reads the reveal log (`pii_access_logs`, written by CaseQueriesService.revealPetitioner and, for
 * an unmasking, CasesService.edit).
 */
@Injectable()
export class PiiAccessLog {
  constructor(
    private readonly config: AppConfig,
    private readonly log: PiiAccessLogsRepository,
  ) {}

  /** Newest first; `next` is the cursor of the following page. */
  async page(
    filter: AuditLogFilter,
    page: { limit: number; beforeId?: number; total?: TotalMode },
  ): Promise<{ entries: RevealLogEntry[]; next: number | null; total: ListTotal | null }> {
    const [rows, total] = await Promise.all([
      this.log.below(filter, page.beforeId ?? Number.MAX_SAFE_INTEGER, page.limit + 1),
      totalFor(page.total ?? 'none', this.config.lists.exactTotalLimit, (limit) =>
        this.log.total(filter, limit),
      ),
    ]);
    const entries = rows.slice(0, page.limit);
    const next = rows.length > page.limit ? entries[entries.length - 1].id : null;
    return { entries, next, total };
  }

  /** Every matching entry, newest first, a thousand at a time. */
  all(filter: AuditLogFilter) {
    return keysetPages((beforeId) => this.page(filter, { limit: 1000, beforeId }));
  }
}
