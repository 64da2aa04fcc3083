import { ApiProperty } from '@nestjs/swagger';
import { ROLES, type AuthUser, type Role, type TokenPair } from '@app/auth';

export class MeResponse {
  @ApiProperty() id: number;
  @ApiProperty() username: string;
  @ApiProperty({ enum: ROLES }) role: Role;
  @ApiProperty({ nullable: true, type: Number }) unitId: number | null;
  @ApiProperty({ description: '须先修改密码（首次登录或密码被管理员重置后）' })
  mustChangePassword: boolean;

  static from(u: AuthUser): MeResponse {
    return Object.assign(new MeResponse(), {
      id: u.id,
      username: u.username,
      role: u.role,
      unitId: u.unitId,
      mustChangePassword: u.mustChangePassword === true,
    });
  }
}

export class TokenResponse {
  @ApiProperty() accessToken: string;
  @ApiProperty() accessTokenExpiresAt: string;
  @ApiProperty() refreshToken: string;
  @ApiProperty() refreshTokenExpiresAt: string;
  @ApiProperty({ example: 'Bearer' }) tokenType: 'Bearer';
  @ApiProperty({ type: MeResponse }) user: MeResponse;

  static from(t: TokenPair): TokenResponse {
    return Object.assign(new TokenResponse(), {
      accessToken: t.accessToken,
      accessTokenExpiresAt: t.accessTokenExpiresAt.toISOString(),
      refreshToken: t.refreshToken,
      refreshTokenExpiresAt: t.refreshTokenExpiresAt.toISOString(),
      tokenType: 'Bearer' as const,
      user: MeResponse.from(t.user),
    });
  }
}
