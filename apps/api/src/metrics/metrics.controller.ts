import { Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentUser, Roles, type AuthUser } from '@app/auth';
import { validationFailed } from '@app/core';
import { MetricsService, parseGroupValue } from '@app/metrics';
import { YearParam } from '../common/id-param';
import { MetricItemsQuery, MetricRebuildQuery, MetricsQuery } from './metrics.dto';

/** Statistics are read by the bureau's case officers, supervisors, leadership and admins. */
export const METRIC_READERS = ['officer', 'supervisor', 'leader', 'admin'] as const;

export function checkYear(year: number): number {
  if (year < 2000 || year > 2100) {
    throw validationFailed([
      { field: 'year', messages: ['year must be a year between 2000 and 2100'] },
    ]);
  }
  return year;
}

@ApiTags('metrics 统计指标')
@Controller('metrics')
export class MetricsController {
  constructor(private readonly metrics: MetricsService) {}

  @Get()
  @Roles(...METRIC_READERS)
  @ApiOperation({
    summary: '统计期的全部指标（定义、分子、分母、数值），可按单位、渠道、层级、月份分组',
  })
  figures(@Query() q: MetricsQuery) {
    return this.metrics.figures(this.metrics.resolvePeriod(q.from, q.to), q.groupBy);
  }

  @Get('periods')
  @Roles(...METRIC_READERS)
  @ApiOperation({ summary: '已结账的年度' })
  periods() {
    return this.metrics.listPeriods();
  }

  @Get('periods/:year')
  @Roles(...METRIC_READERS)
  @ApiOperation({ summary: '已结账年度的快照与实时数的对照（哪些信访件变动及其原因）' })
  period(@Param('year', YearParam) year: number) {
    return this.metrics.period(checkYear(year));
  }

  @Post('periods/:year/close')
  @Roles('leader', 'admin')
  @HttpCode(201)
  @ApiOperation({ summary: '年度结账：冻结全部指标及其背后的信访件清单' })
  close(@Param('year', YearParam) year: number, @CurrentUser() user: AuthUser) {
    return this.metrics.closePeriod(checkYear(year), user);
  }

  @Post('rebuild')
  @Roles('admin')
  @HttpCode(200)
  @ApiOperation({
    summary: '按原始记录核对（check）或重建（replace）某年度的指标汇总，返回是否一致及差异',
  })
  rebuild(@Query() q: MetricRebuildQuery) {
    return this.metrics.rebuild(q.year, (q.mode ?? 'replace') === 'replace');
  }

  @Get('periods/:year/:key/items')
  @Roles(...METRIC_READERS)
  @ApiOperation({ summary: '已结账年度冻结指标背后的清单（结账时的编号，分页），总数与快照一致' })
  snapshotItems(
    @Param('year', YearParam) year: number,
    @Param('key') key: string,
    @Query() q: MetricItemsQuery,
  ) {
    return this.metrics.snapshotItems(checkYear(year), key, this.drillQuery(q));
  }

  @Get(':key/items')
  @Roles(...METRIC_READERS)
  @ApiOperation({ summary: '指标背后的清单（分页），总数与指标一致' })
  items(@Param('key') key: string, @Query() q: MetricItemsQuery) {
    const metric = this.metrics.metric(key);
    return this.metrics.items(
      metric.key,
      this.metrics.resolvePeriod(q.from, q.to),
      this.drillQuery(q),
    );
  }

  private drillQuery(q: MetricItemsQuery) {
    return {
      part: q.part,
      groupBy: q.groupBy,
      group: q.group === undefined || !q.groupBy ? q.group : parseGroupValue(q.groupBy, q.group),
      cursor: q.cursor,
      limit: q.limit,
    };
  }
}
