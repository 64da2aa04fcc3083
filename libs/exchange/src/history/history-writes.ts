import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { shanghaiDate } from '@app/calendar';
import { CaseHistoryWriter, type Channel, type DeliveryMethod } from '@app/cases';
import { ReviewsService } from '@app/reviews';
import { DomainError } from '@app/core';
import { isUniqueViolation } from '@app/database';
import { KeyMatterHistoryWriter } from '@app/key-matters';
import { SupervisionHistoryWriter } from '@app/supervision';
import type { ImportJobEntity } from '../import-job.entity';
import { ImportsService } from '../imports.service';
import { HistoryImportRepository } from './history-import.repository';
import {
  caseInput,
  keyMatterInput,
  letterInput,
  missionInput,
  type ImportContext,
} from './history-inputs';
import {
  parseHistoryLine,
  type HistoryRecord,
  type ReviewRecord,
  REVIEW_DECISION_OF,
} from './history-records';

/** How often pass 2 reports its counts. */
export const PROGRESS_EVERY = 500;

/**
 * Pass 2 of the history import: each valid record in its own transaction, through the live
 * writers (cases, the review chain, supervision, key matters), with its `ref` in `import_keys`, so a second
 * import of the same file creates nothing new.
 */
@Injectable()
export class HistoryRecordWriter {
  constructor(
    private readonly keys: HistoryImportRepository,
    private readonly imports: ImportsService,
    private readonly cases: CaseHistoryWriter,
    private readonly supervision: SupervisionHistoryWriter,
    private readonly reviews: ReviewsService,
    private readonly keyMatters: KeyMatterHistoryWriter,
  ) {}

  /** Pass 2: writes each record that passed pass 1, in its own transaction. */
  async write(
    job: ImportJobEntity,
    lines: AsyncIterable<{ lineNo: number; line: string }>,
    ctx: ImportContext,
    { bad, total }: { bad: Set<number>; total: number },
  ): Promise<void> {
    let processed = 0;
    let created = 0;
    let existing = 0;
    /** Records a live rule refused while writing (rolled back whole, reported like pass 1's). */
    let refused = 0;
    for await (const { lineNo, line } of lines) {
      if (bad.has(lineNo)) continue;
      const parsed = parseHistoryLine(line);
      if (!parsed.ok) continue;
      const r = parsed.record;
      try {
        const made = await this.keys.transaction(async (m) => {
          if (await this.keys.importedId(r.type, r.ref, m)) return false;
          const id = await this.writeRecord(m, r, ctx, job);
          await this.keys.recordKey(m, r.type, r.ref, id, job.id);
          return true;
        });
        if (made) created++;
        else existing++;
      } catch (e) {
        if (e instanceof DomainError && e.kind !== 'not_found') {
          refused++;
          const details = (e.details ?? {}) as { field?: unknown };
          const field = typeof details.field === 'string' ? details.field : 'line';
          await this.imports.addErrors(job.id, [
            { rowNo: lineNo, sourceKey: r.ref, field, code: e.code, message: e.message },
          ]);
          await this.imports.progress(job.id, {
            errorRows: bad.size + refused,
            validRows: total - bad.size - refused,
          });
          continue;
        }
        // Another import wrote the same ref meanwhile: that is "existing", not a failure.
        if (!isUniqueViolation(e, 'PRIMARY')) throw e;
        existing++;
      }
      processed++;
      if (processed % PROGRESS_EVERY === 0)
        await this.imports.progress(job.id, {
          processedRows: processed,
          createdRows: created,
          existingRows: existing,
        });
    }
    await this.imports.progress(job.id, {
      processedRows: processed,
      createdRows: created,
      existingRows: existing,
    });
  }

  private async writeRecord(
    m: EntityManager,
    r: HistoryRecord,
    ctx: ImportContext,
    job: ImportJobEntity,
  ) {
    const ids = async (refs: string[]) => {
      const out: number[] = [];
      for (const ref of refs) out.push((await this.keys.importedId('case', ref, m))!);
      return [...new Set(out)];
    };
    switch (r.type) {
      case 'case': {
        const repeatOf = r.repeatOf ? await this.keys.importedId('case', r.repeatOf, m) : null;
        return this.cases.write(m, caseInput(r, ctx, repeatOf), job.createdBy, {
          importId: job.id,
          importedRef: r.ref,
        });
      }
      case 'supervision_letter':
        return this.supervision.writeLetter(
          m,
          letterInput(r, ctx, await ids(r.cases)),
          job.createdBy,
        );
      case 'review':
        return this.writeReview(m, r, job);
      case 'key_matter':
        return this.keyMatters.writeKeyMatter(
          m,
          keyMatterInput(r, await ids(r.cases)),
          job.createdBy,
        );
      default:
        return this.keyMatters.writeMission(
          m,
          missionInput(r, await ids(r.cases ?? [])),
          job.createdBy,
        );
    }
  }

  /** Writes a review record through the live review chain, dated as recorded. */
  private async writeReview(m: EntityManager, r: ReviewRecord, job: ImportJobEntity) {
    const level = r.level as 'review' | 're_review';
    const contestedId = (await this.keys.importedId(
      level === 'review' ? 'case' : 'review',
      r.case,
      m,
    ))!;
    const receivedAt = new Date(r.receivedAt);
    if (!r.accepted) {
      await this.reviews.writeRefusal(
        m,
        {
          contestedCaseId: contestedId,
          kind: level,
          receivedAt,
          reason: r.notAcceptedReason!,
          organ: r.organ,
        },
        job.createdBy,
      );
      return contestedId;
    }
    const decidedAt = r.decidedAt ? new Date(r.decidedAt) : null;
    let hearing = null;
    if (r.hearing) {
      // The record has the hearing's days (the clock pauses for those calendar days); its
      // times are taken within office hours, inside receipt … decision.
      const from = new Date(`${r.hearing.from}T09:00:00+08:00`);
      const startedAt = from.getTime() > receivedAt.getTime() ? from : receivedAt;
      const end = new Date(`${r.hearing.to}T18:00:00+08:00`);
      const endedAt = decidedAt && decidedAt.getTime() < end.getTime() ? decidedAt : end;
      hearing = { startedAt, endedAt: endedAt < startedAt ? startedAt : endedAt };
    }
    const label = level === 'review' ? '复查' : '复核';
    return this.reviews.writeHistory(
      m,
      {
        contestedCaseId: contestedId,
        kind: level,
        channel: (r.channel ?? 'letter') as Channel,
        reasons:
          r.reasons ??
          `${label}申请（${shanghaiDate(new Date(r.requestedAt))} 提出；历史数据导入）`,
        receivedAt,
        lateJustification: r.lateJustification,
        hearing,
        decision:
          r.decision && decidedAt
            ? {
                decision: REVIEW_DECISION_OF[r.decision],
                reasons: r.decisionReasons ?? `${r.organ}${label}意见（历史数据导入）`,
                decisionBody: r.organ,
                decidedAt,
                deliveryMethod: r.deliveryMethod as DeliveryMethod,
                deliveredAt: new Date(r.deliveredAt!),
              }
            : null,
      },
      job.createdBy,
    );
  }
}
