import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, In, IsNull, type EntityManager } from 'typeorm';
import { Clock, staleVersion } from '@app/core';
import { compareAndSet, isUniqueViolation } from '@app/database';
import { UnitsService, unitInactive } from '@app/units';
import { handlerNeedsUnit, lastAdmin, usernameTaken, userNotFound } from './auth.errors';
import { checkPasswordStrength, hashPassword } from './password';
import { RateLimits } from './rate-limits';
import { RefreshTokenEntity } from './refresh-token.entity';
import { CASE_OFFICER_ROLES, type Role } from './roles';
import { SessionRegistry } from './session-registry';
import { UserEntity } from './user.entity';

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
    @InjectDataSource() private readonly db: DataSource,
    private readonly units: UnitsService,
    private readonly clock: Clock,
    private readonly sessions: SessionRegistry,
    private readonly limits: RateLimits,
  ) {}

  list(filter: UserFilter = {}): Promise<UserEntity[]> {
    return this.db.getRepository(UserEntity).find({
      where: { role: filter.role, unitId: filter.unitId, active: filter.active },
      order: { id: 'ASC' },
    });
  }

  /** The active staff a case may be given to as 承办人 (the officer picker), by name. */
  async caseOfficers(): Promise<Pick<UserEntity, 'id' | 'displayName' | 'role'>[]> {
    return this.db.getRepository(UserEntity).find({
      select: { id: true, displayName: true, role: true },
      where: { active: true, role: In([...CASE_OFFICER_ROLES]) },
      order: { displayName: 'ASC', id: 'ASC' },
    });
  }

  /** Who the given users are (audit lists name them), by id; unknown ids are left out. */
  async namesOf(ids: number[]): Promise<Map<number, UserName>> {
    const unique = [...new Set(ids)];
    if (unique.length === 0) return new Map();
    const users = await this.db.getRepository(UserEntity).find({
      select: { id: true, username: true, displayName: true, role: true },
      where: { id: In(unique) },
    });
    return new Map(
      users.map((u) => [
        u.id,
        { id: u.id, username: u.username, displayName: u.displayName, role: u.role },
      ]),
    );
  }

  async get(id: number): Promise<UserEntity> {
    const user = await this.db.getRepository(UserEntity).findOneBy({ id });
    if (!user) throw userNotFound(id);
    return user;
  }

  async create(input: CreateUserInput): Promise<UserEntity> {
    checkPasswordStrength(input.password, input.username);
    const unitId = input.unitId ?? null;
    await this.checkUnitForRole(input.role, unitId);
    const now = this.clock.now();
    const repo = this.db.getRepository(UserEntity);
    try {
      return await repo.save(
        repo.create({
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
        }),
      );
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
    await this.db.transaction(async (m) => {
      if (current.role === 'admin' && (input.active === false || roleChanged)) {
        await this.keepAnotherAdmin(m, id);
      }
      if (!(await compareAndSet(m, UserEntity, id, version, { ...changes, updatedAt: now }))) {
        throw staleVersion('用户', id);
      }
      if (endsSessions) {
        await m.update(RefreshTokenEntity, { userId: id, revokedAt: IsNull() }, { revokedAt: now });
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
    await this.db.transaction(async (m) => {
      await m.update(
        UserEntity,
        { id },
        { passwordHash, passwordChangedAt: now, mustChangePassword: true, updatedAt: now },
      );
      await m.update(RefreshTokenEntity, { userId: id, revokedAt: IsNull() }, { revokedAt: now });
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
    return this.db.getRepository(UserEntity).existsBy({ role: 'admin', active: true });
  }

  /**
   * Refuses to leave the system without an active administrator. The active admins' rows are
   * locked, so two admins demoting each other at once cannot both succeed.
   */
  private async keepAnotherAdmin(m: EntityManager, id: number): Promise<void> {
    const admins = await m.query<{ id: number }[]>(
      "SELECT id FROM users WHERE role = 'admin' AND active = 1 FOR UPDATE",
    );
    if (!admins.some((a) => Number(a.id) !== id)) throw lastAdmin(id);
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
