import { PassThrough, type Readable } from 'node:stream';
import { Injectable, Logger } from '@nestjs/common';
import ExcelJS from 'exceljs';
import type { AuthUser, Role } from '@app/auth';
import {
  CASE_STATUS_LABELS,
  CaseExportRepository,
  CaseQueriesService,
  CategoriesService,
  CHANNEL_LABELS,
  hidesAccuser,
  type AnswerDecision,
  type CaseFilter,
  type CaseListRow,
  type Evaluation,
  type ExportPetitionerRow,
  type Purpose,
  type Source,
  type SourceLevel,
} from '@app/cases';
import { Clock, PersonalDataCipher } from '@app/core';
import { UnitsService } from '@app/units';
import { exportPersonalDataForbidden } from './exchange.errors';
import { ExportLogsRepository } from './export-logs.repository';

/** The roles that may see personal data in full (the same as may reveal it on a case). */
export const FULL_PERSONAL_DATA_ROLES: readonly Role[] = [
  'reception',
  'officer',
  'supervisor',
  'leader',
];

const PAGE = 200;
const HIDDEN = '（保密）';

export const SOURCE_LABELS: Record<Source, string> = {
  direct: '直接提出',
  transferred: '转送',
  assigned: '交办',
};
export const SOURCE_LEVEL_LABELS: Record<SourceLevel, string> = {
  national: '国家',
  provincial: '省',
  municipal: '市',
  district: '区',
};
export const PURPOSE_LABELS: Record<Purpose, string> = {
  suggestion: '建议意见',
  accusation: '检举控告',
  complaint: '申诉求决',
  other: '其他',
};
const DECISION_LABELS: Record<AnswerDecision, string> = {
  support: '支持',
  explain: '解释说明',
  reject: '不予支持',
};
const EVALUATION_LABELS: Record<Evaluation, string> = {
  satisfied: '满意',
  basically_satisfied: '基本满意',
  dissatisfied: '不满意',
  lapsed: '超期未评价',
};
const CLOCK_LABELS: Record<string, string> = {
  triage: '登记交转办',
  acceptance_notice: '受理告知',
  objection_window: '异议期',
  handling: '办理答复',
  assignment_report: '交办报结',
  review_request_window: '复查申请期',
  review_decision: '复查',
  re_review_request_window: '复核申请期',
  re_review_decision: '复核',
  evaluation_window: '满意度评价期',
};

/** The export's columns: header (as the bureau reads it) and width. */
export const EXPORT_COLUMNS: [string, number][] = [
  ['信访件编号', 18],
  ['省信访件编号', 18],
  ['登记时间', 17],
  ['信访形式', 8],
  ['来源方式', 8],
  ['来源层级', 8],
  ['信访人', 16],
  ['证件号码', 22],
  ['联系电话', 15],
  ['住址', 28],
  ['人数', 6],
  ['信访标题', 30],
  ['信访内容', 50],
  ['信访目的', 10],
  ['内容分类', 20],
  ['问题属地', 16],
  ['状态', 12],
  ['责任单位', 20],
  ['当前时限', 12],
  ['时限到期', 17],
  ['是否超期', 8],
  ['省办理期限', 12],
  ['初件/重件', 8],
  ['答复意见', 10],
  ['送达时间', 17],
  ['办结时间', 17],
  ['满意度评价', 10],
];

/** 2026-01-05 09:30 in Asia/Shanghai. */
const shanghai = (d: Date | null) =>
  d ? new Date(d.getTime() + 8 * 3600_000).toISOString().slice(0, 16).replace('T', ' ') : '';

/**
 * Exports any case list the user can see, with its filters, to .xlsx: the list's own query (same
 * filters, same unit scope, same order), page by page into a streamed workbook, so the size of the
 * list does not matter. Personal data is masked unless the role may see it in full and asks to;
 * every export is logged with who, why, the filters and how many rows.
 */
@Injectable()
export class CaseExportService {
  private readonly logger = new Logger(CaseExportService.name);

  constructor(
    private readonly logs: ExportLogsRepository,
    private readonly queries: CaseQueriesService,
    private readonly caseRows: CaseExportRepository,
    private readonly categories: CategoriesService,
    private readonly units: UnitsService,
    private readonly cipher: PersonalDataCipher,
    private readonly clock: Clock,
  ) {}

  async export(
    filter: CaseFilter,
    options: { reason: string; fullPersonalData: boolean },
    actor: AuthUser,
  ): Promise<{ stream: Readable; logId: number }> {
    if (options.fullPersonalData && !FULL_PERSONAL_DATA_ROLES.includes(actor.role)) {
      throw exportPersonalDataForbidden();
    }
    // The first page is read before anything is sent, so a refused filter is a clean 4xx.
    const firstPage = await this.queries.list(filter, { limit: PAGE }, actor);
    const now = this.clock.now();
    const logId = await this.logs.start({
      userId: actor.id,
      role: actor.role,
      what: 'cases',
      reason: options.reason,
      filters: JSON.stringify(loggedFilters(filter)),
      fullPersonalData: options.fullPersonalData,
      startedAt: now,
    });

    const out = new PassThrough();
    void this.write(out, firstPage, filter, options.fullPersonalData, actor, logId);
    return { stream: out, logId };
  }

