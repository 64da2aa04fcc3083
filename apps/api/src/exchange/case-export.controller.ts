import { Controller, Get, Query, Res, StreamableFile } from '@nestjs/common';
import { ApiOperation, ApiProperty, ApiPropertyOptional, ApiTags, OmitType } from '@nestjs/swagger';
import { IsIn, IsOptional, MaxLength, MinLength } from 'class-validator';
import type { FastifyReply } from 'fastify';
import { CurrentUser, RateLimit, ROLES, Roles, type AuthUser } from '@app/auth';
import { CaseExportService } from '@app/exchange';
import { ListCasesQuery } from '../cases/dto/list-cases.query';
import { IsText } from '../common/validators';

export class ExportCasesQuery extends OmitType(ListCasesQuery, [
  'limit',
  'cursor',
  'total',
] as const) {
  @ApiProperty({ description: '导出事由（记入导出日志）', example: '年度统计核对' })
  @IsText()
  @MinLength(2)
  @MaxLength(200)
  reason: string;

  @ApiPropertyOptional({
    enum: ['masked', 'full'],
    default: 'masked',
    description: 'full: 证件号码、电话、住址明文（仅限可查看完整个人信息的角色）',
  })
  @IsOptional()
  @IsIn(['masked', 'full'])
  personalData?: 'masked' | 'full';
}

@ApiTags('exchange 省系统数据交换')
@Controller('cases')
export class CaseExportController {
  constructor(private readonly exports: CaseExportService) {}

  @Get('export')
  @Roles(...ROLES)
  @RateLimit('exportPerUser')
  @ApiOperation({
    summary: '导出信访件列表为 .xlsx（与列表相同的筛选条件；个人信息默认脱敏；记录导出日志）',
  })
  async export(
    @Query() q: ExportCasesQuery,
    @CurrentUser() user: AuthUser,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<StreamableFile> {
    const { reason, personalData, ...filter } = q;
    const { stream, logId } = await this.exports.export(
      filter,
      { reason, fullPersonalData: personalData === 'full' },
      user,
    );
    void reply.header(
      'content-type',
      'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    );
    void reply.header(
      'content-disposition',
      `attachment; filename*=UTF-8''${encodeURIComponent(`信访件导出-${logId}.xlsx`)}`,
    );
    void reply.header('x-export-log-id', String(logId));
    return new StreamableFile(stream);
  }
}
