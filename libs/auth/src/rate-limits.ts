import { createHash } from 'node:crypto';
import { Inject, Injectable, Optional } from '@nestjs/common';
import type Redis from 'ioredis';
import {
  RateLimiterMemory,
  RateLimiterRedis,
  RateLimiterRes,
  type RateLimiterAbstract,
} from 'rate-limiter-flexible';
import { AppConfig, type RateLimit, type RateLimitName } from '@app/core';
import { REDIS_CLIENT } from '@app/queue';
import { rateLimited, signInLocked } from './auth.errors';

/** The limits a route can declare with @RateLimit(...) on top of the per-user ceiling. */
export type RouteLimit = Extract<RateLimitName, 'revealPerUser' | 'exportPerUser'>;

type LimiterName = RateLimitName | 'signInPair';

/** Where every sign-in and session key of this system lives in Redis: `<QUEUE_PREFIX>:auth:…`. */
export const authKeyPrefix = (config: AppConfig) => `${config.redis.queuePrefix}:auth`;

/** A short, fixed-length key part for free text (a username as typed), safe in any Redis key. */
export const keyOf = (text: string) => createHash('sha256').update(text).digest('hex').slice(0, 32);

/**
 * Fixed-window counters kept in Redis (rate-limiter-flexible, one atomic Lua call per check), so
 * every API process counts against the same budget. Should Redis fail, each process falls back
 * to counting in its own memory rather than letting everything through or refusing everyone.
 */
@Injectable()
export class RateLimits {
  private readonly limiters: Record<LimiterName, RateLimiterAbstract>;

  constructor(
    private readonly config: AppConfig,
    @Optional() @Inject(REDIS_CLIENT) private readonly redis?: Redis,
  ) {
    const { limits, maxFailures, lockMinutes } = config.auth;
    const make = (name: LimiterName, limit: RateLimit): RateLimiterAbstract => {
      const options = { points: limit.points, duration: limit.seconds };
      const memory = new RateLimiterMemory(options);
      if (!redis) return memory;
      return new RateLimiterRedis({
        ...options,
        storeClient: redis,
        keyPrefix: `${authKeyPrefix(config)}:rl:${name}`,
        insuranceLimiter: memory,
      });
    };
    this.limiters = {
      authPerIp: make('authPerIp', limits.authPerIp),
      signInPerUsername: make('signInPerUsername', limits.signInPerUsername),
      refreshPerUser: make('refreshPerUser', limits.refreshPerUser),
      revealPerUser: make('revealPerUser', limits.revealPerUser),
      exportPerUser: make('exportPerUser', limits.exportPerUser),
      perUser: make('perUser', limits.perUser),
      // Consecutive wrong passwords for one (username, address): counted for the lock's length.
      signInPair: make('signInPair', { points: maxFailures, seconds: lockMinutes * 60 }),
    };
  }

  /** Takes one from the key's budget, or throws 429 RATE_LIMITED with the seconds to wait. */
  async consume(name: RateLimitName, key: string | number): Promise<void> {
    try {
      await this.limiters[name].consume(String(key));
    } catch (e) {
      if (e instanceof RateLimiterRes) throw rateLimited(retryAfter(e));
      throw e;
    }
  }

  /** Gives back what consume took (a sign-in that turned out right does not count). */
  async refund(name: RateLimitName, key: string | number): Promise<void> {
    await this.limiters[name].reward(String(key), 1);
  }

  async clear(name: LimiterName, key: string): Promise<void> {
    await this.limiters[name].delete(key);
  }

  /**
   * Counts one sign-in attempt of a username from an address before its password is checked, so
   * parallel guesses cannot slip past the limit. Throws 429 AUTH_SIGN_IN_LOCKED when that pair is
   * locked; otherwise returns how many attempts the pair has made in a row.
   */
  async countPairAttempt(username: string, ip: string): Promise<number> {
    const pair = pairKey(username, ip);
    const index = this.pairIndexKey(username);
    const seconds = this.config.auth.lockMinutes * 60;
    // Which addresses a username is counted from, so an admin can lift all its locks at once.
    const indexed = this.redis
      ?.multi()
      .sadd(index, pair)
      .expire(index, seconds)
      .exec()
      .catch(() => null); // only unlocking needs it; the count below is what protects
    try {
      const [res] = await Promise.all([this.limiters.signInPair.consume(pair), indexed]);
      return res.consumedPoints;
    } catch (e) {
      if (e instanceof RateLimiterRes) throw signInLocked(retryAfter(e));
      throw e;
    }
  }

  /** Locks the pair for the full lock time from now; returns the seconds it lasts. */
  async lockPair(username: string, ip: string): Promise<number> {
    const seconds = this.config.auth.lockMinutes * 60;
    await this.limiters.signInPair.block(pairKey(username, ip), seconds);
    return seconds;
  }

  async refundPair(username: string, ip: string): Promise<void> {
    await this.limiters.signInPair.reward(pairKey(username, ip), 1);
  }

  /** The right password from this address: its run of failures is over. */
  async clearPair(username: string, ip: string): Promise<void> {
    await this.limiters.signInPair.delete(pairKey(username, ip));
  }

  /** Lifts every lock and failure count of a username, from every address. */
  async clearSignIn(username: string): Promise<void> {
    const index = this.pairIndexKey(username);
    const pairs = this.redis ? await this.redis.smembers(index) : [];
    await Promise.all(pairs.map((p) => this.limiters.signInPair.delete(p)));
    await this.limiters.signInPerUsername.delete(keyOf(username));
    await this.redis?.del(index);
  }

  /** True the first time in `seconds` for this key (an alert is raised once per window). */
  async firstInWindow(key: string, seconds: number): Promise<boolean> {
    if (!this.redis) return true;
    const set = await this.redis.set(
      `${authKeyPrefix(this.config)}:once:${key}`,
      '1',
      'EX',
      seconds,
      'NX',
    );
    return set === 'OK';
  }

  private pairIndexKey(username: string): string {
    return `${authKeyPrefix(this.config)}:pairs:${keyOf(username)}`;
  }
}

const pairKey = (username: string, ip: string) => `${keyOf(username)}:${ip}`;

const retryAfter = (res: RateLimiterRes) => Math.max(1, Math.ceil(res.msBeforeNext / 1000));
