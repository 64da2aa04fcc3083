import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, IsNull, type EntityManager } from 'typeorm';
import { RefreshTokenEntity } from './refresh-token.entity';

/** The `refresh_tokens` table (TypeORM). */
@Injectable()
export class RefreshTokensRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  findByHash(tokenHash: string): Promise<RefreshTokenEntity | null> {
    return this.db.getRepository(RefreshTokenEntity).findOneBy({ tokenHash });
  }

  async insert(row: Omit<RefreshTokenEntity, 'id'>): Promise<void> {
    await this.db.getRepository(RefreshTokenEntity).insert(row);
  }

  /** Revokes the token unless it already was: true for the one caller that revoked it. */
  async claim(id: number, at: Date): Promise<boolean> {
    const claimed = await this.db
      .getRepository(RefreshTokenEntity)
      .update({ id, revokedAt: IsNull() }, { revokedAt: at });
    return claimed.affected === 1;
  }

  async revokeFamily(familyId: string, at: Date): Promise<void> {
    await this.db
      .getRepository(RefreshTokenEntity)
      .update({ familyId, revokedAt: IsNull() }, { revokedAt: at });
  }

  /** Revokes every live refresh token of the user, inside the caller's transaction. */
  async revokeAllOf(m: EntityManager, userId: number, at: Date): Promise<void> {
    await m.update(RefreshTokenEntity, { userId, revokedAt: IsNull() }, { revokedAt: at });
  }
}
