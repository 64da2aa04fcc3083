import { InjectQueue } from '@nestjs/bullmq';
import { Body, Controller, Get, Param, Patch, Put } from '@nestjs/common';
import { ApiOperation, ApiProperty, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import type { Queue } from 'bullmq';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
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
import { CurrentUser, Roles, type AuthUser } from '@app/auth';
import {
  CalendarService,
  CLOCK_KINDS,
  DAY_KINDS,
  deadlineRuleNotFound,
  DEADLINE_UNITS,
  type CalendarVersionEntity,
  type ClockKind,
  type DayKind,
  type DeadlineUnit,
  type StoredDeadlineRule,
} from '@app/calendar';
import { YearParam } from '../common/id-param';
import { CASES_QUEUE, CasesJob, type RecomputeClocksPayload } from '@app/queue';
import { IsText } from '../common/validators';

export class CalendarDayDto {
  @ApiProperty({ example: '2027-02-06' })
  @Matches(/^\d{4}-\d{2}-\d{2}$/, { message: 'date must be YYYY-MM-DD' })
  date: string;

  @ApiProperty({ enum: DAY_KINDS, description: 'holiday = 放假; workday = 调休上班' })
  @IsIn(DAY_KINDS)
  kind: DayKind;

  @ApiProperty({ example: '春节' })
  @IsText()
  @MinLength(1)
  @MaxLength(50)
  name: string;
}

export class ReplaceYearDto {
  @ApiProperty({ example: '国务院办公厅关于2027年部分节假日安排的通知' })
  @IsText()
  @MinLength(1)
  @MaxLength(200)
  source: string;

  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(500) note?: string;

  @ApiProperty({ type: [CalendarDayDto] })
  @IsArray()
  @ArrayMaxSize(120)
  @ValidateNested({ each: true })
  @Type(() => CalendarDayDto)
  days: CalendarDayDto[];
}

export class UpdateRuleDto {
  @ApiProperty() @IsInt() @Min(1) version: number;
  @ApiPropertyOptional() @IsOptional() @IsInt() @Min(1) @Max(365) length?: number;
  @ApiPropertyOptional({ enum: DEADLINE_UNITS })
  @IsOptional()
  @IsIn(DEADLINE_UNITS)
  unit?: DeadlineUnit;
  @ApiPropertyOptional() @IsOptional() @IsBoolean() rollOverHoliday?: boolean;
}

const versionView = (v: CalendarVersionEntity) => ({
  id: v.id,
  year: v.year,
  source: v.source,
  daysCount: v.daysCount,
  checksum: v.checksum,
  note: v.note,
  loadedBy: v.loadedBy,
  loadedAt: v.loadedAt.toISOString(),
});

const ruleView = (r: StoredDeadlineRule) => ({
  kind: r.kind,
  length: r.length,
  unit: r.unit,
  rollOverHoliday: r.rollOverHoliday,
  version: r.version,
});

@ApiTags('calendar 工作日历与办理时限')
@Controller()
export class CalendarController {
  constructor(
    private readonly calendar: CalendarService,
    @InjectQueue(CASES_QUEUE) private readonly queue: Queue,
  ) {}

  @Get('calendar/versions')
  @ApiOperation({ summary: '日历载入记录（每次载入一个版本）' })
  async versions() {
    return (await this.calendar.versions()).map(versionView);
  }

  @Get('calendar/:year')
  @ApiOperation({ summary: '某年的节假日与调休日' })
  async year(@Param('year', YearParam) year: number) {
    return { year, days: await this.calendar.listYear(year) };
  }

  @Put('calendar/:year')
  @Roles('admin')
  @ApiOperation({ summary: '载入某年国务院节假日安排（新版本），并重算在办时限' })
  async replaceYear(
    @Param('year', YearParam) year: number,
    @Body() dto: ReplaceYearDto,
    @CurrentUser() user: AuthUser,
  ) {
    const version = await this.calendar.replaceYear(
      year,
      dto.days,
      dto.source,
      dto.note ?? null,
      user.id,
    );
    const jobId = await this.recompute({
      reason: `日历 ${year} 年第 ${version.id} 版`,
      userId: user.id,
    });
    return { version: versionView(version), recomputeJobId: jobId };
  }

  @Get('deadline-rules')
  @ApiOperation({ summary: '办理时限规则' })
  async rules() {
    return (await this.calendar.rules()).map(ruleView);
  }

  @Patch('deadline-rules/:kind')
  @Roles('admin')
  @ApiOperation({ summary: '修改某类时限规则，并重算该类在办时限' })
  async updateRule(
    @Param('kind') kind: string,
    @Body() dto: UpdateRuleDto,
    @CurrentUser() user: AuthUser,
  ) {
    if (!(CLOCK_KINDS as readonly string[]).includes(kind)) {
      throw deadlineRuleNotFound(kind);
    }
    const rule = await this.calendar.updateRule(kind as ClockKind, dto, user.id);
    const jobId = await this.recompute({
      reason: `时限规则 ${kind} 第 ${rule.version} 版`,
      kind,
      userId: user.id,
    });
    return { rule: ruleView(rule), recomputeJobId: jobId };
  }

  private async recompute(payload: RecomputeClocksPayload): Promise<string> {
    const job = await this.queue.add(CasesJob.RecomputeClocks, payload);
    return job.id ?? '';
  }
}
