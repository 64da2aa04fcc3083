import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, IsNull } from 'typeorm';
import { Clock, staleVersion } from '@app/core';
import { compareAndSet, isUniqueViolation } from '@app/database';
import { UnitsService, unitInactive } from '@app/units';
import { handlerNeedsUnit, usernameTaken, userNotFound } from './auth.errors';
import { checkPasswordStrength, hashPassword } from './password';
import { RefreshTokenEntity } from './refresh-token.entity';
import type { Role } from './roles';
import { SessionRegistry } from './session-registry';
import { UserEntity } from './user.entity';

export interface CreateUserInput {
  username: string;
  displayName: string;
  password: string;
  role: Role;
  unitId?: number | null;
}

export interface UpdateUserInput {
  version: number;
  displayName?: string;
  role?: Role;
  unitId?: number | null;
  active?: boolean;
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
  ) {}

  list(filter: UserFilter = {}): Promise<UserEntity[]> {
    return this.db.getRepository(UserEntity).find({
      where: { role: filter.role, unitId: filter.unitId, active: filter.active },
      order: { id: 'ASC' },
    });
  }

  async get(id: number): Promise<UserEntity> {
    const user = await this.db.getRepository(UserEntity).findOneBy({ id });
    if (!user) throw userNotFound(id);
    return user;
  }

  async create(input: CreateUserInput): Promise<UserEntity> {
    checkPasswordStrength(input.password);
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
          failedLoginCount: 0,
          lockedUntil: null,
          lastLoginAt: null,
          passwordChangedAt: now,
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
    await this.db.transaction(async (m) => {
      if (!(await compareAndSet(m, UserEntity, id, version, { ...changes, updatedAt: now }))) {
        throw staleVersion('用户', id);
      }
      // A disabled account, or one whose role or unit changed, must sign in again.
      const unitChanged = input.unitId !== undefined && input.unitId !== current.unitId;
      if (input.active === false || (input.role && input.role !== current.role) || unitChanged) {
        await m.update(RefreshTokenEntity, { userId: id, revokedAt: IsNull() }, { revokedAt: now });
        await this.sessions.endSessions(m, id);
      }
    });
    return this.get(id);
  }

  async resetPassword(id: number, newPassword: string): Promise<void> {
    checkPasswordStrength(newPassword);
    await this.get(id);
    const now = this.clock.now();
    const passwordHash = await hashPassword(newPassword);
    await this.db.transaction(async (m) => {
      await m.update(
        UserEntity,
        { id },
        {
          passwordHash,
          passwordChangedAt: now,
          failedLoginCount: 0,
          lockedUntil: null,
          updatedAt: now,
        },
      );
      await m.update(RefreshTokenEntity, { userId: id, revokedAt: IsNull() }, { revokedAt: now });
      await this.sessions.endSessions(m, id);
    });
  }

  async unlock(id: number): Promise<UserEntity> {
    await this.get(id);
    await this.db
      .getRepository(UserEntity)
      .update({ id }, { failedLoginCount: 0, lockedUntil: null, updatedAt: this.clock.now() });
    return this.get(id);
  }

  /** True when at least one active administrator exists. */
  async hasActiveAdmin(): Promise<boolean> {
    return this.db.getRepository(UserEntity).existsBy({ role: 'admin', active: true });
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
