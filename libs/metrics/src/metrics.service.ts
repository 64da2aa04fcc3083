import { Injectable } from '@nestjs/common';
import type { AuthUser } from '@app/auth';
import { shanghaiDate } from '@app/calendar';
import { CHANNEL_LABELS } from '@app/cases';
import { Clock } from '@app/core';
import { isUniqueViolation } from '@app/database';
import {
  figureFromParts,
  figureOf,
  groupsFromParts,
  groupsOf,
  groupValue,
  type Figure,
  type FigureGroup,
} from './metric-figures';
import { LedgerRebuild } from './ledger/ledger-rebuild';
import { LedgerReader } from './ledger/ledger-reader';
import type { Parts } from './ledger/ledger-rows';
import { isValidPeriod, periodInstants, yearPeriod, type Period } from './metric-math';
import {
  METRICS,
  classifyAll,
  findMetric,
  type GroupDimension,
  type MetricContext,
  type MetricDefinition,
  type MetricItem,
} from './metric-registry';
import type { SourceName, SourceRows } from './metric-sources';
import {
  invalidGroup,
  invalidPeriod,
  metricNotFound,
  noDenominator,
  periodAlreadyClosed,
  periodNotClosed,
  periodNotEnded,
} from './metrics.errors';
import { MetricSnapshotsRepository } from './metric-snapshots.repository';
import { MetricsRepository } from './metrics.repository';

export const SOURCE_LEVEL_LABELS: Record<string, string> = {
  national: '国家',
  provincial: '省',
  municipal: '市',
  district: '区',
};

export interface FigureWithGroups extends Figure {
  groupBy?: GroupDimension;
  groups?: (FigureGroup & { label: string })[];
}

export interface FiguresResult {
  period: Period;
  computedAt: Date;
  figures: FigureWithGroups[];
}

export interface DrillDownQuery {
  part?: 'numerator' | 'denominator';
  groupBy?: GroupDimension;
  group?: string | number | null;
  /** The last id of the previous page. */
  cursor?: number;
  limit?: number;
}

/** Every figure for a year, from the closed snapshot when there is one, else live. */
export interface YearFigures {
  year: number;
  source: 'snapshot' | 'live';
  closedAt: Date | null;
  figures: Figure[];
}

/** A figure with its groups, each named for the reader. */
function withLabels(
  figure: FigureWithGroups,
  groupBy: GroupDimension,
  groups: FigureGroup[],
  labels: (v: string | number | null) => string,
): FigureWithGroups {
  figure.groupBy = groupBy;
  figure.groups = groups.map((g) => ({ ...g, label: labels(g.value) }));
  return figure;
}

@Injectable()
export class MetricsService {
  constructor(
    private readonly repo: MetricsRepository,
    private readonly snapshots: MetricSnapshotsRepository,
    private readonly clock: Clock,
    private readonly ledger: LedgerReader,
    private readonly rebuilder: LedgerRebuild,
  ) {}

  /** The current Shanghai calendar year: the default period. */
  currentYear(): number {
    return Number(shanghaiDate(this.clock.now()).slice(0, 4));
  }

  resolvePeriod(from?: string, to?: string): Period {
    const year = this.currentYear();
    const period = {
      from: from ?? (to ? `${to.slice(0, 4)}-01-01` : `${year}-01-01`),
      to: to ?? (from ? `${from.slice(0, 4)}-12-31` : `${year}-12-31`),
    };
    if (!isValidPeriod(period)) throw invalidPeriod('统计期的开始日期不能晚于结束日期', 'from');
    return period;
  }

  /** Classifies the rows of each source once, for every figure that reads it. */
  async compute(
    period: Period,
    metrics: readonly MetricDefinition[] = METRICS,
    now: Date = this.clock.now(),
  ): Promise<{ ctx: MetricContext; items: Map<string, MetricItem[]> }> {
    const ctx: MetricContext = { period, ...periodInstants(period), now };
    const sources = new Map<SourceName, Promise<unknown[]>>();
    const rowsOf = <S extends SourceName>(s: S) => {
      if (!sources.has(s)) sources.set(s, this.repo.load(s, ctx));
      return sources.get(s) as Promise<SourceRows[S][]>;
    };
    const items = new Map<string, MetricItem[]>();
    for (const metric of metrics) {
      items.set(metric.key, classifyAll(metric, await rowsOf(metric.source), ctx));
    }
    return { ctx, items };
  }

