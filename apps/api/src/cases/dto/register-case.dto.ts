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
  Matches,
  Max,
  MaxLength,
  Min,
  MinLength,
  ValidateNested,
} from 'class-validator';
import {
  CHANNELS,
  EXTERNAL_REF_PATTERN,
  EXTERNAL_REF_RULE_TEXT,
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
import {
  IsDateTime,
  IsIdNumber,
  IsLocalDate,
  IsPhoneNumber,
  IsText,
  Trim,
} from '../../common/validators';

export class PetitionerDto {
  @ApiProperty({ enum: PETITIONER_KINDS })
  @IsIn(PETITIONER_KINDS)
  kind: PetitionerKind;

  @ApiProperty({ example: '张某' })
  @IsText()
  @MinLength(1)
  @MaxLength(100)
  name: string;

  @ApiPropertyOptional({
    description:
      '身份证号（18 位，校验位与出生日期须正确；15 位旧号自动升为 18 位）或统一社会信用代码；未通过核验的号码须同时填写 idUnverifiedReason',
    pattern: '^(\\d{15}|[0-9A-Za-z]{18})$',
  })
  @IsOptional()
  @IsIdNumber()
  idNumber?: string;

  @ApiPropertyOptional({
    description:
      '号码未核验原因：证件号码未通过校验位或出生日期核验而仍须照登时填写（如“证件原件如此，已拍照留存”）',
  })
  @IsOptional()
  @IsText()
  @MinLength(2)
  @MaxLength(200)
  idUnverifiedReason?: string;

  @ApiPropertyOptional({
    example: '13800138000',
    description: '手机号码或带区号的固定电话（存为统一写法：13800138000、020-81234567）',
  })
  @IsOptional()
  @IsPhoneNumber()
  phone?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsText()
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

  @ApiPropertyOptional({
    description: `上级信访件编号（省一体化信访信息系统件号，转送/交办件）：${EXTERNAL_REF_RULE_TEXT}`,
  })
  @IsOptional()
  @Trim()
  @Matches(EXTERNAL_REF_PATTERN)
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
  @IsText()
  @MinLength(2)
  @MaxLength(200)
  title: string;

  @ApiProperty()
  @IsText({ multiline: true })
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
  @IsText()
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