  private async write(
    out: PassThrough,
    firstPage: { rows: CaseListRow[]; next: number | null },
    filter: CaseFilter,
    full: boolean,
    actor: AuthUser,
    logId: number,
  ): Promise<void> {
    try {
      // The workbook writes through `body`; the download ends only after the log says how many
      // rows it held, so a finished download always has a finished log entry.
      const body = new PassThrough();
      body.pipe(out, { end: false });
      const bodyDone = new Promise<void>((resolve, reject) => {
        body.on('end', resolve);
        body.on('error', reject);
        // The client went away mid-download: stop instead of waiting for a reader forever.
        out.once('close', () => reject(new Error('export download closed before the end')));
      });
      bodyDone.catch(() => undefined); // awaited below; never an unhandled rejection meanwhile
      const book = new ExcelJS.stream.xlsx.WorkbookWriter({
        stream: body,
        useSharedStrings: false,
      });
      const sheet = book.addWorksheet('信访件', { views: [{ state: 'frozen', ySplit: 1 }] });
      sheet.columns = EXPORT_COLUMNS.map(([header, width]) => ({ header, width }));
      sheet.getRow(1).font = { bold: true };
      const [units, categories] = await Promise.all([this.unitNames(), this.categoryNames()]);
      const now = this.clock.now();
      let page = firstPage;
      let count = 0;
      for (;;) {
        const people = await this.caseRows.petitionersOf(page.rows.map((r) => r.case.id));
        for (const { case: c } of page.rows) {
          const hidden = hidesAccuser(c, actor);
          const ps = people.get(c.id) ?? [];
          const show = (p: ExportPetitionerRow, field: 'idNumber' | 'phone' | 'address') => {
            if (hidden) return '';
            const enc = p[`${field}Enc`];
            if (full && enc) return this.cipher.decrypt(enc);
            return p[`${field}Masked`] ?? '';
          };
          const join = (f: (p: ExportPetitionerRow) => string) =>
            ps.map(f).filter(Boolean).join('；');
          sheet
            .addRow([
              c.caseNo,
              c.externalRef ?? '',
              shanghai(c.registeredAt),
              CHANNEL_LABELS[c.channel],
              SOURCE_LABELS[c.source],
              SOURCE_LEVEL_LABELS[c.sourceLevel],
              hidden ? HIDDEN : join((p) => p.name),
              join((p) => show(p, 'idNumber')),
              join((p) => show(p, 'phone')),
              join((p) => show(p, 'address')),
              c.personCount,
              c.title,
              c.content,
              PURPOSE_LABELS[c.purpose],
              `${c.categoryCode} ${categories.get(c.categoryCode) ?? ''}`.trim(),
              c.locality,
              CASE_STATUS_LABELS[c.status],
              c.responsibleUnitId ? (units.get(c.responsibleUnitId) ?? '') : '',
              c.nextClockKind ? (CLOCK_LABELS[c.nextClockKind] ?? c.nextClockKind) : '',
              shanghai(c.nextDueAt),
              c.nextDueAt && c.nextDueAt.getTime() < now.getTime() ? '是' : '否',
              c.provincialDueDate ?? '',
              c.repeat ? '重件' : '初件',
              c.answerDecision ? DECISION_LABELS[c.answerDecision] : '',
              shanghai(c.deliveredAt),
              shanghai(c.closedAt),
              c.evaluation ? EVALUATION_LABELS[c.evaluation] : '',
            ])
            .commit();
          count++;
        }
        if (page.next === null) break;
        page = await this.queries.list(filter, { limit: PAGE, after: page.next }, actor);
      }
      sheet.commit();
      await book.commit();
      await bodyDone;
      await this.logs.finish(logId, count, this.clock.now());
      out.end();
    } catch (err) {
      this.logger.error({ err, logId }, 'case export failed');
      out.destroy(err as Error);
    }
  }

  private async unitNames(): Promise<Map<number, string>> {
    return new Map((await this.units.list()).map((u) => [Number(u.id), u.name]));
  }

  private async categoryNames(): Promise<Map<string, string>> {
    return new Map((await this.categories.list(true)).map((c) => [c.code, c.name]));
  }
}

/** The filters as logged: a person searched for by ID number or phone is not written in clear. */
function loggedFilters(filter: CaseFilter): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(filter)) {
    if (v === undefined) continue;
    out[k] = k === 'idNumber' || k === 'phone' ? '（已提供，不记录明文）' : v;
  }
  return out;
}
