import { Injectable } from '@nestjs/common';
import type { AuthUser } from '@app/auth';
import { shanghaiDate } from '@app/calendar';
import { CasesService, type SourceLevel } from '@app/cases';
import { AppConfig, Clock, staleVersion } from '@app/core';
import type { KeyMatterEntity, KeyMatterProgressEntity } from './key-matter.entity';
import {
  keyMatterClosed,
  keyMatterInvalid,
  keyMatterNotFound,
  keyMatterSlotsMissing,
} from './key-matter.errors';
import {
  FIVE_SLOTS,
  type FiveSlot,
  type KeyMatterCategory,
  type Outcome,
} from './key-matter-vocabulary';
import { KeyMattersRepository } from './key-matters.repository';

export interface KeyMatterSlots {
  leaderInCharge?: string | null;
  taskForce?: string | null;
  plan?: string | null;
  measures?: string | null;
  deadline?: string | null;
}

export interface CreateKeyMatterInput extends KeyMatterSlots {
  title: string;
  category: KeyMatterCategory;
  description: string;
  caseIds: number[];
  sourceLevel: SourceLevel;
  externalRef?: string;
  reportDueDate?: string;
}

export interface ResolveInput {
  version: number;
  resolved: boolean;
  date: string;
  outcomes: Outcome[];
  evidence: string;
}

export interface KeyMatterView {
  matter: KeyMatterEntity;
  caseIds: number[];
  slots: { slot: FiveSlot; filled: boolean; required: boolean }[];
  progress: KeyMatterProgressEntity[];
  planOverdue: boolean;
  reportOverdue: boolean;
}

@Injectable()
export class KeyMattersService {
  constructor(
    private readonly matters: KeyMattersRepository,
    private readonly clock: Clock,
    private readonly cases: CasesService,
    private readonly config: AppConfig,
  ) {}

  async create(input: CreateKeyMatterInput, actor: AuthUser): Promise<KeyMatterView> {
    const caseIds = [...new Set(input.caseIds)];
    await this.cases.assertCasesExist(caseIds);
    if (input.sourceLevel !== 'district' && !input.reportDueDate) {
      throw keyMatterInvalid(
        'REPORT_DUE_DATE_REQUIRED',
        '上级交办的重点事项须填写报送期限',
        'reportDueDate',
      );
    }
    const now = this.clock.now();
    const id = await this.matters.insert(
      {
        title: input.title,
        category: input.category,
        description: input.description,
        sourceLevel: input.sourceLevel,
        externalRef: input.externalRef ?? null,
        reportDueDate: input.reportDueDate ?? null,
        reportedAt: null,
        leaderInCharge: input.leaderInCharge ?? null,
        taskForce: input.taskForce ?? null,
        plan: input.plan ?? null,
        measures: input.measures ?? null,
        deadline: input.deadline ?? null,
        status: 'open',
        resolvedDate: null,
        outcomeSolved: false,
        outcomeEducated: false,
        outcomeAssisted: false,
        outcomeDealtByLaw: false,
        evidence: null,
        createdBy: actor.id,
        version: 1,
        createdAt: now,
        updatedAt: now,
      },
      caseIds,
    );
    return this.view(id);
  }

  /** Fills or changes the 五个一 slots and the description; a stale version gets 409. */
  async update(
    id: number,
    input: KeyMatterSlots & { version: number; title?: string; description?: string },
  ) {
    const matter = await this.get(id);
    if (matter.status !== 'open') throw keyMatterClosed();
    const { version, ...changes } = input;
    if (
      !(await this.matters.update(id, version, {
        ...changes,
        updatedAt: this.clock.now(),
      }))
    ) {
      throw staleVersion('重点信访事项', id);
    }
    return this.view(id);
  }

  async addProgress(id: number, input: { date: string; note: string }, actor: AuthUser) {
    const matter = await this.get(id);
    if (matter.status !== 'open') throw keyMatterClosed();
    if (input.date > shanghaiDate(this.clock.now())) {
      throw keyMatterInvalid('PROGRESS_IN_FUTURE', '进展日期不能晚于今天', 'date');
    }
    await this.matters.addProgress({
      keyMatterId: id,
      date: input.date,
      note: input.note,
      actorId: actor.id,
      createdAt: this.clock.now(),
    });
    return this.view(id);
  }

