import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsString, Matches, Max, MaxLength, Min } from 'class-validator';
import { GROUP_DIMENSIONS, type GroupDimension } from '@app/metrics';
import { IsLocalDate } from '../common/validators';

export class MetricsQuery {
  @ApiPropertyOptional({
    description: '统计期开始日（含），默认本年 1 月 1 日',
    example: '2022-01-01',
  })
  @IsOptional()
  @IsLocalDate()
  from?: string;

  @ApiPropertyOptional({
    description: '统计期结束日（含），默认本年 12 月 31 日',
    example: '2022-12-31',
  })
  @IsOptional()
  @IsLocalDate()
  to?: string;

  @ApiPropertyOptional({
    enum: GROUP_DIMENSIONS,
    description: '按责任单位、渠道、来源层级或月份分组',
  })
  @IsOptional()
  @IsIn(GROUP_DIMENSIONS)
  groupBy?: GroupDimension;
}

export class MetricItemsQuery extends MetricsQuery {
  @ApiPropertyOptional({ enum: ['numerator', 'denominator'], default: 'numerator' })
  @IsOptional()
  @IsIn(['numerator', 'denominator'])
  part?: 'numerator' | 'denominator';

  @ApiPropertyOptional({
    description: '分组值（与 groupBy 同用）：单位编号、渠道、层级或 YYYY-MM；无此项的用 none',
  })
  @IsOptional()
  @IsString()
  @MaxLength(20)
  @Matches(/^[A-Za-z0-9_-]+$/)
  group?: string;

  @ApiPropertyOptional({ description: '上一页最后一项的编号' })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  cursor?: number;

  @ApiPropertyOptional({ default: 50, maximum: 500 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(500)
  limit?: number;
}

export class MetricRebuildQuery {
  @ApiPropertyOptional({ description: '年度', example: 2026 })
  @Type(() => Number)
  @IsInt()
  @Min(2000)
  @Max(2100)
  year: number;

  @ApiPropertyOptional({
    enum: ['check', 'replace'],
    default: 'replace',
    description: 'check：只比对汇总与原始记录；replace：按原始记录重建该年度汇总',
  })
  @IsOptional()
  @IsIn(['check', 'replace'])
  mode?: 'check' | 'replace';
}