  /**
   * Every figure, from the summaries (counters of whole months, the items otherwise) where they
   * cover the period; figures marked `live` and periods not yet rebuilt from the raw rows.
   */
  async figures(period: Period, groupBy?: GroupDimension): Promise<FiguresResult> {
    const now = this.clock.now();
    const live = METRICS.filter((m) => (m as MetricDefinition).live);
    const [parts, raw, labels] = await Promise.all([
      this.ledger.parts(period, groupBy, now),
      this.compute(period, live, now),
      groupBy ? this.groupLabeller(groupBy) : null,
    ]);
    if (!parts) return this.rawFigures(period, groupBy, now);
    return {
      period,
      computedAt: now,
      figures: METRICS.map((metric) => {
        const groups = parts.get(metric.key);
        if (!groups) return this.withGroups(metric, raw.items.get(metric.key)!, groupBy, labels);
        let num = 0;
        let den = 0;
        for (const g of groups.values()) {
          num += g.num;
          den += g.den;
        }
        const figure: FigureWithGroups = figureFromParts(metric, num, den);
        return groupBy && labels
          ? withLabels(figure, groupBy, groupsFromParts(metric, groups), labels)
          : figure;
      }),
    };
  }

  private withGroups(
    metric: MetricDefinition,
    its: MetricItem[],
    groupBy: GroupDimension | undefined,
    labels: ((v: string | number | null) => string) | null,
  ): FigureWithGroups {
    const figure: FigureWithGroups = figureOf(metric, its);
    return groupBy && labels
      ? withLabels(figure, groupBy, groupsOf(metric, its, groupBy), labels)
      : figure;
  }

  /** Every figure classified from the raw rows: the reference the summaries must equal. */
  async rawFigures(
    period: Period,
    groupBy?: GroupDimension,
    now: Date = this.clock.now(),
  ): Promise<FiguresResult> {
    const { ctx, items } = await this.compute(period, METRICS, now);
    const labels = groupBy ? await this.groupLabeller(groupBy) : null;
    return {
      period,
      computedAt: ctx.now,
      figures: METRICS.map((metric) =>
        this.withGroups(metric, items.get(metric.key)!, groupBy, labels),
      ),
    };
  }

  metric(key: string): MetricDefinition {
    const metric = findMetric(key);
    if (!metric) throw metricNotFound(key);
    return metric;
  }

  /**
   * The list behind a figure (or one of its groups), in id order, a page at a time. `total` is
   * the number of items the figure counts, so it always equals the figure's numerator or
   * denominator: both come from the same classified items.
   */
  async items(key: string, period: Period, q: DrillDownQuery) {
    const metric = this.metric(key);
    const part = q.part ?? 'numerator';
    if (part === 'denominator' && metric.kind === 'count') throw noDenominator(key);
    if ((q.groupBy === undefined) !== (q.group === undefined)) {
      throw invalidGroup('groupBy 与 group 须同时给出');
    }
    if (typeof q.group === 'number' && Number.isNaN(q.group)) throw invalidGroup('单位编号无效');
    const now = this.clock.now();
    const groups = metric.live
      ? null
      : await this.ledger.parts(period, q.groupBy, now, [metric.key]);
    if (groups) return this.ledgerItems(metric, period, part, q, now, groups.get(metric.key)!);
    const { items } = await this.compute(period, [metric], now);
    const matching = items
      .get(key)!
      .filter((i) => (part === 'numerator' ? i.num : i.den))
      .filter((i) => q.groupBy === undefined || groupValue(i, q.groupBy) === q.group);
    const limit = q.limit ?? 50;
    const after = q.cursor ?? 0;
    const page = matching.filter((i) => i.id > after).slice(0, limit);
    const more = page.length === limit && matching.some((i) => i.id > page[page.length - 1].id);
    return this.drillPage(metric, period, part, matching.length, page, more);
  }

  /** A drill-down page: the items with what describes them, and the cursor to the next page. */
  private async drillPage(
    metric: MetricDefinition,
    period: Period,
    part: 'numerator' | 'denominator',
    total: number,
    page: { id: number; num: boolean; month: string }[],
    more: boolean,
  ) {
    const details = await this.repo.describe(
      metric.itemType,
      page.map((i) => i.id),
    );
    return {
      metric: { key: metric.key, label: metric.label, kind: metric.kind },
      period,
      part,
      total,
      items: page.map((i) => ({
        ...details.get(i.id),
        id: i.id,
        inNumerator: i.num,
        month: i.month,
      })),
      nextCursor: more ? page[page.length - 1].id : null,
    };
  }

