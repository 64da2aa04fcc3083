import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsIn, IsInt, IsOptional, MaxLength, Min, MinLength } from 'class-validator';
import {
  CHANNELS,
  DELIVERY_METHODS,
  REVIEW_DECISIONS,
  type Channel,
  type DeliveryMethod,
  type ReviewDecision,
} from '@app/cases';
import { VersionDto } from './case-actions.dto';
import { IsDateTime, IsText } from '../../common/validators';

export class ReviewRequestDto extends VersionDto {
  @ApiProperty({ enum: CHANNELS, description: '申请方式' })
  @IsIn(CHANNELS)
  channel: Channel;

  @ApiPropertyOptional({ description: '收到申请的时间（默认当前时间）' })
  @IsOptional()
  @IsDateTime()
  receivedAt?: Date;

  @ApiProperty({ description: '申请复查/复核的事实和理由' })
  @IsText({ multiline: true })
  @MinLength(2)
  @MaxLength(20_000)
  reasons: string;

  @ApiPropertyOptional({ description: '超过 30 日申请期限仍予受理的正当理由（承办人员记录）' })
  @IsOptional()
  @IsText({ multiline: true })
  @MinLength(2)
  @MaxLength(1000)
  lateJustification?: string;
}

export class ReviewDecisionDto extends VersionDto {
  @ApiProperty({ enum: REVIEW_DECISIONS, description: '维持 / 撤销 / 变更' })
  @IsIn(REVIEW_DECISIONS)
  decision: ReviewDecision;

  @ApiProperty({ description: '复查/复核意见的理由' })
  @IsText({ multiline: true })
  @MinLength(2)
  @MaxLength(20_000)
  reasons: string;

  @ApiPropertyOptional({ description: '作出意见的机关（系统中的单位）' })
  @IsOptional()
  @IsInt()
  @Min(1)
  decisionUnitId?: number;

  @ApiPropertyOptional({
    description: '作出意见的机关名称（无对应单位时必填）',
    example: '区人民政府',
  })
  @IsOptional()
  @IsText()
  @MinLength(2)
  @MaxLength(100)
  decisionBody?: string;

  @ApiProperty({ enum: DELIVERY_METHODS })
  @IsIn(DELIVERY_METHODS)
  deliveryMethod: DeliveryMethod;

  @ApiProperty({ description: '意见书送达时间' })
  @IsDateTime()
  deliveredAt: Date;
}

export class HearingDto extends VersionDto {
  @ApiProperty({ description: '听证开始（或结束）时间' })
  @IsDateTime()
  at: Date;
}

export class FinalMatchDto extends VersionDto {
  @ApiProperty({
    description: 'true: 确认为已终结事项，不再受理; false: 排除匹配（须说明理由）',
  })
  @IsBoolean()
  confirm: boolean;

  @ApiPropertyOptional({ description: '说明（排除匹配时必填）' })
  @IsOptional()
  @IsText({ multiline: true })
  @MinLength(2)
  @MaxLength(500)
  note?: string;
}
