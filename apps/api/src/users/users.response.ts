import { ApiProperty } from '@nestjs/swagger';
import { ROLES, type Role, type UserEntity } from '@app/auth';

/** A user as admins see it; the password hash never leaves the service. */
export class UserResponse {
  @ApiProperty() id: number;
  @ApiProperty() username: string;
  @ApiProperty() displayName: string;
  @ApiProperty({ enum: ROLES }) role: Role;
  @ApiProperty({ nullable: true, type: Number }) unitId: number | null;
  @ApiProperty() active: boolean;
  @ApiProperty({ nullable: true, type: String }) lastLoginAt: string | null;
  @ApiProperty() version: number;
  @ApiProperty() createdAt: string;

  static from(u: UserEntity): UserResponse {
    return Object.assign(new UserResponse(), {
      id: u.id,
      username: u.username,
      displayName: u.displayName,
      role: u.role,
      unitId: u.unitId,
      active: u.active,
      lastLoginAt: u.lastLoginAt?.toISOString() ?? null,
      version: u.version,
      createdAt: u.createdAt.toISOString(),
    });
  }
}