  /** The drill-down from the summaries: the total from the same parts as the figure. */
  private async ledgerItems(
    metric: MetricDefinition,
    period: Period,
    part: 'numerator' | 'denominator',
    q: DrillDownQuery,
    now: Date,
    groups: Map<string | number | null, Parts>,
  ) {
    const limit = q.limit ?? 50;
    let total = 0;
    for (const [value, g] of groups) {
      if (q.groupBy !== undefined && value !== q.group) continue;
      total += part === 'numerator' ? g.num : g.den;
    }
    // an empty list is known from the counters: its page would scan the figure's every item
    const rows =
      total === 0
        ? []
        : await this.ledger.page(
            metric.key,
            period,
            { part, groupBy: q.groupBy, group: q.group, after: q.cursor ?? 0, limit: limit + 1 },
            now,
          );
    return this.drillPage(metric, period, part, total, rows.slice(0, limit), rows.length > limit);
  }

  /** Compares a year's summaries with the raw rows; with `replace`, rebuilds them from those. */
  rebuild(year: number, replace: boolean) {
    return this.rebuilder.rebuild(year, replace);
  }

  /**
   * The list behind a closed year's frozen figure, from the ids stored at closing (keyset pages
   * over the snapshot's primary key), so it still adds up to the frozen figure after later edits.
   */
  async snapshotItems(year: number, key: string, q: DrillDownQuery) {
    const metric = this.metric(key);
    const part = q.part ?? 'numerator';
    if (part === 'denominator' && metric.kind === 'count') throw noDenominator(key);
    if ((q.groupBy === undefined) !== (q.group === undefined)) {
      throw invalidGroup('groupBy 与 group 须同时给出');
    }
    if (typeof q.group === 'number' && Number.isNaN(q.group)) throw invalidGroup('单位编号无效');
    const snapshot = await this.snapshots.findYear(year);
    if (!snapshot) throw periodNotClosed(year);
    const limit = q.limit ?? 50;
    const { total, rows } = await this.snapshots.itemPage(
      year,
      key,
      { part, groupBy: q.groupBy, group: q.group },
      q.cursor ?? 0,
      limit + 1,
    );
    const page = rows.slice(0, limit).map((r) => ({
      id: Number(r.itemId),
      inNumerator: Boolean(r.inNumerator),
      month: r.month,
    }));
    const details = await this.repo.describe(
      metric.itemType,
      page.map((i) => i.id),
    );
    return {
      metric: { key: metric.key, label: metric.label, kind: metric.kind },
      year,
      closedAt: snapshot.closedAt,
      part,
      total: Number(total),
      // An item since deleted is listed by its id alone.
      items: page.map((i) => ({ ...details.get(i.id), ...i })),
      nextCursor: rows.length > limit ? page[page.length - 1].id : null,
    };
  }

  /**
   * Closes a year: freezes every figure and the ids behind it, in one transaction. A closed year
   * stays as it was; later edits show up only as differences against live figures.
   */
  async closePeriod(year: number, actor: AuthUser) {
    const period = yearPeriod(year);
    const now = this.clock.now();
    if (shanghaiDate(now) <= period.to) throw periodNotEnded(year);
    const { items } = await this.compute(period, METRICS, now);
    const figures = METRICS.map((m) => figureOf(m, items.get(m.key)!));
    const rows = METRICS.flatMap((metric) =>
      items.get(metric.key)!.map((i) => ({
        year,
        metricKey: metric.key,
        itemId: i.id,
        inNumerator: i.num,
        inDenominator: i.den,
        unitId: i.unitId,
        channel: i.channel,
        sourceLevel: i.sourceLevel,
        month: i.month,
      })),
    );
    try {
      await this.snapshots.close(
        {
          year,
          periodFrom: period.from,
          periodTo: period.to,
          closedAt: now,
          closedBy: actor.id,
          figures: JSON.stringify(figures),
        },
        rows,
      );
    } catch (e) {
      if (isUniqueViolation(e)) throw periodAlreadyClosed(year);
      throw e;
    }
    return this.period(year);
  }

  async listPeriods() {
    const rows = await this.snapshots.listYears();
    return rows.map((r) => ({
      year: r.year,
      period: { from: r.periodFrom, to: r.periodTo },
      closedAt: r.closedAt,
      closedBy: r.closedBy,
    }));
  }

