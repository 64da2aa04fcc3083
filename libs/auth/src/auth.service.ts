import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { AppConfig, Clock } from '@app/core';
import { type SignInAlert, AccountEvents } from './account-events';
import {
  accountDisabled,
  invalidCredentials,
  invalidRefreshToken,
  invalidToken,
  refreshTokenReused,
  sessionEnded,
  signInLocked,
  wrongCurrentPassword,
} from './auth.errors';
import { checkPasswordStrength, hashPassword, verifyPassword } from './password';
import { keyOf, RateLimits } from './rate-limits';
import { RefreshTokensRepository } from './refresh-tokens.repository';
import { SessionRegistry } from './session-registry';
import type { AuthUser } from './roles';
import type { UserEntity } from './user.entity';
import { UsersRepository } from './users.repository';

export interface TokenPair {
  accessToken: string;
  accessTokenExpiresAt: Date;
  refreshToken: string;
  refreshTokenExpiresAt: Date;
  user: AuthUser;
}

interface AccessClaims {
  sub: number;
  usr: string;
  role: AuthUser['role'];
  unit: number | null;
  /** The user's session version when the token was issued. */
  ver: number;
  /** The sign-in (refresh-token family) the token belongs to; absent in older tokens. */
  sid?: string;
  /** Present (true) while the user must change the password; the session ends when they do. */
  mcp?: true;
}

/** Where a sign-in comes from: the client address the per-address limits count. */
export interface SignInSource {
  ip: string;
}

const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');

@Injectable()
export class AuthService {
  // Verified against when the user does not exist, so that timing does not reveal which names exist.
  private readonly dummyHash = hashPassword(randomUUID());

  constructor(
    private readonly users: UsersRepository,
    private readonly refreshTokens: RefreshTokensRepository,
    private readonly jwt: JwtService,
    private readonly config: AppConfig,
    private readonly clock: Clock,
    private readonly sessions: SessionRegistry,
    private readonly limits: RateLimits,
    private readonly events: AccountEvents,
  ) {}

  /**
   * Signs in. Wrong passwords hold back the (username, client address) pair, not the account:
   * after LOGIN_MAX_FAILURES in a row that pair is locked for LOGIN_LOCK_MINUTES and the admins
   * are told, while the account still signs in from anywhere else. A real and a made-up username
   * take the same steps (one password hash check, the same counters) and get the same answers.
   */
  async login(username: string, password: string, source: SignInSource): Promise<TokenPair> {
    const name = username.toLowerCase();
    await this.limits.consume('authPerIp', source.ip);
    const attempts = await this.limits.countPairAttempt(name, source.ip);
    try {
      await this.limits.consume('signInPerUsername', keyOf(name));
    } catch (e) {
      // No password was checked: this attempt does not count towards locking the address.
      await this.limits.refundPair(name, source.ip);
      await this.alertIfKnown('username_limited', username, source);
      throw e;
    }

    const user = await this.users.findByUsername(username);
    const right = await verifyPassword(user?.passwordHash ?? (await this.dummyHash), password);
    if (!user || !right) {
      if (attempts < this.config.auth.maxFailures) throw invalidCredentials();
      const seconds = await this.limits.lockPair(name, source.ip);
      await this.alertIfKnown('source_locked', username, source, user);
      throw signInLocked(seconds);
    }
    // Only wrong passwords count against the username and the pair.
    await Promise.all([
      this.limits.refund('signInPerUsername', keyOf(name)),
      this.limits.clearPair(name, source.ip),
    ]);
    if (!user.active) throw accountDisabled();
    await this.users.setLastLogin(user.id, this.clock.now());
    return this.issue(user, randomUUID());
  }

  async refresh(refreshToken: string, source: SignInSource): Promise<TokenPair> {
    await this.limits.consume('authPerIp', source.ip);
    const now = this.clock.now();
    const stored = await this.refreshTokens.findByHash(sha256(refreshToken));
    if (!stored) throw invalidRefreshToken();
    await this.limits.consume('refreshPerUser', stored.userId);
    if (stored.revokedAt) {
      // A rotated token presented again means it leaked: end that sign-in, access tokens too.
      await this.endSignIn(stored.familyId);
      throw refreshTokenReused();
    }
    if (stored.expiresAt <= now) throw invalidRefreshToken();
    if (!(await this.refreshTokens.claim(stored.id, now))) {
      await this.endSignIn(stored.familyId);
      throw refreshTokenReused();
    }
    const user = await this.users.findById(stored.userId);
    if (!user || !user.active) throw invalidRefreshToken();
    return this.issue(user, stored.familyId);
  }

