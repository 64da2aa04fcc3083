import { Inject, Injectable, Logger, Optional } from '@nestjs/common';
import type Redis from 'ioredis';
import type { EntityManager } from 'typeorm';
import { AppConfig } from '@app/core';
import { REDIS_CLIENT } from '@app/queue';
import { sessionCheckUnavailable } from './auth.errors';
import { authKeyPrefix } from './rate-limits';
import { UsersRepository } from './users.repository';

/**
 * How long Redis keeps a user's session version read from the database. Writers through this
 * registry update it at once; this only bounds a change Redis did not hear of (a failed write, a
 * database edited by hand).
 */
export const SESSION_VERSION_CACHE_SECONDS = 60;

/** Raises the stored version, never lowers it: a late reader cannot undo a writer's bump. */
const RAISE_VERSION = `
local current = redis.call('GET', KEYS[1])
if current and tonumber(current) >= tonumber(ARGV[1]) then return current end
redis.call('SET', KEYS[1], ARGV[1], 'EX', ARGV[2])
return ARGV[1]`;

/**
 * Whether an access token's session is still current, checked on every request against Redis,
 * which every API process shares:
 * - a token names its sign-in (`sid`, the refresh-token family); logout and a reused refresh
 *   token put that session on a deny list, kept as long as its access tokens can live;
 * - a token names the user's session version; a password change, a disabled account, a new
 *   role or unit bump the version in the database, and the new version is written to Redis as
 *   soon as the change commits, so every process refuses the old tokens at once.
 */
@Injectable()
export class SessionRegistry {
  private readonly logger = new Logger(SessionRegistry.name);

  constructor(
    private readonly users: UsersRepository,
    private readonly config: AppConfig,
    @Optional() @Inject(REDIS_CLIENT) private readonly redis?: Redis,
  ) {}

  async isCurrent(userId: number, version: number, sessionId?: string): Promise<boolean> {
    if (!this.redis) return version === (await this.storedVersion(userId));
    const redis = this.redis;
    try {
      const [cached, ended] = await Promise.all([
        redis.get(this.versionKey(userId)),
        sessionId ? redis.get(this.endedKey(sessionId)) : null,
      ]);
      if (ended !== null) return false;
      const current = cached !== null ? Number(cached) : await this.refresh(userId);
      return current === version;
    } catch {
      // Without the deny list an ended session would pass: refuse rather than guess.
      throw sessionCheckUnavailable();
    }
  }

  /** Ends every session of the user, inside the caller's transaction; then call `announce`. */
  async endSessions(m: EntityManager, userId: number): Promise<void> {
    await this.users.bumpSessionVersion(m, userId);
  }

  /** After the transaction of `endSessions` committed: every process refuses the old tokens. */
  async announce(userId: number): Promise<void> {
    try {
      await this.refresh(userId);
    } catch (err) {
      this.logger.error({ err, userId }, 'could not publish ended sessions to Redis');
    }
  }

  /** Ends one sign-in: its access tokens are refused until the last of them would expire. */
  async endSession(sessionId: string): Promise<void> {
    if (!this.redis) return;
    const seconds = this.config.auth.accessTokenTtlSeconds + 60; // and some clock skew
    await this.redis.set(this.endedKey(sessionId), '1', 'EX', seconds);
  }

  private async refresh(userId: number): Promise<number> {
    const version = await this.storedVersion(userId);
    if (!this.redis) return version;
    const stored = (await this.redis.eval(
      RAISE_VERSION,
      1,
      this.versionKey(userId),
      String(version),
      String(SESSION_VERSION_CACHE_SECONDS),
    )) as string;
    return Number(stored);
  }

  private storedVersion(userId: number): Promise<number> {
    return this.users.sessionVersion(userId);
  }

  private versionKey(userId: number): string {
    return `${authKeyPrefix(this.config)}:ver:${userId}`;
  }

  private endedKey(sessionId: string): string {
    return `${authKeyPrefix(this.config)}:ended:${sessionId}`;
  }
}
