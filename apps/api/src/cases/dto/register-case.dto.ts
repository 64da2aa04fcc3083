import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsBoolean,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  Matches,
  Max,
  MaxLength,
  Min,
  MinLength,
  ValidateNested,
} from 'class-validator';
import {
  CHANNELS,
  PETITIONER_KINDS,
  PURPOSES,
  SOURCE_LEVELS,
  SOURCES,
  type Channel,
  type PetitionerKind,
  type Purpose,
  type Source,
  type SourceLevel,
} from '@app/cases';
import { IsDateTime, IsLocalDate } from '../../common/validators';

export class PetitionerDto {
  @ApiProperty({ enum: PETITIONER_KINDS })
  @IsIn(PETITIONER_KINDS)
  kind: PetitionerKind;

  @ApiProperty({ example: '张某' })
  @IsString()
  @MinLength(1)
  @MaxLength(100)
  name: string;

  @ApiPropertyOptional({ description: '身份证号（18 位）或统一社会信用代码' })
  @IsOptional()
  @Matches(/^(\d{17}[\dXx]|[0-9A-HJ-NPQRTUWXY]{2}\d{6}[0-9A-HJ-NPQRTUWXY]{10})$/, {
    message: 'idNumber must be an 18-character resident ID number or unified social credit code',
  })
  idNumber?: string;

  @ApiPropertyOptional({ example: '13800138000' })
  @IsOptional()
  @Matches(/^[0-9+\-() ]{5,20}$/, { message: 'phone must be a phone number' })
  phone?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @MaxLength(200)
  address?: string;

  @ApiPropertyOptional({ description: '集体访推选的代表' })
  @IsOptional()
  @IsBoolean()
  representative?: boolean;
}

export class RegisterCaseDto {
  @ApiProperty({ enum: CHANNELS })
  @IsIn(CHANNELS)
  channel: Channel;

  @ApiProperty({ enum: SOURCES })
  @IsIn(SOURCES)
  source: Source;

  @ApiProperty({ enum: SOURCE_LEVELS })
  @IsIn(SOURCE_LEVELS)
  sourceLevel: SourceLevel;

  @ApiPropertyOptional({ description: '省一体化信访信息系统件号（转送/交办件）' })
  @IsOptional()
  @Matches(/^[A-Za-z0-9-]{4,64}$/, { message: 'externalRef must be 4-64 letters, digits or -' })
  externalRef?: string;

  @ApiPropertyOptional({
    example: '2022-04-30',
    description:
      '上级办理期限 (Asia/Shanghai date, 转送/交办件 only; not before the registration date)',
  })
  @IsOptional()
  @IsLocalDate()
  provincialDueDate?: string;

  @ApiPropertyOptional({ description: 'Defaults to now; may not be in the future' })
  @IsOptional()
  @IsDateTime()
  registeredAt?: Date;

  @ApiProperty({ example: '反映小区物业服务问题' })
  @IsString()
  @MinLength(2)
  @MaxLength(200)
  title: string;

  @ApiProperty()
  @IsString()
  @MinLength(2)
  @MaxLength(20_000)
  content: string;

  @ApiProperty({ enum: PURPOSES })
  @IsIn(PURPOSES)
  purpose: Purpose;

  @ApiProperty({ example: '010301', description: 'Third-level content category code' })
  @Matches(/^\d{6}$/, { message: 'categoryCode must be a six-digit third-level code' })
  categoryCode: string;

  @ApiProperty({ example: '荔湾区某街道' })
  @IsString()
  @MinLength(2)
  @MaxLength(100)
  locality: string;

  @ApiProperty({ example: 1 })
  @IsInt()
  @Min(1)
  @Max(10_000)
  personCount: number;

  @ApiProperty({ type: [PetitionerDto] })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(50)
  @ValidateNested({ each: true })
  @Type(() => PetitionerDto)
  petitioners: PetitionerDto[];

  @ApiPropertyOptional({ description: '越级' }) @IsOptional() @IsBoolean() skipLevel?: boolean;
  @ApiPropertyOptional({ description: '进京' }) @IsOptional() @IsBoolean() toBeijing?: boolean;
  @ApiPropertyOptional({ description: '赴省' }) @IsOptional() @IsBoolean() toProvince?: boolean;
  @ApiPropertyOptional({ description: '联名' }) @IsOptional() @IsBoolean() jointSigned?: boolean;
  @ApiPropertyOptional({ description: '涉法涉诉' }) @IsOptional() @IsBoolean() lawRelated?: boolean;
  @ApiPropertyOptional({ description: '检举人要求保密' })
  @IsOptional()
  @IsBoolean()
  confidentialAccuser?: boolean;

  @ApiPropertyOptional({ description: '承办人; defaults to the registering user' })
  @IsOptional()
  @IsInt()
  @Min(1)
  officerId?: number;
}