  /** 化解 needs every 五个一 slot filled and at least one 三到位一处理 outcome. */
  async resolve(id: number, input: ResolveInput) {
    const matter = await this.get(id);
    if (matter.status !== 'open') throw keyMatterClosed();
    if (input.date > shanghaiDate(this.clock.now())) {
      throw keyMatterInvalid('RESOLVED_IN_FUTURE', '化解日期不能晚于今天', 'date');
    }
    if (input.resolved) {
      // The bureau chooses which of the five must be in place (KEY_MATTER_REQUIRED_SLOTS).
      const required = FIVE_SLOTS.filter((s) => this.config.bureau.requiredSlots.includes(s));
      const missing = required.filter((s) => !filled(matter, s));
      if (missing.length) throw keyMatterSlotsMissing(missing);
      if (input.outcomes.length === 0) {
        throw keyMatterInvalid(
          'OUTCOME_REQUIRED',
          '认定化解须说明“三到位一处理”的落实情况',
          'outcomes',
        );
      }
    }
    const ok = await this.matters.update(id, input.version, {
      status: input.resolved ? 'resolved' : 'unresolved',
      resolvedDate: input.date,
      outcomeSolved: input.outcomes.includes('solved'),
      outcomeEducated: input.outcomes.includes('educated'),
      outcomeAssisted: input.outcomes.includes('assisted'),
      outcomeDealtByLaw: input.outcomes.includes('dealt_by_law'),
      evidence: input.evidence,
      updatedAt: this.clock.now(),
    });
    if (!ok) throw staleVersion('重点信访事项', id);
    return this.view(id);
  }

  /** The report back to the upper office that assigned the matter. */
  async report(id: number, version: number) {
    const matter = await this.get(id);
    if (!matter.reportDueDate)
      throw keyMatterInvalid('NOT_ASSIGNED_FROM_ABOVE', '该事项不是上级交办事项');
    if (
      !(await this.matters.update(id, version, {
        reportedAt: this.clock.now(),
        updatedAt: this.clock.now(),
      }))
    ) {
      throw staleVersion('重点信访事项', id);
    }
    return this.view(id);
  }

  async view(id: number): Promise<KeyMatterView> {
    const matter = await this.get(id);
    const [caseIds, progress] = await Promise.all([
      this.matters.caseIdsOf(id),
      this.matters.progressOf(id),
    ]);
    return this.toView(matter, caseIds, progress);
  }

  async list(filter: {
    status?: string;
    category?: KeyMatterCategory;
    leader?: string;
    planOverdue?: boolean;
  }) {
    const today = shanghaiDate(this.clock.now());
    const matters = await this.matters.list(filter, today);
    return matters.map((m) => this.toView(m, [], []));
  }

  /** Leadership view: open matters by leader in charge, overdue plans, resolved in the year. */
  async summary(year: number) {
    const today = shanghaiDate(this.clock.now());
    const byLeader = await this.matters.openByLeader(today);
    const resolved = await this.matters.countResolvedBetween(`${year}-01-01`, `${year}-12-31`);
    const reportOverdue = await this.matters.countReportOverdue(today);
    return {
      year,
      openByLeader: byLeader.map((r) => ({
        leader: r.leader,
        open: Number(r.open),
        planOverdue: Number(r.overdue ?? 0),
      })),
      planOverdue: byLeader.reduce((n, r) => n + Number(r.overdue ?? 0), 0),
      reportOverdue,
      resolvedThisYear: resolved,
    };
  }

  private async get(id: number): Promise<KeyMatterEntity> {
    const matter = await this.matters.findById(id);
    if (!matter) throw keyMatterNotFound(id);
    return matter;
  }

  private toView(
    matter: KeyMatterEntity,
    caseIds: number[],
    progress: KeyMatterProgressEntity[],
  ): KeyMatterView {
    const today = shanghaiDate(this.clock.now());
    return {
      matter,
      caseIds,
      slots: FIVE_SLOTS.map((slot) => ({
        slot,
        filled: filled(matter, slot),
        required: this.config.bureau.requiredSlots.includes(slot),
      })),
      progress,
      planOverdue: matter.status === 'open' && matter.deadline !== null && matter.deadline < today,
      reportOverdue:
        matter.status === 'open' &&
        matter.reportDueDate !== null &&
        !matter.reportedAt &&
        matter.reportDueDate < today,
    };
  }
}

const filled = (m: KeyMatterEntity, slot: FiveSlot) => {
  const v = m[slot];
  return typeof v === 'string' && v.trim().length > 0;
};
