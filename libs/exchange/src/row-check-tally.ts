import type { ImportsService, PendingRowError } from './imports.service';
import type { RowProblem } from './sheet-columns';

/** Errors are written in chunks of this many as pass 1 goes. */
const ERROR_CHUNK = 1000;

/**
 * Pass 1 of an import, either kind: counts the rows read, remembers which have problems, writes
 * the problems for the error report in chunks and the progress every `progressEvery` rows, and at
 * the end moves the job to its `importing` phase with the totals.
 */
export class RowCheckTally {
  readonly bad = new Set<number>();
  total = 0;
  private pending: PendingRowError[] = [];

  constructor(
    private readonly imports: ImportsService,
    private readonly jobId: number,
    private readonly progressEvery: number,
  ) {}

  async row(rowNo: number, sourceKey: string | null, problems: readonly RowProblem[]) {
    this.total++;
    if (problems.length > 0) {
      this.bad.add(rowNo);
      this.pending.push(...problems.map((p) => ({ rowNo, sourceKey, ...p })));
    }
    if (this.pending.length >= ERROR_CHUNK) {
      await this.imports.addErrors(this.jobId, this.pending);
      this.pending = [];
    }
    if (this.total % this.progressEvery === 0)
      await this.imports.progress(this.jobId, {
        processedRows: this.total,
        errorRows: this.bad.size,
      });
  }

  async finish(): Promise<{ bad: Set<number>; total: number }> {
    await this.imports.addErrors(this.jobId, this.pending);
    this.pending = [];
    await this.imports.progress(this.jobId, {
      phase: 'importing',
      totalRows: this.total,
      errorRows: this.bad.size,
      validRows: this.total - this.bad.size,
      processedRows: 0,
    });
    return { bad: this.bad, total: this.total };
  }
}
