import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { AuthUser } from '@app/auth';
import { AppConfig, Clock } from '@app/core';
import { isUniqueViolation } from '@app/database';
import { renderReportDocx, renderReportHtml, renderReportPdf } from '@app/documents';
import { METRICS, MetricsService, figureOf } from '@app/metrics';
import {
  summarizeBudget,
  type BudgetLine,
  type BudgetSummary,
  type Share,
  type ExpenditureNature,
  type FundingSource,
} from './budget';
import { bindingKeys, evaluate, placeholderValues, reportDoc, type Evaluation } from './evaluation';
import { defaultIndicators, type Indicator, type IndicatorNature } from './indicators';
import { toDecimalString, toHundredths } from './money';
import {
  SECTION_KEYS,
  SECTION_TITLES,
  defaultSections,
  placeholdersIn,
  type SectionKey,
  type Sections,
} from './narrative';
import type { SelfEvaluationEntity } from './self-evaluation.entity';
import {
  selfEvaluationExists,
  selfEvaluationInvalid,
  selfEvaluationNotFound,
  staleSelfEvaluation,
} from './self-evaluation.errors';
import { SelfEvaluationsRepository } from './self-evaluations.repository';

/** A budget line as the API takes it: amounts in 万元 with at most two decimals. */
export interface BudgetLineInput {
  name: string;
  fundingSource: FundingSource;
  nature: ExpenditureNature;
  budget: number;
  executed: number;
  carryOver?: number;
}

export interface IndicatorInput {
  level1: string;
  level2: string;
  level3: string;
  nature: IndicatorNature;
  target: number;
  unit: string;
  weight: number;
  metricKey?: string | null;
  enteredActual?: number | null;
  reason?: string | null;
}

export interface SelfEvaluationPatch {
  version: number;
  departmentName?: string;
  sections?: Partial<Sections>;
}

export type ReportFormat = 'docx' | 'html' | 'pdf';

const amount = (v: string | null): number | null => (v === null ? null : toHundredths(v));

@Injectable()
export class SelfEvaluationService {
  constructor(
    private readonly evaluations: SelfEvaluationsRepository,
    private readonly metrics: MetricsService,
    private readonly clock: Clock,
    private readonly config: AppConfig,
  ) {}

  /**
   * Opens a year: profile, narrative and indicator table are copied from the latest earlier year
   * (targets and weights kept; entered actuals and deviation reasons cleared), or start from the
   * defaults. Budget lines are the new year's money and start empty.
   */
  async create(year: number, departmentName: string | undefined, actor: AuthUser) {
    const now = this.clock.now();
    try {
      await this.evaluations.transaction(async (m) => {
        const previous = await this.evaluations.latestBefore(m, year);
        const indicators: Indicator[] = previous
          ? (await this.loadIndicators(previous.year, m)).map((i) => ({
              ...i,
              enteredActual: null,
              reason: null,
            }))
          : defaultIndicators();
        await this.evaluations.insert(m, {
          year,
          departmentName: departmentName ?? previous?.departmentName ?? this.config.bureau.name,
          sections: previous?.sections ?? JSON.stringify(defaultSections()),
          declaredBudget: null,
          declaredExecuted: null,
          copiedFromYear: previous?.year ?? null,
          version: 1,
          createdAt: now,
          updatedAt: now,
          updatedBy: actor.id,
        });
        await this.writeIndicators(m, year, indicators);
      });
    } catch (e) {
      if (isUniqueViolation(e)) throw selfEvaluationExists(year);
      throw e;
    }
    return this.view(year);
  }

  /** Whether the year has been opened. */
  exists(year: number): Promise<boolean> {
    return this.evaluations.exists(year);
  }

  /** The year with everything computed: budget summary, scored indicators, rendered text, checks. */
  async view(year: number) {
    const row = await this.find(year);
    const evaluation = await this.evaluation(year, row);
    return {
      year,
      version: row.version,
      departmentName: row.departmentName,
      copiedFromYear: row.copiedFromYear,
      updatedAt: row.updatedAt,
      sections: this.sectionsOf(row),
      declaredBudget: wanOrNull(row.declaredBudget),
      declaredExecuted: wanOrNull(row.declaredExecuted),
      budgetLines: (await this.evaluations.budgetLines(year)).map((l) => ({
        name: l.name,
        fundingSource: l.fundingSource,
        nature: l.nature,
        budget: Number(l.budget),
        executed: Number(l.executed),
        carryOver: Number(l.carryOver),
      })),
      evaluation: { ...evaluation, budget: budgetInWan(evaluation.budget) },
    };
  }

