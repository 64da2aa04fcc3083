import { createHash, randomUUID } from 'node:crypto';
import { PassThrough, Readable, Transform } from 'node:stream';
import { Injectable, Logger } from '@nestjs/common';
import ExcelJS from 'exceljs';
import type { AuthUser } from '@app/auth';
import { FileStorage, inspectOfficeFile, UploadInspectionFailed } from '@app/cases';
import { AppConfig, Clock, maskPersonalValues } from '@app/core';
import { totalFor, type TotalMode } from '@app/database';
import {
  ImportFileUnreadable,
  importFileEmpty,
  importFileRefused,
  importFileTooLarge,
  importFileUnpackedTooLarge,
  importNotFound,
} from './exchange.errors';
import {
  ImportJobEntity,
  ImportRowErrorEntity,
  type ImportFormat,
  type ImportKind,
} from './import-job.entity';
import { ImportJobsRepository } from './import-jobs.repository';
import { ImportRowErrorsRepository } from './import-row-errors.repository';

/** A problem found in one row, waiting to be written with others. */
export interface PendingRowError {
  rowNo: number;
  sourceKey: string | null;
  field: string;
  code: string;
  message: string;
}

const FORMATS: Record<ImportKind, Record<string, ImportFormat>> = {
  cases: { xlsx: 'xlsx', csv: 'csv' },
  history: { jsonl: 'jsonl', ndjson: 'jsonl' },
};

const REPORT_HEADERS = ['行号', '编号', '列名/字段', '错误代码', '错误说明'];

/** Import jobs: accepting an upload, progress, the row-error report. The worker runs them. */
@Injectable()
export class ImportsService {
  private readonly logger = new Logger(ImportsService.name);

  constructor(
    private readonly jobs: ImportJobsRepository,
    private readonly rowErrors: ImportRowErrorsRepository,
    private readonly clock: Clock,
    private readonly storage: FileStorage,
    private readonly config: AppConfig,
  ) {}

  /**
   * Streams the upload to storage (hashing it on the way) and records a queued job. The caller
   * enqueues it. A file over `maxBytes` or of the wrong kind is refused and its bytes removed.
   */
  async accept(
    kind: ImportKind,
    file: { filename: string; stream: Readable; truncated: () => boolean },
    maxBytes: number,
    actor: AuthUser,
  ): Promise<ImportJobEntity> {
    const ext = /\.([a-z]+)$/i.exec(file.filename)?.[1]?.toLowerCase() ?? '';
    const format = FORMATS[kind][ext];
    if (!format) {
      file.stream.resume();
      throw importFileRefused(
        kind === 'cases'
          ? '请上传 .xlsx 或 .csv 格式的电子表格'
          : '请上传 .jsonl（JSON Lines）格式的历史数据文件',
      );
    }
    const key = `imports/${randomUUID()}.${format}`;
    const hash = createHash('sha256');
    let size = 0;
    let head = Buffer.alloc(0);
    const meter = new Transform({
      transform(chunk: Buffer, _enc, done) {
        hash.update(chunk);
        size += chunk.length;
        if (head.length < 8) head = Buffer.concat([head, chunk]).subarray(0, 8);
        done(null, chunk);
      },
    });
    try {
      await this.storage.putStream(key, file.stream.pipe(meter));
    } catch (e) {
      await this.storage.remove(key);
      if ((e as { code?: string }).code === 'FST_REQ_FILE_TOO_LARGE')
        throw importFileTooLarge(maxBytes);
      throw e;
    }
    const refuse = async (error: Error) => {
      await this.storage.remove(key);
      throw error;
    };
    if (file.truncated()) return refuse(importFileTooLarge(maxBytes));
    if (size === 0) return refuse(importFileEmpty());
    const isZip = head.subarray(0, 4).equals(Buffer.from([0x50, 0x4b, 0x03, 0x04]));
    if (format === 'xlsx' && !isZip)
      return refuse(importFileRefused('文件不是有效的 .xlsx 工作簿'));
    if (format !== 'xlsx' && isZip)
      return refuse(importFileRefused('文件内容是压缩包或工作簿，与扩展名不符'));
    if (format === 'xlsx') {
      // Looked inside before it is queued: the worker's spreadsheet reader trusts the package.
      try {
        await inspectOfficeFile(
          { size, read: (start, end) => this.storage.readRange(key, start, end) },
          'xlsx',
        );
      } catch (e) {
        if (!(e instanceof UploadInspectionFailed)) throw e;
        return refuse(
          e.reason === 'too_large'
            ? importFileUnpackedTooLarge(e.message)
            : importFileRefused(e.message),
        );
      }
    }

    const now = this.clock.now();
    const row: Partial<ImportJobEntity> = {
      kind,
      format,
      filename: file.filename.slice(0, 255),
      sizeBytes: size,
      sha256: hash.digest('hex'),
      storageKey: key,
      status: 'queued',
      phase: null,
      createdBy: actor.id,
      createdAt: now,
      updatedAt: now,
    };
    return this.get(await this.jobs.insert(row));
  }

  /** The most recent imports, newest first (keyset on id). */
  async list(page: { limit: number; after?: number; kind?: ImportKind; total?: TotalMode }) {
    const [rows, total] = await Promise.all([
      this.jobs.list(page, page.limit + 1),
      totalFor(page.total ?? 'none', this.config.lists.exactTotalLimit, (limit) =>
        this.jobs.total(page, limit),
      ),
    ]);
    const items = rows.slice(0, page.limit);
    return { items, next: rows.length > page.limit ? items[items.length - 1].id : null, total };
  }

