import { ApiProperty, ApiPropertyOptional, OmitType, PartialType } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import {
  IsBoolean,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  Matches,
  MaxLength,
  Min,
  MinLength,
} from 'class-validator';
import { toBoolean } from '../../common/transforms';
import { UNIT_KINDS, UNIT_LEVELS, type UnitKind, type UnitLevel } from '@app/units';
import { IsText } from '../../common/validators';

export class CreateUnitDto {
  @ApiProperty({ example: 'D-HOUSING', description: '单位编码（字母、数字、-、_）' })
  @Matches(/^[A-Za-z0-9_-]{2,32}$/, { message: 'code must be 2-32 letters, digits, - or _' })
  code: string;

  @ApiProperty({ example: '区住房和城乡建设局' })
  @IsText()
  @MinLength(2)
  @MaxLength(100)
  name: string;

  @ApiProperty({ enum: UNIT_KINDS })
  @IsIn(UNIT_KINDS)
  kind: UnitKind;

  @ApiProperty({ enum: UNIT_LEVELS })
  @IsIn(UNIT_LEVELS)
  level: UnitLevel;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @MaxLength(50)
  contactPerson?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @Matches(/^[0-9+\- ]{5,30}$/, { message: 'contactPhone must be a phone number' })
  contactPhone?: string;
}

export class UpdateUnitDto extends PartialType(OmitType(CreateUnitDto, ['code'] as const)) {
  @ApiProperty({ description: 'The version last read; a stale one gets 409' })
  @IsInt()
  @Min(1)
  version: number;

  @ApiPropertyOptional()
  @IsOptional()
  @IsBoolean()
  active?: boolean;
}

export class ListUnitsQuery {
  @ApiPropertyOptional({ enum: UNIT_KINDS })
  @IsOptional()
  @IsIn(UNIT_KINDS)
  kind?: UnitKind;

  @ApiPropertyOptional()
  @IsOptional()
  @Transform(toBoolean)
  @IsBoolean()
  active?: boolean;
}