  /**
   * Ends the sign-in the access token belongs to (its refresh tokens and its access tokens), and
   * the one a given refresh token belongs to, if another.
   */
  async logout(actor: AuthUser, refreshToken?: string): Promise<void> {
    const sessions = new Set<string>();
    if (actor.sessionId) sessions.add(actor.sessionId);
    if (refreshToken) {
      const stored = await this.refreshTokens.findByHash(sha256(refreshToken));
      if (stored) sessions.add(stored.familyId);
    }
    for (const id of sessions) await this.endSignIn(id);
  }

  async changePassword(
    userId: number,
    currentPassword: string,
    newPassword: string,
  ): Promise<void> {
    const user = await this.users.findByIdOrFail(userId);
    if (!(await verifyPassword(user.passwordHash, currentPassword))) throw wrongCurrentPassword();
    checkPasswordStrength(newPassword, user.username);
    const now = this.clock.now();
    await this.users.transaction(async (m) => {
      await this.users.setPassword(
        userId,
        {
          passwordHash: await hashPassword(newPassword),
          passwordChangedAt: now,
          mustChangePassword: false,
          updatedAt: now,
        },
        m,
      );
      await this.refreshTokens.revokeAllOf(m, userId, now);
      await this.sessions.endSessions(m, userId);
    });
    await this.sessions.announce(userId);
  }

  /** The user a valid access token speaks for; rejects a bad token and an ended session. */
  async verifyAccessToken(token: string): Promise<AuthUser> {
    let claims: AccessClaims;
    try {
      claims = await this.jwt.verifyAsync<AccessClaims>(token, { algorithms: ['HS256'] });
    } catch {
      throw invalidToken();
    }
    if (!(await this.sessions.isCurrent(claims.sub, claims.ver, claims.sid))) throw sessionEnded();
    return {
      id: claims.sub,
      username: claims.usr,
      role: claims.role,
      unitId: claims.unit,
      sessionId: claims.sid,
      mustChangePassword: claims.mcp === true,
    };
  }

  private async issue(entity: UserEntity, familyId: string): Promise<TokenPair> {
    const user = toAuthUser(entity);
    const now = this.clock.now();
    const { accessTokenTtlSeconds, refreshTokenTtlSeconds } = this.config.auth;
    const claims: AccessClaims = {
      sub: user.id,
      usr: user.username,
      role: user.role,
      unit: user.unitId,
      ver: entity.sessionVersion,
      sid: familyId,
      ...(user.mustChangePassword ? { mcp: true as const } : {}),
    };
    const accessToken = await this.jwt.signAsync(claims, {
      expiresIn: accessTokenTtlSeconds,
      algorithm: 'HS256',
    });
    const refreshToken = randomBytes(32).toString('base64url');
    const refreshTokenExpiresAt = new Date(now.getTime() + refreshTokenTtlSeconds * 1000);
    await this.refreshTokens.insert({
      userId: user.id,
      tokenHash: sha256(refreshToken),
      familyId,
      expiresAt: refreshTokenExpiresAt,
      revokedAt: null,
      createdAt: now,
    });
    return {
      accessToken,
      accessTokenExpiresAt: new Date(now.getTime() + accessTokenTtlSeconds * 1000),
      refreshToken,
      refreshTokenExpiresAt,
      user,
    };
  }

  /** Ends one sign-in: its refresh tokens in the database, its access tokens in Redis. */
  private async endSignIn(familyId: string): Promise<void> {
    await this.refreshTokens.revokeFamily(familyId, this.clock.now());
    await this.sessions.endSession(familyId);
  }

  /**
   * Tells the admins, once per window and username. A made-up username takes the same steps and
   * raises nothing (an address spraying made-up names would flood the inbox).
   */
  private async alertIfKnown(
    kind: SignInAlert['kind'],
    username: string,
    source: SignInSource,
    found?: UserEntity | null,
  ): Promise<void> {
    const { maxFailures, lockMinutes, limits } = this.config.auth;
    const window = kind === 'source_locked' ? lockMinutes * 60 : limits.signInPerUsername.seconds;
    const first = await this.limits.firstInWindow(
      `alert:${kind}:${keyOf(username.toLowerCase())}`,
      window,
    );
    if (!first) return;
    const user = found !== undefined ? found : await this.users.findByUsername(username);
    if (!user) return;
    this.events.signInAlert({
      kind,
      userId: user.id,
      username: user.username,
      ip: source.ip,
      failures: kind === 'source_locked' ? maxFailures : limits.signInPerUsername.points,
      windowMinutes: Math.ceil(window / 60),
      at: this.clock.now(),
    });
  }
}

export const toAuthUser = (u: UserEntity): AuthUser => ({
  id: u.id,
  username: u.username,
  role: u.role,
  unitId: u.unitId,
  mustChangePassword: u.mustChangePassword,
});
