import {
  Body,
  Controller,
  Get,
  Param,
  Patch,
  Post,
  Put,
  Res,
  StreamableFile,
} from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { CurrentUser, Roles, type AuthUser } from '@app/auth';
import { SelfEvaluationService, type ReportFormat } from '@app/self-evaluation';
import { YearParam } from '../common/id-param';
import { checkYear } from '../metrics/metrics.controller';
import {
  BudgetLinesDto,
  CreateSelfEvaluationDto,
  IndicatorsDto,
  UpdateSelfEvaluationDto,
} from './self-evaluation.dto';

/** Leadership writes the evaluation; finance staff enter the money; all of them read it. */
const READERS = ['leader', 'supervisor', 'admin', 'finance'] as const;
const EDITORS = ['leader', 'admin'] as const;
const FINANCE = ['finance', 'admin'] as const;

const CONTENT_TYPES: Record<ReportFormat, string> = {
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  pdf: 'application/pdf',
  html: 'text/html; charset=utf-8',
};

@ApiTags('self-evaluations 部门整体支出绩效自评')
@Controller('self-evaluations')
export class SelfEvaluationController {
  constructor(private readonly evaluations: SelfEvaluationService) {}

  @Post(':year')
  @Roles(...EDITORS)
  @ApiOperation({ summary: '建立年度绩效自评（沿用上一年度的职能、目标、文字和指标表）' })
  create(
    @Param('year', YearParam) year: number,
    @Body() dto: CreateSelfEvaluationDto,
    @CurrentUser() user: AuthUser,
  ) {
    return this.evaluations.create(checkYear(year), dto.departmentName, user);
  }

  @Get(':year')
  @Roles(...READERS)
  @ApiOperation({ summary: '年度绩效自评：预算执行、指标得分、文字（已填入数据）及一致性检查' })
  get(@Param('year', YearParam) year: number) {
    return this.evaluations.view(checkYear(year));
  }

  @Patch(':year')
  @Roles(...EDITORS)
  @ApiOperation({ summary: '修改部门名称、职能、目标、重点任务和各部分文字' })
  update(
    @Param('year', YearParam) year: number,
    @Body() dto: UpdateSelfEvaluationDto,
    @CurrentUser() user: AuthUser,
  ) {
    return this.evaluations.update(checkYear(year), dto, user);
  }

  @Put(':year/budget-lines')
  @Roles(...FINANCE)
  @ApiOperation({
    summary: '录入预算明细（全年预算数、执行数、基本/项目支出、结转结余、资金来源）',
  })
  budgetLines(
    @Param('year', YearParam) year: number,
    @Body() dto: BudgetLinesDto,
    @CurrentUser() user: AuthUser,
  ) {
    return this.evaluations.replaceBudgetLines(checkYear(year), dto.version, dto.lines, user, {
      budget: dto.declaredBudget,
      executed: dto.declaredExecuted,
    });
  }

  @Put(':year/indicators')
  @Roles(...EDITORS)
  @ApiOperation({
    summary: '修改绩效指标表（一级/二级/三级、性质、目标、权重、绑定或录入实际值、偏差原因）',
  })
  indicators(
    @Param('year', YearParam) year: number,
    @Body() dto: IndicatorsDto,
    @CurrentUser() user: AuthUser,
  ) {
    return this.evaluations.replaceIndicators(checkYear(year), dto.version, dto.indicators, user);
  }

  @Get(':year/checks')
  @Roles(...READERS)
  @ApiOperation({ summary: '一致性检查：比率与其分子分母不符、未达目标未说明原因、预算明细不合计' })
  async checks(@Param('year', YearParam) year: number) {
    const e = await this.evaluations.evaluation(checkYear(year));
    return { year, totalScore: e.totalScore, issues: e.issues };
  }

  @Get(':year/report.docx')
  @Roles(...READERS)
  @ApiOperation({ summary: '自评报告 Word 文本' })
  docx(@Param('year', YearParam) year: number, @Res({ passthrough: true }) reply: FastifyReply) {
    return this.send(year, 'docx', reply);
  }

  @Get(':year/report.pdf')
  @Roles(...READERS)
  @ApiOperation({ summary: '自评报告 PDF（内嵌中文字体）' })
  pdf(@Param('year', YearParam) year: number, @Res({ passthrough: true }) reply: FastifyReply) {
    return this.send(year, 'pdf', reply);
  }

  @Get(':year/report.html')
  @Roles(...READERS)
  @ApiOperation({ summary: '自评报告网页版' })
  html(@Param('year', YearParam) year: number, @Res({ passthrough: true }) reply: FastifyReply) {
    return this.send(year, 'html', reply);
  }

  private async send(year: number, format: ReportFormat, reply: FastifyReply) {
    const { body, filename } = await this.evaluations.report(checkYear(year), format);
    void reply.header('content-type', CONTENT_TYPES[format]);
    void reply.header(
      'content-disposition',
      `${format === 'html' ? 'inline' : 'attachment'}; filename*=UTF-8''${encodeURIComponent(filename)}`,
    );
    return new StreamableFile(typeof body === 'string' ? Buffer.from(body, 'utf8') : body);
  }
}
