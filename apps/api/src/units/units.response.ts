import { ApiProperty } from '@nestjs/swagger';
import {
  UNIT_KINDS,
  UNIT_LEVELS,
  type UnitEntity,
  type UnitKind,
  type UnitLevel,
} from '@app/units';

export class UnitResponse {
  @ApiProperty() id: number;
  @ApiProperty() code: string;
  @ApiProperty() name: string;
  @ApiProperty({ enum: UNIT_KINDS }) kind: UnitKind;
  @ApiProperty({ enum: UNIT_LEVELS }) level: UnitLevel;
  @ApiProperty({ nullable: true, type: String }) contactPerson: string | null;
  @ApiProperty({ nullable: true, type: String }) contactPhone: string | null;
  @ApiProperty() active: boolean;
  @ApiProperty() version: number;
  @ApiProperty() createdAt: string;
  @ApiProperty() updatedAt: string;

  static from(u: UnitEntity): UnitResponse {
    return Object.assign(new UnitResponse(), {
      id: u.id,
      code: u.code,
      name: u.name,
      kind: u.kind,
      level: u.level,
      contactPerson: u.contactPerson,
      contactPhone: u.contactPhone,
      active: u.active,
      version: u.version,
      createdAt: u.createdAt.toISOString(),
      updatedAt: u.updatedAt.toISOString(),
    });
  }
}