  async update(year: number, patch: SelfEvaluationPatch, actor: AuthUser) {
    const row = await this.find(year);
    const sections = { ...this.sectionsOf(row), ...(patch.sections ?? {}) };
    if (patch.sections) this.assertPlaceholders(year, patch.sections);
    const set: Partial<SelfEvaluationEntity> = {
      sections: JSON.stringify(sections),
      updatedAt: this.clock.now(),
      updatedBy: actor.id,
    };
    if (patch.departmentName !== undefined) set.departmentName = patch.departmentName;
    await this.evaluations.transaction((m) => this.bump(m, year, patch.version, set));
    return this.view(year);
  }

  /** Replaces the year's budget lines (and, when given, the totals declared in the final accounts). */
  async replaceBudgetLines(
    year: number,
    version: number,
    lines: BudgetLineInput[],
    actor: AuthUser,
    declared: { budget?: number | null; executed?: number | null } = {},
  ) {
    await this.find(year);
    const set: Partial<SelfEvaluationEntity> = { updatedAt: this.clock.now(), updatedBy: actor.id };
    if (declared.budget !== undefined) set.declaredBudget = decimalOrNull(declared.budget);
    if (declared.executed !== undefined) set.declaredExecuted = decimalOrNull(declared.executed);
    await this.evaluations.transaction(async (m) => {
      await this.bump(m, year, version, set);
      await this.evaluations.replaceBudgetLines(
        m,
        year,
        lines.map((l, position) => ({
          year,
          position,
          name: l.name,
          fundingSource: l.fundingSource,
          nature: l.nature,
          budget: toDecimalString(toHundredths(l.budget)),
          executed: toDecimalString(toHundredths(l.executed)),
          carryOver: toDecimalString(toHundredths(l.carryOver ?? 0)),
        })),
      );
    });
    return this.view(year);
  }

  async replaceIndicators(
    year: number,
    version: number,
    indicators: IndicatorInput[],
    actor: AuthUser,
  ) {
    await this.find(year);
    const keys = new Set(bindingKeys(BLANK_FIGURES()));
    indicators.forEach((i, index) => {
      if (i.metricKey && !keys.has(i.metricKey)) {
        throw selfEvaluationInvalid(
          'UNKNOWN_METRIC',
          `第 ${index + 1} 项指标绑定的统计指标 ${i.metricKey} 不存在`,
          {
            field: `indicators.${index}.metricKey`,
            allowed: [...keys],
          },
        );
      }
    });
    await this.evaluations.transaction(async (m) => {
      await this.bump(m, year, version, { updatedAt: this.clock.now(), updatedBy: actor.id });
      await this.evaluations.deleteIndicators(m, year);
      await this.writeIndicators(
        m,
        year,
        indicators.map((i) => ({
          ...i,
          metricKey: i.metricKey ?? null,
          enteredActual: i.enteredActual ?? null,
          reason: i.reason?.trim() ? i.reason.trim() : null,
        })),
      );
    });
    return this.view(year);
  }

  async evaluation(year: number, row?: SelfEvaluationEntity): Promise<Evaluation> {
    row ??= await this.find(year);
    const [lines, indicators, figures] = await Promise.all([
      this.evaluations.budgetLines(year),
      this.loadIndicators(year),
      this.metrics.yearFigures(year),
    ]);
    return evaluate({
      year,
      departmentName: row.departmentName,
      sections: this.sectionsOf(row),
      lines: lines.map((l): BudgetLine => ({
        name: l.name,
        fundingSource: l.fundingSource,
        nature: l.nature,
        budget: toHundredths(l.budget),
        executed: toHundredths(l.executed),
        carryOver: toHundredths(l.carryOver),
      })),
      declared: { budget: amount(row.declaredBudget), executed: amount(row.declaredExecuted) },
      indicators,
      figures,
    });
  }

