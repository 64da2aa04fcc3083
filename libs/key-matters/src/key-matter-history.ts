import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { SourceLevel } from '@app/cases';
import { Clock } from '@app/core';
import {
  KeyMatterCaseEntity,
  KeyMatterEntity,
  KeyMatterProgressEntity,
  PersuasionMissionCaseEntity,
  PersuasionMissionEntity,
} from './key-matter.entity';
import type { KeyMatterCategory, MissionKind, Outcome } from './key-matter-vocabulary';

export interface KeyMatterHistoryInput {
  title: string;
  category: KeyMatterCategory;
  description: string;
  sourceLevel: SourceLevel;
  externalRef?: string | null;
  reportDueDate?: string | null;
  reportedAt?: Date | null;
  caseIds: number[];
  leaderInCharge?: string | null;
  taskForce?: string | null;
  plan?: string | null;
  measures?: string | null;
  deadline?: string | null;
  listedAt: Date;
  progress: { date: string; note: string }[];
  resolution?: {
    resolved: boolean;
    date: string;
    outcomes: Outcome[];
    evidence: string;
  } | null;
}

export interface MissionHistoryInput {
  kind: MissionKind;
  place: string;
  startDate: string;
  endDate: string;
  staff: string;
  personsPersuaded: number;
  personsReturned: number;
  cost: number;
  note?: string | null;
  caseIds: number[];
}

/**
 * Writes past key matters (with their resolution) and persuasion missions inside the caller's
 * transaction, dated when they happened, with the rows the live services would have left.
 */
@Injectable()
export class KeyMatterHistoryWriter {
  constructor(private readonly clock: Clock) {}

  async writeKeyMatter(
    m: EntityManager,
    input: KeyMatterHistoryInput,
    actorId: number,
  ): Promise<number> {
    const now = this.clock.now();
    const r = input.resolution;
    const res = await m.insert(KeyMatterEntity, {
      title: input.title,
      category: input.category,
      description: input.description,
      sourceLevel: input.sourceLevel,
      externalRef: input.externalRef ?? null,
      reportDueDate: input.reportDueDate ?? null,
      reportedAt: input.reportedAt ?? null,
      leaderInCharge: input.leaderInCharge ?? null,
      taskForce: input.taskForce ?? null,
      plan: input.plan ?? null,
      measures: input.measures ?? null,
      deadline: input.deadline ?? null,
      status: r ? (r.resolved ? 'resolved' : 'unresolved') : 'open',
      resolvedDate: r?.date ?? null,
      outcomeSolved: !!r?.outcomes.includes('solved'),
      outcomeEducated: !!r?.outcomes.includes('educated'),
      outcomeAssisted: !!r?.outcomes.includes('assisted'),
      outcomeDealtByLaw: !!r?.outcomes.includes('dealt_by_law'),
      evidence: r?.evidence ?? null,
      createdBy: actorId,
      version: 1,
      // Listed in the ledger when the records say, so "listed in year N" counts it in year N.
      createdAt: input.listedAt,
      updatedAt: now,
    });
    const id = Number(res.identifiers[0].id);
    if (input.caseIds.length) {
      await m.insert(
        KeyMatterCaseEntity,
        input.caseIds.map((caseId) => ({ keyMatterId: id, caseId })),
      );
    }
    if (input.progress.length) {
      await m.insert(
        KeyMatterProgressEntity,
        input.progress.map((p) => ({
          keyMatterId: id,
          date: p.date,
          note: p.note,
          actorId,
          createdAt: now,
        })),
      );
    }
    return id;
  }

  async writeMission(m: EntityManager, input: MissionHistoryInput, actorId: number) {
    const res = await m.insert(PersuasionMissionEntity, {
      kind: input.kind,
      place: input.place,
      startDate: input.startDate,
      endDate: input.endDate,
      staff: input.staff,
      personsPersuaded: input.personsPersuaded,
      personsReturned: input.personsReturned,
      cost: input.cost.toFixed(2),
      note: input.note ?? null,
      createdBy: actorId,
      createdAt: this.clock.now(),
    });
    const id = Number(res.identifiers[0].id);
    if (input.caseIds.length) {
      await m.insert(
        PersuasionMissionCaseEntity,
        input.caseIds.map((caseId) => ({ missionId: id, caseId })),
      );
    }
    return id;
  }
}
