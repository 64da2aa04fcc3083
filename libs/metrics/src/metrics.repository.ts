import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import type { MetricContext, ItemType } from './metric-registry';
import { addDays } from '@app/calendar';
import { periodInstants } from './metric-math';
import {
  HANDED_DOWN_STATUTORY_DAYS,
  type CaseClockRow,
  type CaseRow,
  type SourceName,
  type SourceRows,
} from './metric-sources';

type Raw = Record<string, unknown>;

export type RawQuery = (sql: string, params: unknown[]) => Promise<Raw[]>;

/** Which rows of a source: a period's, or some items' (by id). */
export type SourceFilter =
  { ctx: MetricContext; ids?: undefined } | { ids: number[]; ctx?: undefined };

const CASE_COLUMNS = `c.id, c.responsible_unit_id AS unitId, c.channel, c.source,
  c.source_level AS sourceLevel, c.registered_at AS registeredAt, c.\`repeat\` AS isRepeat,
  c.collective, c.skip_level AS skipLevel, c.status, c.closed_at AS closedAt, c.evaluation,
  c.evaluated_at AS evaluatedAt, DATE_FORMAT(c.provincial_due_date, '%Y-%m-%d') AS provincialDueDate`;

const CLOCK_COLUMNS = `k.id AS clockId, k.status AS clockStatus,
  DATE_FORMAT(k.due_date, '%Y-%m-%d') AS dueDate, k.due_at AS dueAt, k.ended_at AS endedAt`;

/** The levels a case is handed down from (the figures' 上级). */
const FROM_ABOVE_SQL = "('national', 'provincial', 'municipal')";

const num = (v: unknown): number => Number(v);
const numOrNull = (v: unknown): number | null => (v === null || v === undefined ? null : Number(v));
const date = (v: unknown): Date => (v instanceof Date ? v : new Date(String(v)));
const dateOrNull = (v: unknown): Date | null => (v === null || v === undefined ? null : date(v));
const bool = (v: unknown): boolean => v === true || Number(v) === 1;

function caseRow(r: Raw): CaseRow {
  return {
    id: num(r.id),
    unitId: numOrNull(r.unitId),
    channel: String(r.channel),
    source: String(r.source),
    sourceLevel: String(r.sourceLevel),
    registeredAt: date(r.registeredAt),
    repeat: bool(r.isRepeat),
    collective: bool(r.collective),
    skipLevel: bool(r.skipLevel),
    status: String(r.status),
    provincialDueDate: (r.provincialDueDate as string | null) ?? null,
    closedAt: dateOrNull(r.closedAt),
    evaluation: (r.evaluation as string | null) ?? null,
    evaluatedAt: dateOrNull(r.evaluatedAt),
  };
}

function caseClockRow(r: Raw): CaseClockRow {
  return {
    case: caseRow(r),
    clock: {
      id: num(r.clockId),
      hopUnitId: numOrNull(r.hopUnitId),
      status: r.clockStatus as CaseClockRow['clock']['status'],
      dueDate: String(r.dueDate),
      dueAt: date(r.dueAt),
      endedAt: dateOrNull(r.endedAt),
    },
  };
}

/**
 * Reads the raw rows behind the figures straight from the tables the case, supervision and
 * key-matter libs write (the metrics lib reads across tables and writes only its snapshots).
 */
