import { ApiPropertyOptional, OmitType } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import {
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
} from 'class-validator';
import {
  CASE_STATUSES,
  CHANNELS,
  PURPOSES,
  REVIEW_KINDS,
  REVIEW_STAGES,
  SOURCE_LEVELS,
  SOURCES,
  type CaseStatus,
  type Channel,
  type Purpose,
  type ReviewKind,
  type Source,
  type SourceLevel,
} from '@app/cases';
import { toBoolean, toList } from '../../common/transforms';
import { CursorQuery } from '../../common/page.query';
import { IsDateTime, IsLocalDate, IsText } from '../../common/validators';

export class ListCasesQuery extends CursorQuery {
  @ApiPropertyOptional({
    description: 'Comma-separated statuses',
    example: 'registered,transferred',
  })
  @IsOptional()
  @Transform(toList)
  @IsIn(CASE_STATUSES, { each: true })
  status?: CaseStatus[];

  @ApiPropertyOptional({ enum: CHANNELS }) @IsOptional() @IsIn(CHANNELS) channel?: Channel;
  @ApiPropertyOptional({ enum: SOURCES }) @IsOptional() @IsIn(SOURCES) source?: Source;
  @ApiPropertyOptional({ enum: SOURCE_LEVELS })
  @IsOptional()
  @IsIn(SOURCE_LEVELS)
  sourceLevel?: SourceLevel;
  @ApiPropertyOptional({ enum: PURPOSES }) @IsOptional() @IsIn(PURPOSES) purpose?: Purpose;

  @ApiPropertyOptional({ description: 'Responsible unit' })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  unitId?: number;

  @ApiPropertyOptional({ description: '承办人' })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  officerId?: number;

  @ApiPropertyOptional({ description: 'A category code of any level (its subtree)' })
  @IsOptional()
  @Matches(/^(\d{2}){1,3}$/, { message: 'categoryCode must be a 2-, 4- or 6-digit code' })
  categoryCode?: string;

  @ApiPropertyOptional({ description: 'Registered at or after (ISO time)' })
  @IsOptional()
  @IsDateTime()
  registeredFrom?: Date;

  @ApiPropertyOptional({ description: 'Registered before (ISO time)' })
  @IsOptional()
  @IsDateTime()
  registeredTo?: Date;

  @ApiPropertyOptional({
    example: '2026-03-01',
    description:
      '上级办理期限 on or after this day (Asia/Shanghai date); cases without one are left out',
  })
  @IsOptional()
  @IsLocalDate()
  provincialDueFrom?: string;

  @ApiPropertyOptional({
    example: '2026-03-31',
    description:
      '上级办理期限 on or before this day (Asia/Shanghai date); cases without one are left out',
  })
  @IsOptional()
  @IsLocalDate()
  provincialDueTo?: string;

  @ApiPropertyOptional({ description: 'Nearest clock already past due' })
  @IsOptional()
  @Transform(toBoolean)
  @IsBoolean()
  overdue?: boolean;

  @ApiPropertyOptional({ description: 'Nearest clock due within N days' })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(0)
  @Max(365)
  dueWithinDays?: number;

  @ApiPropertyOptional({ description: '重件 only (true) or 初件 only (false)' })
  @IsOptional()
  @Transform(toBoolean)
  @IsBoolean()
  repeat?: boolean;

  @ApiPropertyOptional({
    enum: [...REVIEW_STAGES, 'none'],
    description: '原信访件的复查复核阶段（复查中、复核中、已终结；none：未申请复查的普通信访件）',
  })
  @IsOptional()
  @IsIn([...REVIEW_STAGES, 'none'])
  reviewStage?: (typeof REVIEW_STAGES)[number] | 'none';

  @ApiPropertyOptional({ enum: REVIEW_KINDS, description: '复查件或复核件本身' })
  @IsOptional()
  @IsIn(REVIEW_KINDS)
  reviewKind?: ReviewKind;

  @ApiPropertyOptional({ description: '登记时匹配到已终结事项、待确认的信访件 (true)' })
  @IsOptional()
  @Transform(toBoolean)
  @IsBoolean()
  finalMatch?: boolean;

  @ApiPropertyOptional({ description: '尚无承办人、待领取的信访件 (true)' })
  @IsOptional()
  @Transform(toBoolean)
  @IsBoolean()
  unassigned?: boolean;

  @ApiPropertyOptional({ description: '已答复、信访人尚未评价的信访件 (true)' })
  @IsOptional()
  @Transform(toBoolean)
  @IsBoolean()
  awaitingEvaluation?: boolean;

  @ApiPropertyOptional({ description: "A petitioner's ID number (matched by blind index)" })
  @IsOptional()
  @IsString()
  @MaxLength(30)
  idNumber?: string;

  @ApiPropertyOptional({ description: "A petitioner's phone (matched by blind index)" })
  @IsOptional()
  @IsString()
  @MaxLength(30)
  phone?: string;

  @ApiPropertyOptional({
    description:
      "A petitioner's full name (matched exactly by blind index after trimming, collapsing spaces " +
      'and full-width to half-width; part of a name finds nothing), including names given with ' +
      'earlier cases. `keyword` does not search names.',
  })
  @IsOptional()
  @IsText()
  @MinLength(1)
  @MaxLength(100)
  name?: string;

  @ApiPropertyOptional({ description: 'In title or content; or a case number / provincial number' })
  @IsOptional()
  @IsText()
  @MinLength(1)
  @MaxLength(100)
  keyword?: string;

  @ApiPropertyOptional({ default: 20, maximum: 200 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(200)
  limit?: number;
}

/** The list's filters without its paging: for the count of the whole result. */
export class CountCasesQuery extends OmitType(ListCasesQuery, [
  'limit',
  'cursor',
  'total',
] as const) {}
