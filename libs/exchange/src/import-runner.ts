import { Injectable, Logger } from '@nestjs/common';
import { CaseSheetImporter } from './case-sheet-importer';
import { HistoryImporter } from './history/history-importer';
import { ImportFileUnreadable } from './exchange.errors';
import { ImportsService } from './imports.service';

export type ImportRunResult = 'done' | 'failed' | 'skipped';

/**
 * Runs one import job (the worker's entry point). Safe to run twice: a finished job is skipped, a
 * retried one starts over, and rows an earlier attempt wrote are found as existing, not doubled.
 */
@Injectable()
export class ImportRunner {
  private readonly logger = new Logger(ImportRunner.name);

  constructor(
    private readonly imports: ImportsService,
    private readonly sheets: CaseSheetImporter,
    private readonly history: HistoryImporter,
  ) {}

  async run(importId: number): Promise<ImportRunResult> {
    const job = await this.imports.start(importId);
    if (!job) {
      // Ended earlier; a removal that failed then is done now.
      await this.imports.discardFile(importId);
      return 'skipped';
    }
    try {
      if (job.kind === 'cases') await this.sheets.run(job);
      else await this.history.run(job);
      // The file goes before the job says so: a job anyone reads as done holds no file.
      await this.imports.discardFile(importId);
      await this.imports.finish(importId);
      this.logger.log({ importId }, 'import done');
      return 'done';
    } catch (e) {
      if (e instanceof ImportFileUnreadable) {
        await this.imports.discardFile(importId);
        await this.imports.fail(importId, e.userMessage);
        return 'failed';
      }
      await this.imports.progress(importId, {
        status: 'queued',
        failure: '导入中断，将自动重试',
      });
      throw e;
    }
  }

  /** After the last retry: the job is failed for good. */
  async giveUp(importId: number): Promise<void> {
    await this.imports.discardFile(importId);
    await this.imports.fail(importId, '导入失败（多次重试未成功），请联系管理员');
  }
}
