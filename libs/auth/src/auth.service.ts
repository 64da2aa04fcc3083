import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, IsNull } from 'typeorm';
import { AppConfig, Clock } from '@app/core';
import {
  accountDisabled,
  accountLocked,
  invalidCredentials,
  invalidRefreshToken,
  invalidToken,
  refreshTokenReused,
  sessionEnded,
  wrongCurrentPassword,
} from './auth.errors';
import { checkPasswordStrength, hashPassword, verifyPassword } from './password';
import { RefreshTokenEntity } from './refresh-token.entity';
import { SessionRegistry } from './session-registry';
import type { AuthUser } from './roles';
import { UserEntity } from './user.entity';

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
}

const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');

@Injectable()
export class AuthService {
  // Verified against when the user does not exist, so that timing does not reveal which names exist.
  private readonly dummyHash = hashPassword(randomUUID());

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly jwt: JwtService,
    private readonly config: AppConfig,
    private readonly clock: Clock,
    private readonly sessions: SessionRegistry,
  ) {}

  async login(username: string, password: string): Promise<TokenPair> {
    const users = this.db.getRepository(UserEntity);
    const user = await users.findOneBy({ username });
    if (!user) {
      await verifyPassword(await this.dummyHash, password);
      throw invalidCredentials();
    }
    const now = this.clock.now();
    if (user.lockedUntil && user.lockedUntil > now) throw accountLocked(user.lockedUntil);

    if (!(await verifyPassword(user.passwordHash, password))) {
      const { maxFailures, lockMinutes } = this.config.auth;
      const lockUntil = new Date(now.getTime() + lockMinutes * 60_000);
      // One atomic statement, so parallel wrong guesses cannot slip past the limit.
      await this.db.query(
        `UPDATE users
            SET locked_until = IF(failed_login_count + 1 >= ?, ?, locked_until),
                failed_login_count = IF(failed_login_count + 1 >= ?, 0, failed_login_count + 1)
          WHERE id = ?`,
        [maxFailures, lockUntil, maxFailures, user.id],
      );
      const after = await users.findOneByOrFail({ id: user.id });
      if (after.lockedUntil && after.lockedUntil > now) throw accountLocked(after.lockedUntil);
      throw invalidCredentials();
    }
    if (!user.active) throw accountDisabled();

    await users.update(
      { id: user.id },
      { failedLoginCount: 0, lockedUntil: null, lastLoginAt: now },
    );
    return this.issue(user, randomUUID());
  }

  async refresh(refreshToken: string): Promise<TokenPair> {
    const now = this.clock.now();
    const tokens = this.db.getRepository(RefreshTokenEntity);
    const stored = await tokens.findOneBy({ tokenHash: sha256(refreshToken) });
    if (!stored) throw invalidRefreshToken();
    if (stored.revokedAt) {
      // A rotated token presented again means it leaked: end every session of that login.
      await this.revokeFamily(stored.familyId);
      throw refreshTokenReused();
    }
    if (stored.expiresAt <= now) throw invalidRefreshToken();
    const claimed = await tokens.update({ id: stored.id, revokedAt: IsNull() }, { revokedAt: now });
    if (claimed.affected !== 1) {
      await this.revokeFamily(stored.familyId);
      throw refreshTokenReused();
    }
    const user = await this.db.getRepository(UserEntity).findOneBy({ id: stored.userId });
    if (!user || !user.active) throw invalidRefreshToken();
    return this.issue(user, stored.familyId);
  }

  async logout(refreshToken: string): Promise<void> {
    const stored = await this.db
      .getRepository(RefreshTokenEntity)
      .findOneBy({ tokenHash: sha256(refreshToken) });
    if (stored) await this.revokeFamily(stored.familyId);
  }

  async changePassword(
    userId: number,
    currentPassword: string,
    newPassword: string,
  ): Promise<void> {
    const user = await this.db.getRepository(UserEntity).findOneByOrFail({ id: userId });
    if (!(await verifyPassword(user.passwordHash, currentPassword))) throw wrongCurrentPassword();
    checkPasswordStrength(newPassword);
    const now = this.clock.now();
    await this.db.transaction(async (m) => {
      await m.update(
        UserEntity,
        { id: userId },
        { passwordHash: await hashPassword(newPassword), passwordChangedAt: now, updatedAt: now },
      );
      await m.update(RefreshTokenEntity, { userId, revokedAt: IsNull() }, { revokedAt: now });
      await this.sessions.endSessions(m, userId);
    });
  }

  /** The user a valid access token speaks for; rejects a bad token and an ended session. */
  async verifyAccessToken(token: string): Promise<AuthUser> {
    let claims: AccessClaims;
    try {
      claims = await this.jwt.verifyAsync<AccessClaims>(token, { algorithms: ['HS256'] });
    } catch {
      throw invalidToken();
    }
    if (!(await this.sessions.isCurrent(claims.sub, claims.ver))) throw sessionEnded();
    return { id: claims.sub, username: claims.usr, role: claims.role, unitId: claims.unit };
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
    };
    const accessToken = await this.jwt.signAsync(claims, {
      expiresIn: accessTokenTtlSeconds,
      algorithm: 'HS256',
    });
    const refreshToken = randomBytes(32).toString('base64url');
    const refreshTokenExpiresAt = new Date(now.getTime() + refreshTokenTtlSeconds * 1000);
    await this.db.getRepository(RefreshTokenEntity).insert({
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

  private async revokeFamily(familyId: string): Promise<void> {
    await this.db
      .getRepository(RefreshTokenEntity)
      .update({ familyId, revokedAt: IsNull() }, { revokedAt: this.clock.now() });
  }
}

export const toAuthUser = (u: UserEntity): AuthUser => ({
  id: u.id,
  username: u.username,
  role: u.role,
  unitId: u.unitId,
});
