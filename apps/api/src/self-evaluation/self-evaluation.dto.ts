import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsIn,
  IsInt,
  IsNumber,
  IsOptional,
  IsString,
  MaxLength,
  Min,
  MinLength,
  Max,
  ValidateNested,
  ValidateIf,
} from 'class-validator';
import {
  EXPENDITURE_NATURES,
  FUNDING_SOURCES,
  INDICATOR_NATURES,
  type ExpenditureNature,
  type FundingSource,
  type IndicatorNature,
} from '@app/self-evaluation';
import { IsOptionalNotNull, IsText } from '../common/validators';

const AMOUNT = { maxDecimalPlaces: 2, allowNaN: false, allowInfinity: false };
const MAX_AMOUNT = 999_999_999_999;

export class CreateSelfEvaluationDto {
  @ApiPropertyOptional({ example: '某区信访局', description: '默认沿用上一年度或本局名称' })
  @IsOptional()
  @IsText()
  @MinLength(2)
  @MaxLength(100)
  departmentName?: string;
}

export class SectionsDto {
  @ApiPropertyOptional() @IsOptionalNotNull() @IsString() @MaxLength(20000) functions?: string;
  @ApiPropertyOptional() @IsOptionalNotNull() @IsString() @MaxLength(20000) budgetSummary?: string;
  @ApiPropertyOptional() @IsOptionalNotNull() @IsString() @MaxLength(20000) goals?: string;
  @ApiPropertyOptional() @IsOptionalNotNull() @IsString() @MaxLength(20000) keyTasks?: string;
  @ApiPropertyOptional() @IsOptionalNotNull() @IsString() @MaxLength(20000) conclusion?: string;
  @ApiPropertyOptional() @IsOptionalNotNull() @IsString() @MaxLength(20000) taskCompletion?: string;
  @ApiPropertyOptional() @IsOptionalNotNull() @IsString() @MaxLength(20000) achievements?: string;
  @ApiPropertyOptional() @IsOptionalNotNull() @IsString() @MaxLength(20000) problems?: string;
  @ApiPropertyOptional() @IsOptionalNotNull() @IsString() @MaxLength(20000) improvements?: string;
}

export class UpdateSelfEvaluationDto {
  @ApiProperty() @IsInt() @Min(1) version: number;

  @ApiPropertyOptional()
  @IsOptionalNotNull()
  @IsText()
  @MinLength(2)
  @MaxLength(100)
  departmentName?: string;

  @ApiPropertyOptional({
    type: SectionsDto,
    description:
      '文字部分，可用占位符，如 {{metrics.keyMattersResolved}}、{{budget.executionRate}}',
  })
  @IsOptionalNotNull()
  @ValidateNested()
  @Type(() => SectionsDto)
  sections?: SectionsDto;
}

export class BudgetLineDto {
  @ApiProperty({ example: '基本支出' }) @IsText() @MinLength(1) @MaxLength(100) name: string;
  @ApiProperty({ enum: FUNDING_SOURCES }) @IsIn(FUNDING_SOURCES) fundingSource: FundingSource;
  @ApiProperty({ enum: EXPENDITURE_NATURES }) @IsIn(EXPENDITURE_NATURES) nature: ExpenditureNature;
  @ApiProperty({ description: '全年预算数（万元，两位小数）' })
  @IsNumber(AMOUNT)
  @Min(0)
  @Max(MAX_AMOUNT)
  budget: number;
  @ApiProperty({ description: '执行数（万元）' })
  @IsNumber(AMOUNT)
  @Min(0)
  @Max(MAX_AMOUNT)
  executed: number;
  @ApiPropertyOptional({ description: '结转和结余（万元）', default: 0 })
  @IsOptional()
  @IsNumber(AMOUNT)
  @Min(0)
  @Max(MAX_AMOUNT)
  carryOver?: number;
}

export class BudgetLinesDto {
  @ApiProperty() @IsInt() @Min(1) version: number;

  @ApiProperty({ type: [BudgetLineDto] })
  @IsArray()
  @ArrayMaxSize(200)
  @ValidateNested({ each: true })
  @Type(() => BudgetLineDto)
  lines: BudgetLineDto[];

  @ApiPropertyOptional({
    description: '决算填报的全年预算数（万元），用于核对明细合计',
    type: Number,
    nullable: true,
  })
  @IsOptional()
  @ValidateIf((_, v) => v !== null)
  @IsNumber(AMOUNT)
  @Min(0)
  @Max(MAX_AMOUNT)
  declaredBudget?: number | null;

  @ApiPropertyOptional({ description: '决算填报的执行数（万元）', type: Number, nullable: true })
  @IsOptional()
  @ValidateIf((_, v) => v !== null)
  @IsNumber(AMOUNT)
  @Min(0)
  @Max(MAX_AMOUNT)
  declaredExecuted?: number | null;
}

export class IndicatorDto {
  @ApiProperty({ example: '产出指标' }) @IsString() @MinLength(1) @MaxLength(50) level1: string;
  @ApiProperty({ example: '数量指标' }) @IsString() @MinLength(1) @MaxLength(50) level2: string;
  @ApiProperty({ example: '化解重点信访事项' })
  @IsString()
  @MinLength(1)
  @MaxLength(100)
  level3: string;
  @ApiProperty({ enum: INDICATOR_NATURES }) @IsIn(INDICATOR_NATURES) nature: IndicatorNature;
  @ApiProperty() @IsNumber(AMOUNT) @Min(0) @Max(MAX_AMOUNT) target: number;
  @ApiProperty({ example: '件' }) @IsText() @MinLength(1) @MaxLength(10) unit: string;
  @ApiProperty() @IsNumber(AMOUNT) @Min(0) @Max(100) weight: number;

  @ApiPropertyOptional({
    description: '绑定的统计指标（或 budget.executionRate）',
    type: String,
    nullable: true,
  })
  @IsOptional()
  @ValidateIf((_, v) => v !== null)
  @IsString()
  @MaxLength(60)
  metricKey?: string | null;

  @ApiPropertyOptional({
    description: '未绑定统计指标时录入的实际完成值',
    type: Number,
    nullable: true,
  })
  @IsOptional()
  @ValidateIf((_, v) => v !== null)
  @IsNumber(AMOUNT)
  @Min(0)
  @Max(MAX_AMOUNT)
  enteredActual?: number | null;

  @ApiPropertyOptional({ description: '偏差原因', type: String, nullable: true })
  @IsOptional()
  @ValidateIf((_, v) => v !== null)
  @IsString()
  @MaxLength(1000)
  reason?: string | null;
}

export class IndicatorsDto {
  @ApiProperty() @IsInt() @Min(1) version: number;

  @ApiProperty({ type: [IndicatorDto] })
  @IsArray()
  @ArrayMaxSize(100)
  @ValidateNested({ each: true })
  @Type(() => IndicatorDto)
  indicators: IndicatorDto[];
}
