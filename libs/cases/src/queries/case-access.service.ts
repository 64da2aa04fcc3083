import { Injectable } from '@nestjs/common';
import type { AuthUser } from '@app/auth';
import type { CaseEntity } from '../case.entity';
import { caseNotFound, caseOutOfScope, casesNotFound } from '../cases.errors';
import { CasesRepository } from '../lifecycle/cases.repository';
import { unitStake, type UnitStake } from './case-visibility';

/** Who may open a case (DESIGN §7), and the case as the caller may see it. */
@Injectable()
export class CaseAccessService {
  constructor(private readonly repo: CasesRepository) {}

  /** For records that cite cases (letters, key matters, missions): every id must be a case. */
  async assertCasesExist(caseIds: number[]): Promise<void> {
    if (caseIds.length === 0) return;
    const have = await this.repo.existing(caseIds);
    if (have.size !== new Set(caseIds).size) {
      throw casesNotFound(caseIds.filter((id) => !have.has(id)));
    }
  }

  async get(id: number, actor: AuthUser): Promise<CaseEntity> {
    const c = await this.repo.findById(id);
    if (!c) throw caseNotFound(id);
    await this.assertCanSee(c, actor);
    return c;
  }

  /** For a unit handler, what its view of the case rests on (see unitStake); null otherwise. */
  async unitStakeOf(c: CaseEntity, actor: AuthUser): Promise<UnitStake | null> {
    if (actor.role !== 'unit_handler') return null;
    return unitStake(c, await this.repo.stakeEvents(c.id), actor);
  }

  async assertCanSee(c: Pick<CaseEntity, 'id'>, actor: AuthUser): Promise<void> {
    if (!(await this.canSee(c.id, actor))) throw caseOutOfScope();
  }

  /** Whether the caller may open the case: a unit sees the cases handed to it, now or before (DESIGN §7). */
  async canSee(caseId: number, actor: AuthUser): Promise<boolean> {
    if (actor.role !== 'unit_handler') return true;
    return this.repo.everAtUnit(caseId, actor.unitId ?? -1);
  }
}
