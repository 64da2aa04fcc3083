import { ApiProperty, ApiPropertyOptional, OmitType, PartialType, PickType } from '@nestjs/swagger';
import {
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  Matches,
  Max,
  MaxLength,
  Min,
  MinLength,
  ValidateIf,
} from 'class-validator';
import {
  ANSWER_DECISIONS,
  DELIVERY_METHODS,
  EVALUATIONS,
  EXTERNAL_REF_PATTERN,
  EXTERNAL_REF_RULE_TEXT,
  NOT_ACCEPTED_ROUTES,
  REFERRAL_TARGETS,
  type AnswerDecision,
  type DeliveryMethod,
  type Evaluation,
  type NotAcceptedRoute,
  type ReferralTarget,
} from '@app/cases';
import { RegisterCaseDto } from './register-case.dto';
import { IsDateTime, IsLocalDate, IsOptionalNotNull, IsText, Trim } from '../../common/validators';

export class VersionDto {
  @ApiProperty({ description: 'The version last read; a stale one gets 409' })
  @IsInt()
  @Min(1)
  version: number;
}

class ReasonDto extends VersionDto {
  @ApiProperty()
  @IsText({ multiline: true })
  @MinLength(2)
  @MaxLength(1000)
  reason: string;
}

export class EditCaseDto extends PartialType(
  OmitType(RegisterCaseDto, [
    'channel',
    'source',
    'sourceLevel',
    'externalRef',
    // The upper office's facts change only through POST /cases/{id}/upper-office (its rules, a reason).
    'provincialDueDate',
    'registeredAt',
    'personCount',
    'petitioners',
    'officerId',
  ] as const),
) {
  @ApiProperty({ description: 'The version last read; a stale one gets 409' })
  @IsInt()
  @Min(1)
  version: number;

  @ApiPropertyOptional({
    description:
      '解除检举人保密的事由：已交办/转送单位的检举控告件，关闭 confidentialAccuser 或改为非检举控告须由督查员填写（记入个人信息查看审计）',
  })
  @IsOptional()
  @IsText()
  @MinLength(2)
  @MaxLength(200)
  unmaskReason?: string;
}

export class TransferDto extends VersionDto {
  @ApiProperty({ description: 'The district unit the case goes to' })
  @IsInt()
  @Min(1)
  unitId: number;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @MaxLength(1000)
  instructions?: string;
}

export class AssignDto extends TransferDto {
  @ApiProperty({ example: '2022-04-30', description: '报送办理结果期限 (Asia/Shanghai date)' })
  @IsLocalDate()
  reportDueDate: string;
}

// 不再受理 is set only by confirming a final-matter match (POST /cases/{id}/final-match).
const ROUTES = NOT_ACCEPTED_ROUTES.filter((r) => r !== 'not_reaccepted');
export class NotAcceptDto extends ReasonDto {
  @ApiProperty({ enum: ROUTES, description: '告知信访人的途径' })
  @IsIn(ROUTES)
  route: NotAcceptedRoute;
}

export class ReferDto extends ReasonDto {
  @ApiProperty({ enum: REFERRAL_TARGETS })
  @IsIn(REFERRAL_TARGETS)
  to: ReferralTarget;
}

export class ObjectDto extends ReasonDto {}

export class ExtendDto extends ReasonDto {
  @ApiProperty({ minimum: 1, maximum: 30 })
  @IsInt()
  @Min(1)
  @Max(30)
  days: number;
}

export class AnswerDto extends VersionDto {
  @ApiProperty({ enum: ANSWER_DECISIONS })
  @IsIn(ANSWER_DECISIONS)
  decision: AnswerDecision;

  @ApiProperty({ description: '查明事实' })
  @IsText({ multiline: true })
  @MinLength(2)
  @MaxLength(20_000)
  facts: string;

  @ApiProperty({ description: '处理依据' })
  @IsText({ multiline: true })
  @MinLength(2)
  @MaxLength(20_000)
  basis: string;

  @ApiProperty({ enum: DELIVERY_METHODS })
  @IsIn(DELIVERY_METHODS)
  deliveryMethod: DeliveryMethod;

  @ApiProperty()
  @IsDateTime()
  deliveredAt: Date;
}

export class ReportDto extends VersionDto {
  @ApiProperty({ description: '办理结果报告' })
  @IsText({ multiline: true })
  @MinLength(2)
  @MaxLength(20_000)
  report: string;
}

const RATINGS = EVALUATIONS.filter((e) => e !== 'lapsed');
export class EvaluateDto extends VersionDto {
  @ApiProperty({ enum: RATINGS })
  @IsIn(RATINGS)
  evaluation: Exclude<Evaluation, 'lapsed'>;
}

export class ReassignOfficerDto extends VersionDto {
  @ApiProperty()
  @IsInt()
  @Min(1)
  officerId: number;
}

export class LinkRepeatDto extends VersionDto {
  @ApiProperty({ nullable: true, type: Number, description: 'The first case (初件); null unlinks' })
  @ValidateIf((_, v) => v !== null)
  @IsInt()
  @Min(1)
  firstCaseId: number | null;
}

export class RevealDto {
  @ApiProperty({ description: '查看完整个人信息的事由（记入审计）' })
  @IsText()
  @MinLength(2)
  @MaxLength(200)
  reason: string;
}

export class CloseDto extends PickType(VersionDto, ['version'] as const) {}

/** 更正 the upper office's number or deadline of a handed-down case; at least one of the two. */
export class UpperOfficeDto extends ReasonDto {
  @ApiPropertyOptional({
    example: 'GD2026-000123',
    description: `上级信访件编号（省一体化信访信息系统件号）：${EXTERNAL_REF_RULE_TEXT}；不填为不改`,
  })
  @IsOptionalNotNull()
  @Trim()
  @Matches(EXTERNAL_REF_PATTERN)
  externalRef?: string;

  @ApiPropertyOptional({
    nullable: true,
    type: String,
    example: '2026-03-05',
    description:
      '上级办理期限 (Asia/Shanghai date, not before the registration date); null removes it; 不填为不改',
  })
  @IsOptional()
  @IsLocalDate()
  provincialDueDate?: string | null;
}
