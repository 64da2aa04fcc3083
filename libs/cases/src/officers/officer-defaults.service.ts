import { Injectable } from '@nestjs/common';
import { HANDLING_OFFICER_ROLES, UsersRepository, type AuthUser } from '@app/auth';
import { Clock, staleVersion } from '@app/core';
import { isUniqueViolation } from '@app/database';
import { CategoriesService } from '../categories/categories.service';
import type { Source } from '../case-vocabulary';
import {
  categoryNotFirstLevel,
  officerDefaultExists,
  officerDefaultNotFound,
} from '../cases.errors';
import { assertCaseOfficer } from './case-officers';
import type { OfficerDefaultEntity, SourceKind } from './officer-default.entity';
import { OfficerDefaultsRepository } from './officer-defaults.repository';

/** What the rule looks at: the case's content category and where it came from. */
export interface OfficerRuleFacts {
  categoryCode: string;
  source: Source;
}

/** A default officer rule with its officer's name, as the administrator's list shows it. */
export type OfficerDefaultView = OfficerDefaultEntity & { officerName: string | null };

const ANY = '*';
export const scopeOf = (categoryCode: string | null, sourceKind: SourceKind | null) =>
  `${categoryCode ?? ANY}|${sourceKind ?? ANY}`;
export const sourceKindOf = (source: Source): SourceKind =>
  source === 'direct' ? 'direct' : 'handed_down';

/** The first-level content category a rule names (the first two digits of a code). */
const firstLevel = (categoryCode: string) => categoryCode.slice(0, 2);

/**
 * Who becomes a new case's 承办人 when nobody is named (DESIGN §9, issue 17): the registering
 * user when they handle cases themselves; otherwise the administrator's default officer for the
 * case's first-level category and/or source, the most specific rule first; otherwise nobody, and
 * the case waits in the unassigned queue (待领取) for an officer to take it.
 */
@Injectable()
export class OfficerDefaultsService {
  constructor(
    private readonly rules: OfficerDefaultsRepository,
    private readonly users: UsersRepository,
    private readonly categories: CategoriesService,
    private readonly clock: Clock,
  ) {}

  /** Registration's choice when no officer is named: the actor if they handle cases, else the rule. */
  async officerFor(actor: Pick<AuthUser, 'id' | 'role'>, facts: OfficerRuleFacts) {
    if (HANDLING_OFFICER_ROLES.includes(actor.role)) return actor.id;
    return this.defaultFor(facts);
  }

  /** The rule's officer for these facts, or null (the unassigned queue). */
  async defaultFor(facts: OfficerRuleFacts): Promise<number | null> {
    return (await this.defaultsFor([facts]))[0];
  }

  /** The rule's officer for each of many cases (an import), in a couple of queries. */
  async defaultsFor(facts: OfficerRuleFacts[]): Promise<(number | null)[]> {
    if (!facts.length) return [];
    const all = await this.rules.all();
    if (!all.length) return facts.map(() => null);
    // Only the officers the rules name are looked up, not every officer of the bureau.
    const active = await this.users.activeAmong(
      [...new Set(all.map((r) => r.officerId))],
      [...HANDLING_OFFICER_ROLES],
    );
    // A rule whose officer left or changed role is passed over, not followed.
    const byScope = new Map(all.filter((r) => active.has(r.officerId)).map((r) => [r.scope, r]));
    return facts.map((f) => {
      const category = firstLevel(f.categoryCode);
      const kind = sourceKindOf(f.source);
      const rule =
        byScope.get(scopeOf(category, kind)) ??
        byScope.get(scopeOf(category, null)) ??
        byScope.get(scopeOf(null, kind)) ??
        byScope.get(scopeOf(null, null));
      return rule?.officerId ?? null;
    });
  }

  async list(): Promise<OfficerDefaultView[]> {
    const all = await this.rules.all();
    const names = new Map(
      (await this.users.namesOf([...new Set(all.map((r) => r.officerId))])).map((u) => [
        u.id,
        u.displayName,
      ]),
    );
    return all.map((r) => ({ ...r, officerName: names.get(r.officerId) ?? null }));
  }

  async create(
    input: { categoryCode?: string | null; sourceKind?: SourceKind | null; officerId: number },
    actor: AuthUser,
  ): Promise<OfficerDefaultView> {
    const categoryCode = input.categoryCode ?? null;
    const sourceKind = input.sourceKind ?? null;
    if (categoryCode !== null) await this.assertFirstLevel(categoryCode);
    await assertCaseOfficer(this.users, input.officerId);
    const scope = scopeOf(categoryCode, sourceKind);
    try {
      const id = await this.rules.insert({
        scope,
        categoryCode,
        sourceKind,
        officerId: input.officerId,
        version: 1,
        updatedBy: actor.id,
        updatedAt: this.clock.now(),
      });
      return this.get(id);
    } catch (e) {
      if (isUniqueViolation(e)) throw officerDefaultExists(scope);
      throw e;
    }
  }

  async update(
    id: number,
    input: { officerId: number; version: number },
    actor: AuthUser,
  ): Promise<OfficerDefaultView> {
    await this.existing(id);
    await assertCaseOfficer(this.users, input.officerId);
    const changed = await this.rules.update(id, input.version, {
      officerId: input.officerId,
      updatedBy: actor.id,
      updatedAt: this.clock.now(),
    });
    if (!changed) throw staleVersion('默认承办人规则', id);
    return this.get(id);
  }

  async remove(id: number): Promise<void> {
    if (!(await this.rules.delete(id))) throw officerDefaultNotFound(id);
  }

  private async get(id: number): Promise<OfficerDefaultView> {
    const found = (await this.list()).find((r) => r.id === id);
    if (!found) throw officerDefaultNotFound(id);
    return found;
  }

  private async existing(id: number): Promise<OfficerDefaultEntity> {
    const found = await this.rules.findById(id);
    if (!found) throw officerDefaultNotFound(id);
    return found;
  }

  private async assertFirstLevel(code: string): Promise<void> {
    const category = (await this.categories.list()).find((c) => c.code === code);
    if (!category || category.level !== 1) throw categoryNotFirstLevel(code);
  }
}
