import type { Readable } from 'node:stream';
import { Injectable, Logger } from '@nestjs/common';
import {
  CaseBatchWriter,
  CategoriesService,
  registrationProblems,
  type BatchCaseInput,
} from '@app/cases';
import { Clock } from '@app/core';
import { isUniqueViolation } from '@app/database';
import { ImportFileUnreadable } from './exchange.errors';
import { ImportsService } from './imports.service';
import { RowCheckTally } from './row-check-tally';
import type { ImportJobEntity } from './import-job.entity';
import {
  HEADER_OF,
  mapHeader,
  parseSheetRow,
  type HeaderMap,
  type ParsedRow,
  type SheetContext,
} from './sheet-columns';
import { readSheet, type SheetRow } from './sheet-reader';

/** Valid rows written per transaction. */
export const IMPORT_BATCH_SIZE = 500;
const PROGRESS_EVERY = 2000;

/** Registration's field names as the spreadsheet's column headers (for the error report). */
const FIELD_HEADERS: Record<string, string> = {
  registeredAt: HEADER_OF.registeredAt,
  petitioners: HEADER_OF.names,
  personCount: HEADER_OF.personCount,
  sourceLevel: HEADER_OF.sourceLevel,
  externalRef: HEADER_OF.externalRef,
  categoryCode: HEADER_OF.category,
  provincialDueDate: HEADER_OF.dueDate,
};

/**
 * Imports a spreadsheet of handed-down cases in two streamed passes: first every row is checked
 * (all problems of every row recorded for the report, duplicates within the file caught), then the
 * valid rows are registered in batches, each batch one transaction. A provincial number already in
 * the system is skipped, so importing the same file again creates nothing new.
 */
@Injectable()
export class CaseSheetImporter {
  private readonly logger = new Logger(CaseSheetImporter.name);

  constructor(
    private readonly imports: ImportsService,
    private readonly writer: CaseBatchWriter,
    private readonly categories: CategoriesService,
    private readonly clock: Clock,
  ) {}

  async run(job: ImportJobEntity): Promise<void> {
    const ctx = await this.context();
    const bad = await this.validate(job, ctx);
    await this.write(job, ctx, bad);
  }

  private async context(): Promise<SheetContext> {
    const all = await this.categories.list();
    const leaves = all.filter((c) => c.level === 3);
    const byName = new Map<string, string | null>();
    for (const c of leaves) byName.set(c.name, byName.has(c.name) ? null : c.code);
    return {
      now: this.clock.now(),
      leafCodes: new Set(leaves.map((c) => c.code)),
      leafByName: new Map([...byName].filter((e): e is [string, string] => e[1] !== null)),
    };
  }

  /** Pass 1: returns the row numbers that will not be imported. */
  private async validate(job: ImportJobEntity, ctx: SheetContext): Promise<Set<number>> {
    const tally = new RowCheckTally(this.imports, job.id, PROGRESS_EVERY);
    const seen = new Map<string, number>();
    for await (const { rowNo, parsed } of this.rows(job, ctx)) {
      const problems = this.problemsOf(parsed, ctx);
      const ref = parsed.ok ? parsed.input.externalRef : parsed.externalRef;
      if (ref) {
        const earlier = seen.get(ref);
        if (earlier !== undefined) {
          problems.push({
            field: HEADER_OF.externalRef,
            code: 'DUPLICATE_IN_FILE',
            message: `省信访件编号与第 ${earlier} 行重复`,
          });
        } else seen.set(ref, rowNo);
      }
      await tally.row(rowNo, ref ?? null, problems);
    }
    return (await tally.finish()).bad;
  }

  private problemsOf(parsed: ParsedRow, ctx: SheetContext) {
    if (!parsed.ok) return [...parsed.problems];
    return registrationProblems(parsed.input, ctx.now).map((p) => ({
      ...p,
      field: FIELD_HEADERS[p.field] ?? p.field,
    }));
  }

  /** Pass 2: the valid rows, in batches. */
  private async write(job: ImportJobEntity, ctx: SheetContext, bad: Set<number>): Promise<void> {
    let batch: BatchCaseInput[] = [];
    let processed = 0;
    let created = 0;
    let existing = 0;
    const flush = async () => {
      if (batch.length === 0) return;
      const outcome = await this.registerBatch(batch, job);
      created += outcome.created;
      existing += outcome.existing;
      processed += batch.length;
      batch = [];
      await this.imports.progress(job.id, {
        processedRows: processed,
        createdRows: created,
        existingRows: existing,
      });
    };
    for await (const { rowNo, parsed } of this.rows(job, ctx)) {
      if (bad.has(rowNo) || !parsed.ok) continue;
      batch.push(parsed.input);
      if (batch.length >= IMPORT_BATCH_SIZE) await flush();
    }
    await flush();
  }

  private async registerBatch(batch: BatchCaseInput[], job: ImportJobEntity) {
    for (let attempt = 0; ; attempt++) {
      try {
        const outcome = await this.writer.register(batch, job.createdBy, { importId: job.id });
        return { created: outcome.created.size, existing: outcome.existing.length };
      } catch (e) {
        // Someone registered one of these provincial numbers meanwhile (another import, by hand):
        // the batch rolled back whole; the retry sees that number as existing.
        if (attempt < 3 && isUniqueViolation(e, 'uq_cases_external_ref')) continue;
        throw e;
      }
    }
  }

  private async *rows(
    job: ImportJobEntity,
    ctx: SheetContext,
  ): AsyncGenerator<{ rowNo: number; parsed: ParsedRow }> {
    const stream = await this.imports.open(job);
    let header: HeaderMap | null = null;
    try {
      for await (const row of this.sheetRows(stream, job)) {
        if (!header) {
          header = mapHeader(row.cells);
          if (header.missing.length > 0) {
            throw this.imports.unreadable(`表头缺少必填列：${header.missing.join('、')}`);
          }
          continue;
        }
        yield { rowNo: row.rowNo, parsed: parseSheetRow(row.cells, header, ctx) };
      }
      if (!header) throw this.imports.unreadable('文件中没有表头和数据');
    } finally {
      stream.destroy();
    }
  }

  private async *sheetRows(stream: Readable, job: ImportJobEntity): AsyncGenerator<SheetRow> {
    try {
      yield* readSheet(stream, job.format === 'csv' ? 'csv' : 'xlsx');
    } catch (e) {
      const code = (e as { code?: string }).code;
      // Storage trouble (ENOENT, EIO…) may pass; anything the parsers throw is the file's fault.
      if (e instanceof ImportFileUnreadable || (code && /^E[A-Z]+$/.test(code))) throw e;
      this.logger.warn({ importId: job.id, err: (e as Error).message }, 'import file unreadable');
      throw this.imports.unreadable(
        `文件无法读取（${job.format === 'csv' ? 'CSV 格式错误' : '不是有效的 .xlsx 工作簿'}）`,
      );
    }
  }
}
