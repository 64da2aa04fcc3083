import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { Clock, staleVersion } from '@app/core';
import { isUniqueViolation } from '@app/database';
import { UnitsService, unitInactive } from '@app/units';
import { handlerNeedsUnit, lastAdmin, usernameTaken, userNotFound } from './auth.errors';
import { checkPasswordStrength, hashPassword } from './password';
import { RateLimits } from './rate-limits';
import { RefreshTokensRepository } from './refresh-tokens.repository';
import { HANDLING_OFFICER_ROLES, type Role } from './roles';
import { SessionRegistry } from './session-registry';
import type { UserEntity } from './user.entity';
import { UsersRepository } from './users.repository';

export interface CreateUserInput {
  username: string;
  displayName: string;
  password: string;
  role: Role;
  unitId?: number | null;
  /**
   * Whether the owner must choose a new password at first sign-in: true unless said otherwise,
   * since the password was given by someone else (an administrator, setup, the demo).
   */
  mustChangePassword?: boolean;
}

export interface UpdateUserInput {
  version: number;
  displayName?: string;
  role?: Role;
  unitId?: number | null;
  active?: boolean;
}

export interface UserName {
  id: number;
  username: string;
  displayName: string;
  role: Role;
}

export interface UserFilter {
  role?: Role;
  unitId?: number;
  active?: boolean;
}

@Injectable()
export class UsersService {
  constructor(
    private readonly users: UsersRepository,
    private readonly refreshTokens: RefreshTokensRepository,
    private readonly units: UnitsService,
    private readonly clock: Clock,
    private readonly sessions: SessionRegistry,
    private readonly limits: RateLimits,
  ) {}

  list(filter: UserFilter = {}): Promise<UserEntity[]> {
    return this.users.list(filter);
  }

  /** The active staff a case may be given to as 承办人 (the officer picker), by name. */
  async caseOfficers(): Promise<Pick<UserEntity, 'id' | 'displayName' | 'role'>[]> {
    return this.users.activeWithRoles([...HANDLING_OFFICER_ROLES]);
  }

  /** Who the given users are (audit lists name them), by id; unknown ids are left out. */
  async namesOf(ids: number[]): Promise<Map<number, UserName>> {
    const unique = [...new Set(ids)];
    if (unique.length === 0) return new Map();
    const users = await this.users.namesOf(unique);
    return new Map(
      users.map((u) => [
        u.id,
        { id: u.id, username: u.username, displayName: u.displayName, role: u.role },
      ]),
    );
  }

  async get(id: number): Promise<UserEntity> {
    const user = await this.users.findById(id);
    if (!user) throw userNotFound(id);
    return user;
  }

  async create(input: CreateUserInput): Promise<UserEntity> {
    checkPasswordStrength(input.password, input.username);
    const unitId = input.unitId ?? null;
    await this.checkUnitForRole(input.role, unitId);
    const now = this.clock.now();
    try {
      return await this.users.insert({
        username: input.username,
        displayName: input.displayName,
        passwordHash: await hashPassword(input.password),
        role: input.role,
        unitId,
        active: true,
        lastLoginAt: null,
        passwordChangedAt: now,
        mustChangePassword: input.mustChangePassword ?? true,
        version: 1,
        createdAt: now,
        updatedAt: now,
      });
    } catch (e) {
      if (isUniqueViolation(e, 'uq_users_username')) throw usernameTaken(input.username);
      throw e;
    }
  }

  async update(id: number, input: UpdateUserInput): Promise<UserEntity> {
    const current = await this.get(id);
    const role = input.role ?? current.role;
    const unitId = input.unitId !== undefined ? input.unitId : current.unitId;
    if (input.role !== undefined || input.unitId !== undefined)
      await this.checkUnitForRole(role, unitId);
    const { version, ...changes } = input;
    const now = this.clock.now();
    const unitChanged = input.unitId !== undefined && input.unitId !== current.unitId;
    const roleChanged = input.role !== undefined && input.role !== current.role;
    // A disabled account, or one whose role or unit changed, must sign in again.
    const endsSessions = input.active === false || roleChanged || unitChanged;
    await this.users.transaction(async (m) => {
      if (current.role === 'admin' && (input.active === false || roleChanged)) {
        await this.keepAnotherAdmin(m, id);
      }
      if (!(await this.users.update(m, id, version, { ...changes, updatedAt: now }))) {
        throw staleVersion('用户', id);
      }
      if (endsSessions) {
        await this.refreshTokens.revokeAllOf(m, id, now);
        await this.sessions.endSessions(m, id);
      }
    });
    if (endsSessions) await this.sessions.announce(id);
    return this.get(id);
  }

  async resetPassword(id: number, newPassword: string): Promise<void> {
    const user = await this.get(id);
    checkPasswordStrength(newPassword, user.username);
    const now = this.clock.now();
    const passwordHash = await hashPassword(newPassword);
    await this.users.transaction(async (m) => {
      await this.users.setPassword(
        id,
        { passwordHash, passwordChangedAt: now, mustChangePassword: true, updatedAt: now },
        m,
      );
      await this.refreshTokens.revokeAllOf(m, id, now);
      await this.sessions.endSessions(m, id);
    });
    await this.sessions.announce(id);
    await this.limits.clearSignIn(user.username.toLowerCase());
  }

  /** Lifts the sign-in locks of the account, from every address. */
  async unlock(id: number): Promise<UserEntity> {
    const user = await this.get(id);
    await this.limits.clearSignIn(user.username.toLowerCase());
    return user;
  }

  /** True when at least one active administrator exists. */
  async hasActiveAdmin(): Promise<boolean> {
    return this.users.hasActiveAdmin();
  }

  /**
   * Refuses to leave the system without an active administrator. The active admins' rows are
   * locked, so two admins demoting each other at once cannot both succeed.
   */
  private async keepAnotherAdmin(m: EntityManager, id: number): Promise<void> {
    const admins = await this.users.lockActiveAdminIds(m);
    if (!admins.some((admin) => admin !== id)) throw lastAdmin(id);
  }

  private async checkUnitForRole(role: Role, unitId: number | null): Promise<void> {
    if (unitId === null) {
      if (role === 'unit_handler') throw handlerNeedsUnit();
      return;
    }
    const unit = await this.units.get(unitId);
    if (!unit.active) throw unitInactive(unitId);
    if (role === 'unit_handler' && unit.kind !== 'district_unit') throw handlerNeedsUnit();
  }
}
