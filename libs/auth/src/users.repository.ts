import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, In, type EntityManager } from 'typeorm';
import { compareAndSet } from '@app/database';
import type { Role } from './roles';
import { UserEntity } from './user.entity';

/** The `users` table (TypeORM). Writes inside a transaction take its manager. */
@Injectable()
export class UsersRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  /** One transaction for `users` and `refresh_tokens` together. */
  transaction<T>(work: (m: EntityManager) => Promise<T>): Promise<T> {
    return this.db.transaction(work);
  }

  list(filter: { role?: Role; unitId?: number; active?: boolean }): Promise<UserEntity[]> {
    return this.db.getRepository(UserEntity).find({
      where: { role: filter.role, unitId: filter.unitId, active: filter.active },
      order: { id: 'ASC' },
    });
  }

  /** The ids of a unit's active handlers, read inside `m` (a writer's transaction) when given. */
  async activeUnitHandlerIds(
    unitId: number,
    m: EntityManager = this.db.manager,
  ): Promise<number[]> {
    const rows = await m.find(UserEntity, {
      select: { id: true },
      where: { role: 'unit_handler', unitId, active: true },
      order: { id: 'ASC' },
    });
    return rows.map((u) => u.id);
  }

  /** Of these users, the ids of those active in one of the roles. */
  async activeAmong(ids: number[], roles: Role[]): Promise<Set<number>> {
    if (ids.length === 0) return new Set();
    const rows = await this.db.getRepository(UserEntity).find({
      select: { id: true },
      where: { id: In(ids), active: true, role: In(roles) },
    });
    return new Set(rows.map((u) => u.id));
  }

  /** Active users of the given roles, by name. */
  activeWithRoles(roles: Role[]): Promise<Pick<UserEntity, 'id' | 'displayName' | 'role'>[]> {
    return this.db.getRepository(UserEntity).find({
      select: { id: true, displayName: true, role: true },
      where: { active: true, role: In(roles) },
      order: { displayName: 'ASC', id: 'ASC' },
    });
  }

  namesOf(ids: number[]): Promise<Pick<UserEntity, 'id' | 'username' | 'displayName' | 'role'>[]> {
    return this.db.getRepository(UserEntity).find({
      select: { id: true, username: true, displayName: true, role: true },
      where: { id: In(ids) },
    });
  }

  findById(id: number): Promise<UserEntity | null> {
    return this.db.getRepository(UserEntity).findOneBy({ id });
  }

  findByIdOrFail(id: number): Promise<UserEntity> {
    return this.db.getRepository(UserEntity).findOneByOrFail({ id });
  }

  findByUsername(username: string): Promise<UserEntity | null> {
    return this.db.getRepository(UserEntity).findOneBy({ username });
  }

  insert(row: Omit<UserEntity, 'id' | 'sessionVersion'>): Promise<UserEntity> {
    const repo = this.db.getRepository(UserEntity);
    return repo.save(repo.create(row));
  }

  hasActiveAdmin(): Promise<boolean> {
    return this.db.getRepository(UserEntity).existsBy({ role: 'admin', active: true });
  }

  async activeAdminIds(): Promise<number[]> {
    const admins = await this.db.getRepository(UserEntity).find({
      select: { id: true },
      where: { role: 'admin', active: true },
    });
    return admins.map((a) => Number(a.id));
  }

  /** The active administrators' ids, their rows locked until the transaction ends. */
  async lockActiveAdminIds(m: EntityManager): Promise<number[]> {
    const admins = await m.getRepository(UserEntity).find({
      select: { id: true },
      where: { role: 'admin', active: true },
      lock: { mode: 'pessimistic_write' },
    });
    return admins.map((a) => Number(a.id));
  }

  /** False when the version is stale or the user is gone. */
  update(
    m: EntityManager,
    id: number,
    version: number,
    changes: Partial<UserEntity>,
  ): Promise<boolean> {
    return compareAndSet(m, UserEntity, id, version, changes);
  }

  async setPassword(
    id: number,
    values: Pick<
      UserEntity,
      'passwordHash' | 'passwordChangedAt' | 'mustChangePassword' | 'updatedAt'
    >,
    m: EntityManager = this.db.manager,
  ): Promise<void> {
    await m.update(UserEntity, { id }, values);
  }

  async setLastLogin(id: number, at: Date): Promise<void> {
    await this.db.getRepository(UserEntity).update({ id }, { lastLoginAt: at });
  }

  /** Ends every session of the user (access tokens carry the version). */
  async bumpSessionVersion(m: EntityManager, id: number): Promise<void> {
    await m.increment(UserEntity, { id }, 'sessionVersion', 1);
  }

  async sessionVersion(id: number): Promise<number> {
    const user = await this.db.getRepository(UserEntity).findOne({
      where: { id },
      select: { id: true, sessionVersion: true },
    });
    return user?.sessionVersion ?? 0;
  }
}