  async report(
    year: number,
    format: ReportFormat,
  ): Promise<{ body: Buffer | string; filename: string }> {
    const e = await this.evaluation(year);
    const doc = reportDoc(e);
    const filename = `${year}年部门整体支出绩效自评报告.${format}`;
    switch (format) {
      case 'docx':
        return { body: await renderReportDocx(doc), filename };
      case 'pdf':
        return { body: await renderReportPdf(doc), filename };
      case 'html':
        return { body: renderReportHtml(doc), filename };
    }
  }

  private async find(year: number): Promise<SelfEvaluationEntity> {
    const row = await this.evaluations.find(year);
    if (!row) throw selfEvaluationNotFound(year);
    return row;
  }

  private sectionsOf(row: SelfEvaluationEntity): Sections {
    const stored = JSON.parse(row.sections) as Partial<Sections>;
    const defaults = defaultSections();
    return Object.fromEntries(SECTION_KEYS.map((k) => [k, stored[k] ?? defaults[k]])) as Sections;
  }

  /** A section may use only placeholders the report can fill. */
  private assertPlaceholders(year: number, sections: Partial<Sections>) {
    const known = placeholderValues(
      { year, departmentName: '' },
      BLANK_FIGURES(),
      summarizeBudget([]),
      0,
    );
    const unknown = (Object.entries(sections) as [SectionKey, string][]).flatMap(([key, text]) =>
      placeholdersIn(text)
        .filter((name) => !(name in known))
        .map((name) => ({ section: key, title: SECTION_TITLES[key], placeholder: name })),
    );
    if (unknown.length) {
      throw selfEvaluationInvalid(
        'UNKNOWN_PLACEHOLDER',
        `占位符 ${unknown.map((u) => `{{${u.placeholder}}}`).join('、')} 没有对应的数据`,
        { unknown, known: Object.keys(known) },
      );
    }
  }

  /** Compare-and-set on the year's version: a stale edit gets 409, never a silent overwrite. */
  private async bump(
    m: EntityManager,
    year: number,
    version: number,
    set: Partial<SelfEvaluationEntity>,
  ) {
    if (!(await this.evaluations.bump(m, year, version, set))) throw staleSelfEvaluation(year);
  }

  private async loadIndicators(year: number, m?: EntityManager): Promise<Indicator[]> {
    const rows = await this.evaluations.indicators(year, m);
    return rows.map((r) => ({
      level1: r.level1,
      level2: r.level2,
      level3: r.level3,
      nature: r.nature,
      target: Number(r.target),
      unit: r.unit,
      weight: Number(r.weight),
      metricKey: r.metricKey,
      enteredActual: r.enteredActual === null ? null : Number(r.enteredActual),
      reason: r.reason,
    }));
  }

  private async writeIndicators(m: EntityManager, year: number, indicators: Indicator[]) {
    await this.evaluations.insertIndicators(
      m,
      indicators.map((i, position) => ({
        year,
        position,
        level1: i.level1,
        level2: i.level2,
        level3: i.level3,
        nature: i.nature,
        target: toDecimalString(toHundredths(i.target)),
        unit: i.unit,
        weight: toDecimalString(toHundredths(i.weight)),
        metricKey: i.metricKey,
        enteredActual:
          i.enteredActual === null ? null : toDecimalString(toHundredths(i.enteredActual)),
        reason: i.reason,
      })),
    );
  }
}

/** Every figure with no items: enough to know the keys and placeholder names without computing. */
const BLANK_FIGURES = () => METRICS.map((m) => figureOf(m, []));
const wan = (h: number) => h / 100;
const wanOrNull = (v: string | null) => (v === null ? null : wan(toHundredths(v)));
const shareInWan = (s: Share) => ({ ...s, budget: wan(s.budget), executed: wan(s.executed) });

/** The summary as the API shows it: amounts in 万元, like the input. */
function budgetInWan(s: BudgetSummary) {
  return {
    budget: wan(s.budget),
    executed: wan(s.executed),
    carryOver: wan(s.carryOver),
    executionRate: s.executionRate,
    bySource: Object.fromEntries(Object.entries(s.bySource).map(([k, v]) => [k, shareInWan(v)])),
    byNature: Object.fromEntries(Object.entries(s.byNature).map(([k, v]) => [k, shareInWan(v)])),
  };
}

const decimalOrNull = (v: number | null) => (v === null ? null : toDecimalString(toHundredths(v)));