@Injectable()
export class MetricsRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  async load<S extends SourceName>(source: S, ctx: MetricContext): Promise<SourceRows[S][]> {
    return this.loadWhere(source, { ctx }, (sql, params) => this.db.query<Raw[]>(sql, params));
  }

  /**
   * The same rows, for the summaries: either a period's (`ctx`) or those of some items (`ids`:
   * case ids for the case sources, where a review also follows its original case; letter,
   * key-matter or mission ids), read through `query` (the writer's transaction).
   */
  async loadWhere<S extends SourceName>(
    source: S,
    filter: SourceFilter,
    query: RawQuery,
  ): Promise<SourceRows[S][]> {
    return await this.loaders[source](filter, query);
  }

  private readonly loaders: {
    [S in SourceName]: (f: SourceFilter, q: RawQuery) => Promise<SourceRows[S][]>;
  } = {
    registeredCases: async (f, q) => {
      const [where, params] = f.ctx
        ? ['c.registered_at >= ? AND c.registered_at < ?', [f.ctx.fromAt, f.ctx.toAt]]
        : ['c.id IN (?)', [f.ids]];
      // A review case is the same matter asked again, not a new petition.
      return (
        await q(
          `SELECT ${CASE_COLUMNS} FROM cases c
              WHERE ${where} AND c.review_kind IS NULL
              ORDER BY c.id`,
          params,
        )
      ).map(caseRow);
    },
    evaluatedCases: async (f, q) => {
      const [where, params] = f.ctx
        ? // to 24:00 of the last day inclusive: a lapse recorded then belongs to that day
          ['c.evaluated_at >= ? AND c.evaluated_at <= ?', [f.ctx.fromAt, f.ctx.toAt]]
        : ['c.id IN (?) AND c.evaluated_at IS NOT NULL', [f.ids]];
      return (
        await q(
          `SELECT ${CASE_COLUMNS} FROM cases c
              WHERE ${where} AND c.evaluation IS NOT NULL
              ORDER BY c.id`,
          params,
        )
      ).map(caseRow);
    },
    // The bureau's own clock: the first triage clock of a case, from registration.
    triageClocks: async (f, q) => {
      const [where, params] = f.ctx
        ? ['k.due_date BETWEEN ? AND ?', [f.ctx.period.from, f.ctx.period.to]]
        : ['k.case_id IN (?)', [f.ids]];
      return (
        await q(
          `SELECT ${CASE_COLUMNS}, ${CLOCK_COLUMNS}, NULL AS hopUnitId
               FROM clocks k JOIN cases c ON c.id = k.case_id
              WHERE k.kind = 'triage' AND ${where}
                AND NOT EXISTS (SELECT 1 FROM clocks k2
                                 WHERE k2.case_id = k.case_id AND k2.kind = 'triage' AND k2.id < k.id)
              ORDER BY c.id`,
          params,
        )
      ).map(caseClockRow);
    },
    // The handling clock that counts: the latest one not cancelled, charged to its hop's unit.
    handlingClocks: async (f, q) => {
      const [where, params] = f.ctx
        ? ['k.due_date BETWEEN ? AND ?', [f.ctx.period.from, f.ctx.period.to]]
        : ['k.case_id IN (?)', [f.ids]];
      return (
        await q(
          `SELECT ${CASE_COLUMNS}, ${CLOCK_COLUMNS}, h.unit_id AS hopUnitId
               FROM clocks k JOIN cases c ON c.id = k.case_id
               LEFT JOIN case_hops h ON h.id = k.hop_id
              WHERE k.kind = 'handling' AND k.status <> 'cancelled' AND ${where}
                AND NOT EXISTS (SELECT 1 FROM clocks k2
                                 WHERE k2.case_id = k.case_id AND k2.kind = 'handling'
                                   AND k2.status <> 'cancelled' AND k2.id > k.id)
              ORDER BY c.id`,
          params,
        )
      ).map(caseClockRow);
    },
    // Every case handed down from above, with its latest handling clock not cancelled if any:
    // in a period by the upper office's 办理期限, else that clock's due date, else the statutory
    // time from registration (`handedDownDeadline`).
    handedDownCases: async (f, q) => {
      let where = 'c.id IN (?)';
      let params: unknown[] = [f.ids];
      if (f.ctx) {
        const { from, to } = f.ctx.period;
        const registered = periodInstants({
          from: addDays(from, -HANDED_DOWN_STATUTORY_DAYS),
          to: addDays(to, -HANDED_DOWN_STATUTORY_DAYS),
        });
        where = `(c.provincial_due_date BETWEEN ? AND ?
                  OR (c.provincial_due_date IS NULL AND (k.due_date BETWEEN ? AND ?
                      OR (k.id IS NULL AND c.registered_at >= ? AND c.registered_at < ?))))`;
        params = [from, to, from, to, registered.fromAt, registered.toAt];
      }
      return (
        await q(
          `SELECT ${CASE_COLUMNS}, k.id AS clockId,
                  DATE_FORMAT(k.due_date, '%Y-%m-%d') AS dueDate, h.unit_id AS hopUnitId
               FROM cases c
               LEFT JOIN clocks k ON k.case_id = c.id AND k.kind = 'handling'
                AND k.status <> 'cancelled'
                AND NOT EXISTS (SELECT 1 FROM clocks k2
                                 WHERE k2.case_id = k.case_id AND k2.kind = 'handling'
                                   AND k2.status <> 'cancelled' AND k2.id > k.id)
               LEFT JOIN case_hops h ON h.id = k.hop_id
              WHERE c.source <> 'direct' AND c.source_level IN ${FROM_ABOVE_SQL}
                AND c.review_kind IS NULL AND ${where}
              ORDER BY c.id`,
          params,
        )
      ).map((r) => ({
        case: caseRow(r),
        handling:
          r.clockId === null || r.clockId === undefined
            ? null
            : { dueDate: String(r.dueDate), hopUnitId: numOrNull(r.hopUnitId) },
      }));
    },
    letters: async (f, q) => {
      const [where, params] = f.ctx
        ? ['issued_at >= ? AND issued_at < ?', [f.ctx.fromAt, f.ctx.toAt]]
        : ['id IN (?)', [f.ids]];
      return (
        await q(
          `SELECT id, unit_id AS unitId, status, issued_at AS issuedAt, reply_due_at AS replyDueAt,
                    replied_at AS repliedAt, replied_on_time AS repliedOnTime
               FROM supervision_letters WHERE ${where} ORDER BY id`,
          params,
        )
      ).map((r) => ({
        id: num(r.id),
        unitId: num(r.unitId),
        status: String(r.status),
        issuedAt: date(r.issuedAt),
        replyDueAt: date(r.replyDueAt),
        repliedAt: dateOrNull(r.repliedAt),
        repliedOnTime: r.repliedOnTime === null ? null : bool(r.repliedOnTime),
      }));
    },
    keyMatters: async (f, q) => {
      const [where, params] = f.ctx
        ? // listed by the period's end, or resolved in it (a matter resolved on a day before
          // the records list it is still resolved then); not resolved before the period
          [
            `(created_at < ? OR (status = 'resolved' AND resolved_date BETWEEN ? AND ?))
              AND NOT (status = 'resolved' AND resolved_date < ?)`,
            [f.ctx.toAt, f.ctx.period.from, f.ctx.period.to, f.ctx.period.from],
          ]
        : ['id IN (?)', [f.ids]];
      return (
        await q(
          `SELECT id, source_level AS sourceLevel, status,
                    DATE_FORMAT(resolved_date, '%Y-%m-%d') AS resolvedDate, created_at AS createdAt
               FROM key_matters WHERE ${where} ORDER BY id`,
          params,
        )
      ).map((r) => ({
        id: num(r.id),
        sourceLevel: String(r.sourceLevel),
        status: r.status as 'open' | 'resolved' | 'unresolved',
        resolvedDate: (r.resolvedDate as string | null) ?? null,
        createdAt: date(r.createdAt),
      }));
    },
    missions: async (f, q) => {
      const [where, params] = f.ctx
        ? ['start_date BETWEEN ? AND ?', [f.ctx.period.from, f.ctx.period.to]]
        : ['id IN (?)', [f.ids]];
      return (
        await q(
          `SELECT id, kind, DATE_FORMAT(start_date, '%Y-%m-%d') AS startDate
               FROM persuasion_missions WHERE ${where} ORDER BY id`,
          params,
        )
      ).map((r) => ({ id: num(r.id), kind: String(r.kind), startDate: String(r.startDate) }));
    },
    reviewDecisions: async (f, q) => {
      const [where, params] = f.ctx
        ? ['r.delivered_at >= ? AND r.delivered_at < ?', [f.ctx.fromAt, f.ctx.toAt]]
        : [
            'r.delivered_at IS NOT NULL AND (r.case_id IN (?) OR r.original_case_id IN (?))',
            [f.ids, f.ids],
          ];
      return (
        await q(
          `SELECT r.case_id AS id, r.kind, o.responsible_unit_id AS reviewedUnitId, c.channel,
                    o.source_level AS sourceLevel, r.delivered_at AS deliveredAt
               FROM case_reviews r
               JOIN cases c ON c.id = r.case_id
               JOIN cases o ON o.id = r.original_case_id
              WHERE ${where}
              ORDER BY r.case_id`,
          params,
        )
      ).map((r) => ({
        id: num(r.id),
        kind: r.kind as 'review' | 're_review',
        reviewedUnitId: numOrNull(r.reviewedUnitId),
        channel: String(r.channel),
        sourceLevel: String(r.sourceLevel),
        deliveredAt: date(r.deliveredAt),
      }));
    },
  };

  /** What a drill-down page shows of each item: enough to recognise it, no personal data. */
  async describe(itemType: ItemType, ids: number[]): Promise<Map<number, Raw>> {
    if (ids.length === 0) return new Map();
    const sql: Record<ItemType, string> = {
      case: `SELECT id, case_no AS caseNo, title, status, channel, source_level AS sourceLevel,
                    responsible_unit_id AS unitId, registered_at AS registeredAt, closed_at AS closedAt
               FROM cases WHERE id IN (?)`,
      letter: `SELECT id, number, unit_id AS unitId, status, issued_at AS issuedAt,
                      DATE_FORMAT(reply_due_date, '%Y-%m-%d') AS replyDueDate, replied_at AS repliedAt
                 FROM supervision_letters WHERE id IN (?)`,
      key_matter: `SELECT id, title, status, source_level AS sourceLevel,
                          DATE_FORMAT(resolved_date, '%Y-%m-%d') AS resolvedDate
                     FROM key_matters WHERE id IN (?)`,
      mission: `SELECT id, kind, place, DATE_FORMAT(start_date, '%Y-%m-%d') AS startDate,
                       DATE_FORMAT(end_date, '%Y-%m-%d') AS endDate
                  FROM persuasion_missions WHERE id IN (?)`,
    };
    const rows = await this.db.query<Raw[]>(sql[itemType], [ids]);
    return new Map(rows.map((r) => [num(r.id), { ...r, id: num(r.id) }]));
  }

  async unitNames(): Promise<Map<number, string>> {
    const rows = await this.db.query<{ id: number; name: string }[]>('SELECT id, name FROM units');
    return new Map(rows.map((r) => [Number(r.id), r.name]));
  }

  /** The timeline entries of these cases after `since`: why a closed figure moved. */
  async caseEventsSince(caseIds: number[], since: Date, limit: number) {
    if (caseIds.length === 0) return [];
    const rows = await this.db.query<Raw[]>(
      `SELECT case_id AS caseId, type, at FROM case_events
        WHERE case_id IN (?) AND at > ? ORDER BY case_id, seq LIMIT ?`,
      [caseIds, since, limit],
    );
    return rows.map((r) => ({ caseId: num(r.caseId), type: String(r.type), at: date(r.at) }));
  }
}
