import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';
import { Clock } from '@app/core';
import { UserEntity } from './user.entity';

/** How long one API process trusts what it read of a user's session state. */
export const SESSION_CACHE_MS = 5_000;

interface SessionState {
  version: number;
  active: boolean;
  readAt: number;
}

/**
 * Whether an access token's session is still current. A token names the session version it was
 * issued under; ending a user's sessions bumps the version in the database. Each API process
 * reads a user's state at most once per SESSION_CACHE_MS, and forgets it at once when it made the
 * change itself, so a disabled account is out immediately here and within seconds everywhere.
 */
@Injectable()
export class SessionRegistry {
  private readonly states = new Map<number, SessionState>();

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly clock: Clock,
  ) {}

  async isCurrent(userId: number, version: number): Promise<boolean> {
    const now = this.clock.now().getTime();
    let state = this.states.get(userId);
    if (!state || Math.abs(now - state.readAt) > SESSION_CACHE_MS) {
      const user = await this.db.getRepository(UserEntity).findOne({
        where: { id: userId },
        select: { id: true, active: true, sessionVersion: true },
      });
      state = { version: user?.sessionVersion ?? 0, active: user?.active ?? false, readAt: now };
      if (this.states.size > 50_000) this.states.clear();
      this.states.set(userId, state);
    }
    return state.active && state.version === version;
  }

  /** Ends every session of the user, inside the caller's transaction. */
  async endSessions(m: EntityManager, userId: number): Promise<void> {
    await m.increment(UserEntity, { id: userId }, 'sessionVersion', 1);
    this.states.delete(userId);
  }
}