  async get(id: number): Promise<ImportJobEntity> {
    const job = await this.jobs.findById(id);
    if (!job) throw importNotFound(id);
    return job;
  }

  /** The latest import of `kind` that finished with this very file (same SHA-256), if any. */
  latestDoneWithFile(kind: ImportKind, sha256: string): Promise<ImportJobEntity | null> {
    return this.jobs.latestDoneWithFile(kind, sha256);
  }

  /** The row errors, in row order, as a .csv (UTF-8 with BOM, for Excel) or .xlsx stream. */
  async errorReport(id: number, format: 'csv' | 'xlsx'): Promise<Readable> {
    const job = await this.get(id);
    const rows = this.errorRows(job.id);
    if (format === 'csv') {
      return Readable.from(
        (async function* () {
          yield '\uFEFF' + csvLine(REPORT_HEADERS);
          for await (const e of rows)
            yield csvLine([String(e.rowNo), e.sourceKey ?? '', e.field, e.code, e.message]);
        })(),
      );
    }
    const out = new PassThrough();
    const book = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useSharedStrings: false });
    const sheet = book.addWorksheet('错误报告');
    sheet.columns = [
      { header: REPORT_HEADERS[0], width: 8 },
      { header: REPORT_HEADERS[1], width: 24 },
      { header: REPORT_HEADERS[2], width: 14 },
      { header: REPORT_HEADERS[3], width: 24 },
      { header: REPORT_HEADERS[4], width: 60 },
    ];
    void (async () => {
      try {
        for await (const e of rows)
          sheet.addRow([e.rowNo, e.sourceKey ?? '', e.field, e.code, e.message]).commit();
        sheet.commit();
        await book.commit();
      } catch (err) {
        this.logger.error({ err, importId: id }, 'error report failed');
        out.destroy(err as Error);
      }
    })();
    return out;
  }

  private async *errorRows(importId: number): AsyncGenerator<ImportRowErrorEntity> {
    let after = 0;
    for (;;) {
      const page = await this.rowErrors.page(importId, after, 1000);
      if (page.length === 0) return;
      yield* page;
      after = Number(page[page.length - 1].id);
    }
  }

  // ------------------------------------------------------------------ used by the runners

  /** Marks the job running (a new attempt): the previous attempt's row errors are forgotten. */
  async start(id: number): Promise<ImportJobEntity | null> {
    const job = await this.get(id);
    if (job.status === 'done' || job.status === 'failed') return null;
    const now = this.clock.now();
    await this.rowErrors.deleteAll(id);
    await this.jobs.update(id, {
      status: 'running',
      phase: 'validating',
      totalRows: 0,
      validRows: 0,
      errorRows: 0,
      processedRows: 0,
      createdRows: 0,
      existingRows: 0,
      failure: null,
      attempts: job.attempts + 1,
      startedAt: now,
      updatedAt: now,
    });
    return { ...job, status: 'running', attempts: job.attempts + 1 };
  }

  async progress(id: number, set: Partial<ImportJobEntity>): Promise<void> {
    await this.jobs.update(id, { ...set, updatedAt: this.clock.now() });
  }

  async addErrors(importId: number, errors: PendingRowError[]): Promise<void> {
    for (let i = 0; i < errors.length; i += 1000) {
      await this.rowErrors.insert(
        errors.slice(i, i + 1000).map((e) => ({
          importId,
          rowNo: e.rowNo,
          // The report echoes cells of the file: an ID number or phone in them is kept masked.
          sourceKey: e.sourceKey ? maskPersonalValues(e.sourceKey).slice(0, 100) : null,
          field: e.field.slice(0, 40),
          code: e.code.slice(0, 40),
          message: maskPersonalValues(e.message).slice(0, 500),
        })),
      );
    }
  }

  async finish(id: number): Promise<void> {
    const now = this.clock.now();
    await this.progress(id, { status: 'done', phase: null, finishedAt: now });
  }

  /** A file that cannot be imported at all, or the last attempt failed: the job ends failed. */
  async fail(id: number, message: string): Promise<void> {
    await this.progress(id, {
      status: 'failed',
      phase: null,
      failure: message.slice(0, 500),
      finishedAt: this.clock.now(),
    });
  }

  /**
   * Removes the uploaded file of a job that has ended (done or failed): it holds ID numbers and
   * phones in clear, and only the (masked) row errors are kept. Removing twice is harmless.
   */
  async discardFile(id: number): Promise<void> {
    const job = await this.get(id);
    await this.storage.remove(job.storageKey);
  }

  open(job: ImportJobEntity): Promise<Readable> {
    return this.storage.open(job.storageKey);
  }

  unreadable(message: string): ImportFileUnreadable {
    return new ImportFileUnreadable(message);
  }
}

/**
 * One CSV line (RFC 4180 quoting). A cell that Excel would take for a formula (= + - @ first) is
 * prefixed with an apostrophe: the report echoes values from the uploaded file.
 */
export function csvLine(cells: string[]): string {
  return (
    cells
      .map((c) => (/^[=+\-@\t\r]/.test(c) && !/^-?\d+(\.\d+)?$/.test(c) ? `'${c}` : c))
      .map((c) => (/[",\r\n]/.test(c) ? `"${c.replace(/"/g, '""')}"` : c))
      .join(',') + '\r\n'
  );
}
