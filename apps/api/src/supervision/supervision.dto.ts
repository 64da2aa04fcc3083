import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsBoolean,
  IsIn,
  IsInt,
  IsNumber,
  IsOptional,
  IsString,
  Matches,
  Max,
  MaxLength,
  Min,
  MinLength,
} from 'class-validator';
import {
  ESCALATIONS,
  LETTER_REASONS,
  LETTER_STATUSES,
  LETTER_TYPES,
  SOURCE_LEVELS,
  type Escalation,
  type LetterReason,
  type LetterStatus,
  type LetterType,
  type SourceLevel,
} from '@app/supervision';
import {
  KEY_MATTER_CATEGORIES,
  MISSION_KINDS,
  OUTCOMES,
  type KeyMatterCategory,
  type MissionKind,
  type Outcome,
} from '@app/key-matters';
import { VersionDto } from '../cases/dto/case-actions.dto';
import { toBoolean, toList } from '../common/transforms';
import { IsLocalDate, IsOptionalNotNull, IsText } from '../common/validators';
import { CursorQuery } from '../common/page.query';

export class IssueLetterDto {
  @ApiProperty({ type: [Number], description: 'The cases the letter is about' })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(50)
  @IsInt({ each: true })
  @Min(1, { each: true })
  caseIds: number[];

  @ApiProperty() @IsInt() @Min(1) unitId: number;
  @ApiProperty({ enum: LETTER_TYPES }) @IsIn(LETTER_TYPES) type: LetterType;
  @ApiProperty({ enum: LETTER_REASONS }) @IsIn(LETTER_REASONS) reason: LetterReason;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(500) reasonNote?: string;
  @ApiProperty({ description: '督办要求' })
  @IsText({ multiline: true })
  @MinLength(2)
  @MaxLength(5000)
  requirements: string;

  @ApiPropertyOptional({ description: 'Default: 15 working days after issue' })
  @IsOptional()
  @IsLocalDate()
  replyDueDate?: string;

  @ApiProperty({ description: '签发人' }) @IsText() @MinLength(1) @MaxLength(50) signer: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(50) contactPerson?: string;
  @ApiPropertyOptional() @IsOptional() @Matches(/^[0-9+\-() ]{5,30}$/) contactPhone?: string;
}

export class NoteDto extends VersionDto {
  @ApiProperty() @IsText({ multiline: true }) @MinLength(2) @MaxLength(5000) note: string;
}

export class OptionalNoteDto extends VersionDto {
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(5000) note?: string;
}

export class ReplyDto extends VersionDto {
  @ApiProperty({ description: '书面回复' })
  @IsText({ multiline: true })
  @MinLength(2)
  @MaxLength(20_000)
  text: string;
}

export class EscalateDto extends NoteDto {
  @ApiProperty({ enum: ESCALATIONS }) @IsIn(ESCALATIONS) escalation: Escalation;
}

export class VoidDto extends VersionDto {
  @ApiProperty() @IsText({ multiline: true }) @MinLength(2) @MaxLength(500) reason: string;
}

export class ListLettersQuery extends CursorQuery {
  @ApiPropertyOptional({ description: 'Comma-separated' })
  @IsOptional()
  @Transform(toList)
  @IsIn(LETTER_STATUSES, { each: true })
  status?: LetterStatus[];

  @ApiPropertyOptional() @IsOptional() @Type(() => Number) @IsInt() @Min(1) unitId?: number;
  @ApiPropertyOptional({ enum: LETTER_TYPES }) @IsOptional() @IsIn(LETTER_TYPES) type?: LetterType;
  @ApiPropertyOptional() @IsOptional() @Transform(toBoolean) @IsBoolean() overdue?: boolean;
  @ApiPropertyOptional()
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(2000)
  @Max(2100)
  year?: number;
  @ApiPropertyOptional() @IsOptional() @Type(() => Number) @IsInt() @Min(1) caseId?: number;
  @ApiPropertyOptional()
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(200)
  limit?: number;
}

class SlotsDto {
  @ApiPropertyOptional({ description: '包案领导' })
  @IsOptional()
  @IsString()
  @MaxLength(50)
  leaderInCharge?: string;
  @ApiPropertyOptional({ description: '工作专班' })
  @IsOptional()
  @IsString()
  @MaxLength(1000)
  taskForce?: string;
  @ApiPropertyOptional({ description: '化解方案' })
  @IsOptional()
  @IsString()
  @MaxLength(20_000)
  plan?: string;
  @ApiPropertyOptional({ description: '稳控帮扶措施' })
  @IsOptional()
  @IsString()
  @MaxLength(20_000)
  measures?: string;
  @ApiPropertyOptional({ description: '化解时限' })
  @IsOptional()
  @IsLocalDate()
  deadline?: string;
}

