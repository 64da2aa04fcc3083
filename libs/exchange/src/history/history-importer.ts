import { once } from 'node:events';
import { createInterface } from 'node:readline';
import { Injectable } from '@nestjs/common';
import { CalendarService } from '@app/calendar';
import { CategoriesService } from '@app/cases';
import { Clock } from '@app/core';
import type { ImportJobEntity } from '../import-job.entity';
import { ImportsService } from '../imports.service';
import { RowCheckTally } from '../row-check-tally';
import { HistoryChecker, nothingSeen } from './history-checks';
import { HistoryImportRepository } from './history-import.repository';
import type { ImportContext } from './history-inputs';
import { parseHistoryLine } from './history-records';
import { HistoryRecordWriter, PROGRESS_EVERY } from './history-writes';

/**
 * Imports a bureau's earlier years from JSON Lines (docs/import-format.md): cases with their past
 * events, supervision letters with replies, key matters with their resolution, persuasion
 * missions. Pass 1 checks every line (shape, then HistoryChecker); pass 2 (HistoryRecordWriter)
 * writes each valid record, so a second import of the same file creates nothing new.
 */
@Injectable()
export class HistoryImporter {
  constructor(
    private readonly imports: ImportsService,
    private readonly keys: HistoryImportRepository,
    private readonly checker: HistoryChecker,
    private readonly writer: HistoryRecordWriter,
    private readonly calendar: CalendarService,
    private readonly categories: CategoriesService,
    private readonly clock: Clock,
  ) {}

  async run(job: ImportJobEntity): Promise<void> {
    const ctx = await this.context();
    const checked = await this.validate(job, ctx);
    await this.writer.write(job, this.lines(job), ctx, checked);
  }

  private async context(): Promise<ImportContext> {
    const leaves = (await this.categories.list()).filter((c) => c.level === 3);
    const [units, calendar, review, reReview] = await Promise.all([
      this.keys.units(),
      this.calendar.current(),
      this.calendar.rule('review_request_window'),
      this.calendar.rule('re_review_request_window'),
    ]);
    return {
      now: this.clock.now(),
      calendar,
      windows: { review, re_review: reReview },
      units,
      leafCodes: new Set(leaves.map((c) => c.code)),
    };
  }

  private async *lines(job: ImportJobEntity): AsyncGenerator<{ lineNo: number; line: string }> {
    const stream = await this.imports.open(job);
    // A file that cannot be opened fails here, as the storage error it is (the job retries).
    await once(stream, 'readable');
    const rl = createInterface({ input: stream, crlfDelay: Infinity });
    let lineNo = 0;
    try {
      for await (const raw of rl) {
        lineNo++;
        const line = lineNo === 1 ? raw.replace(/^\uFEFF/, '') : raw;
        if (line.trim()) yield { lineNo, line };
      }
    } finally {
      rl.close();
      stream.destroy();
    }
  }

  /** Pass 1: every line checked, its problems recorded; returns the lines pass 2 skips. */
  private async validate(
    job: ImportJobEntity,
    ctx: ImportContext,
  ): Promise<{ bad: Set<number>; total: number }> {
    const tally = new RowCheckTally(this.imports, job.id, PROGRESS_EVERY);
    const seen = nothingSeen();
    for await (const { lineNo, line } of this.lines(job)) {
      const parsed = parseHistoryLine(line);
      if (!parsed.ok) await tally.row(lineNo, parsed.ref, parsed.problems);
      else {
        const problems = await this.checker.check(parsed.record, lineNo, ctx, seen);
        await tally.row(lineNo, parsed.record.ref, problems);
      }
    }
    return tally.finish();
  }
}