  /**
   * A closed year's snapshot beside the live figures: for each figure whether they differ, and
   * which items entered, left or moved in or out of the numerator since, with the case events
   * recorded after closing that explain it.
   */
  async period(year: number) {
    const snapshot = await this.snapshots.findYear(year);
    if (!snapshot) throw periodNotClosed(year);
    const frozen = JSON.parse(snapshot.figures) as Figure[];
    const snapItems = await this.snapshots.itemsOf(year);
    const { items } = await this.compute(yearPeriod(year));
    const changedCases = new Set<number>();
    const figures = METRICS.map((metric) => {
      const live = items.get(metric.key)!;
      const before = new Map(
        snapItems.filter((s) => s.metricKey === metric.key).map((s) => [Number(s.itemId), s]),
      );
      const after = new Map(live.map((i) => [i.id, i]));
      const entered = live.filter((i) => !before.has(i.id)).map((i) => i.id);
      const left = [...before.keys()].filter((id) => !after.has(id));
      const movedIn: number[] = [];
      const movedOut: number[] = [];
      for (const i of live) {
        const s = before.get(i.id);
        if (!s) continue;
        if (i.num && !s.inNumerator) movedIn.push(i.id);
        if (!i.num && s.inNumerator) movedOut.push(i.id);
      }
      const snapshotFigure = frozen.find((f) => f.key === metric.key) ?? null;
      const liveFigure = figureOf(metric, live);
      const differs =
        !snapshotFigure ||
        snapshotFigure.numerator.value !== liveFigure.numerator.value ||
        (snapshotFigure.denominator?.value ?? null) !== (liveFigure.denominator?.value ?? null) ||
        entered.length + left.length + movedIn.length + movedOut.length > 0;
      if (metric.itemType === 'case') {
        for (const id of [...entered, ...left, ...movedIn, ...movedOut]) changedCases.add(id);
      }
      return {
        key: metric.key,
        label: metric.label,
        snapshot: snapshotFigure,
        live: liveFigure,
        differs,
        changes: { entered, left, movedIntoNumerator: movedIn, movedOutOfNumerator: movedOut },
      };
    });
    const events = await this.repo.caseEventsSince(
      [...changedCases].sort((a, b) => a - b),
      snapshot.closedAt,
      500,
    );
    return {
      year,
      period: { from: snapshot.periodFrom, to: snapshot.periodTo },
      closedAt: snapshot.closedAt,
      closedBy: snapshot.closedBy,
      differs: figures.some((f) => f.differs),
      figures,
      caseEventsSinceClosing: events,
    };
  }

  /** The figures a year's report uses: the frozen snapshot if the year is closed, else live. */
  async yearFigures(year: number): Promise<YearFigures> {
    const snapshot = await this.snapshots.findYear(year);
    if (snapshot) {
      const frozen = JSON.parse(snapshot.figures) as Figure[];
      // A figure added to the registry after the year was closed is taken live.
      const missing = METRICS.filter((m) => !frozen.some((f) => f.key === m.key));
      const extra = missing.length ? (await this.compute(yearPeriod(year), missing)).items : null;
      return {
        year,
        source: 'snapshot',
        closedAt: snapshot.closedAt,
        figures: [...frozen, ...missing.map((m) => figureOf(m, extra!.get(m.key)!))],
      };
    }
    const { items } = await this.compute(yearPeriod(year));
    return {
      year,
      source: 'live',
      closedAt: null,
      figures: METRICS.map((m) => figureOf(m, items.get(m.key)!)),
    };
  }

  private async groupLabeller(by: GroupDimension): Promise<(v: string | number | null) => string> {
    if (by === 'unit') {
      const names = await this.repo.unitNames();
      return (v) => (v === null ? '（无责任单位）' : (names.get(Number(v)) ?? `单位 ${v}`));
    }
    if (by === 'channel') {
      const channels: Record<string, string> = CHANNEL_LABELS;
      return (v) => (v === null ? '（不分渠道）' : (channels[String(v)] ?? String(v)));
    }
    if (by === 'sourceLevel') {
      return (v) => (v === null ? '（不分层级）' : (SOURCE_LEVEL_LABELS[String(v)] ?? String(v)));
    }
    return (v) => (v === null ? '—' : String(v));
  }
}