export class CreateKeyMatterDto extends SlotsDto {
  @ApiProperty() @IsText() @MinLength(2) @MaxLength(200) title: string;
  @ApiProperty({ enum: KEY_MATTER_CATEGORIES })
  @IsIn(KEY_MATTER_CATEGORIES)
  category: KeyMatterCategory;
  @ApiProperty() @IsText({ multiline: true }) @MinLength(2) @MaxLength(20_000) description: string;

  @ApiProperty({ type: [Number] })
  @IsArray()
  @ArrayMaxSize(200)
  @IsInt({ each: true })
  @Min(1, { each: true })
  caseIds: number[];

  @ApiProperty({
    enum: SOURCE_LEVELS,
    description: 'district = our own; others = assigned from above',
  })
  @IsIn(SOURCE_LEVELS)
  sourceLevel: SourceLevel;

  @ApiPropertyOptional() @IsOptional() @Matches(/^[A-Za-z0-9-]{4,64}$/) externalRef?: string;
  @ApiPropertyOptional({ description: '报送期限 (assigned from above)' })
  @IsOptional()
  @IsLocalDate()
  reportDueDate?: string;
}

export class UpdateKeyMatterDto extends SlotsDto {
  @ApiProperty() @IsInt() @Min(1) version: number;
  @ApiPropertyOptional()
  @IsOptionalNotNull()
  @IsText()
  @MinLength(2)
  @MaxLength(200)
  title?: string;
  @ApiPropertyOptional()
  @IsOptionalNotNull()
  @IsText({ multiline: true })
  @MinLength(2)
  @MaxLength(20_000)
  description?: string;
}

export class ProgressDto {
  @ApiProperty() @IsLocalDate() date: string;
  @ApiProperty() @IsText({ multiline: true }) @MinLength(2) @MaxLength(5000) note: string;
}

export class ResolveDto extends VersionDto {
  @ApiProperty({ description: 'true = 化解, false = 未化解' }) @IsBoolean() resolved: boolean;
  @ApiProperty() @IsLocalDate() date: string;

  @ApiProperty({ enum: OUTCOMES, isArray: true, description: '三到位一处理' })
  @IsArray()
  @IsIn(OUTCOMES, { each: true })
  outcomes: Outcome[];

  @ApiProperty({ description: '佐证材料说明' })
  @IsText({ multiline: true })
  @MinLength(2)
  @MaxLength(20_000)
  evidence: string;
}

export class ListKeyMattersQuery {
  @ApiPropertyOptional({ enum: ['open', 'resolved', 'unresolved'] })
  @IsOptional()
  @IsIn(['open', 'resolved', 'unresolved'])
  status?: string;

  @ApiPropertyOptional({ enum: KEY_MATTER_CATEGORIES })
  @IsOptional()
  @IsIn(KEY_MATTER_CATEGORIES)
  category?: KeyMatterCategory;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(50) leader?: string;
  @ApiPropertyOptional() @IsOptional() @Transform(toBoolean) @IsBoolean() planOverdue?: boolean;
}

export class YearQuery {
  @ApiPropertyOptional()
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(2000)
  @Max(2100)
  year?: number;
}

export class CreateMissionDto {
  @ApiProperty({ enum: MISSION_KINDS }) @IsIn(MISSION_KINDS) kind: MissionKind;
  @ApiProperty({ example: '北京' }) @IsText() @MinLength(2) @MaxLength(100) place: string;
  @ApiProperty() @IsLocalDate() startDate: string;
  @ApiProperty() @IsLocalDate() endDate: string;

  @ApiProperty({ type: [String] })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(20)
  @IsString({ each: true })
  @MinLength(1, { each: true })
  @MaxLength(20, { each: true })
  staff: string[];

  @ApiProperty() @IsInt() @Min(0) @Max(10_000) personsPersuaded: number;
  @ApiProperty() @IsInt() @Min(0) @Max(10_000) personsReturned: number;

  @ApiProperty({ description: '元' })
  @IsNumber({ maxDecimalPlaces: 2 })
  @Min(0)
  @Max(9_999_999_999)
  cost: number;

  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(1000) note?: string;

  @ApiProperty({ type: [Number] })
  @IsArray()
  @ArrayMaxSize(200)
  @IsInt({ each: true })
  @Min(1, { each: true })
  caseIds: number[];
}

export class ListMissionsQuery extends YearQuery {
  @ApiPropertyOptional({ enum: MISSION_KINDS })
  @IsOptional()
  @IsIn(MISSION_KINDS)
  kind?: MissionKind;
}

export class ReportKeyMatterDto extends VersionDto {}
