import type { Readable } from 'node:stream';
import { Controller, Get, Query, Res, StreamableFile } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { Roles, UsersService, type UserName } from '@app/auth';
import { PiiAccessLog } from '@app/cases';
import { ExportLog, TABLE_CONTENT_TYPES, tableFile, type TableFormat } from '@app/exchange';
import {
  auditFilter,
  ExportAuditDownloadQuery,
  ExportAuditQuery,
  RevealAuditDownloadQuery,
  RevealAuditQuery,
} from './audit.dto';
import {
  EXPORT_COLUMNS,
  ExportAuditPage,
  ExportAuditResponse,
  exportRow,
  REVEAL_COLUMNS,
  RevealAuditPage,
  RevealAuditResponse,
  revealRow,
} from './audit.response';

/**
 * The administrators' view of the two personal-data logs (DESIGN §7): every full view of a
 * petitioner's data (reveal) and every export, with who, when, which case or filters and why.
 */
@ApiTags('audit 个人信息查看与导出审计（管理员）')
@Roles('admin')
@Controller('audit')
export class AuditController {
  constructor(
    private readonly reveals: PiiAccessLog,
    private readonly exports: ExportLog,
    private readonly users: UsersService,
  ) {}

  @Get('reveals')
  @ApiOperation({ summary: '个人信息查看记录（新的在前；按用户、信访件、日期筛选）' })
  @ApiOkResponse({ type: RevealAuditPage })
  async listReveals(@Query() q: RevealAuditQuery): Promise<RevealAuditPage> {
    const { entries, next, total } = await this.reveals.page(auditFilter(q), {
      limit: q.limit ?? 20,
      beforeId: q.cursor,
      total: q.total ?? 'estimate',
    });
    const names = await this.users.namesOf(entries.map((e) => e.userId));
    return {
      items: entries.map((e) => RevealAuditResponse.from(e, names)),
      nextCursor: next,
      total,
    };
  }

  @Get('reveals/download')
  @ApiOperation({ summary: '下载个人信息查看记录（.xlsx 或 .csv，筛选条件同列表）' })
  @ApiProduces(TABLE_CONTENT_TYPES.xlsx, TABLE_CONTENT_TYPES.csv)
  downloadReveals(
    @Query() q: RevealAuditDownloadQuery,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): StreamableFile {
    const format = q.format ?? 'xlsx';
    const rows = this.named(this.reveals.all(auditFilter(q)), revealRow);
    return this.file(
      reply,
      format,
      '个人信息查看记录',
      tableFile(format, '查看记录', REVEAL_COLUMNS, rows),
    );
  }

  @Get('exports')
  @ApiOperation({ summary: '导出记录（新的在前；按用户、日期筛选）' })
  @ApiOkResponse({ type: ExportAuditPage })
  async listExports(@Query() q: ExportAuditQuery): Promise<ExportAuditPage> {
    const { entries, next, total } = await this.exports.page(auditFilter(q), {
      limit: q.limit ?? 20,
      beforeId: q.cursor,
      total: q.total ?? 'estimate',
    });
    const names = await this.users.namesOf(entries.map((e) => e.userId));
    return {
      items: entries.map((e) => ExportAuditResponse.from(e, names)),
      nextCursor: next,
      total,
    };
  }

  @Get('exports/download')
  @ApiOperation({ summary: '下载导出记录（.xlsx 或 .csv，筛选条件同列表）' })
  @ApiProduces(TABLE_CONTENT_TYPES.xlsx, TABLE_CONTENT_TYPES.csv)
  downloadExports(
    @Query() q: ExportAuditDownloadQuery,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): StreamableFile {
    const format = q.format ?? 'xlsx';
    const rows = this.named(this.exports.all(auditFilter(q)), exportRow);
    return this.file(
      reply,
      format,
      '导出记录',
      tableFile(format, '导出记录', EXPORT_COLUMNS, rows),
    );
  }

  /** Each batch of log entries as table rows, with the users' names looked up per batch. */
  private async *named<T extends { userId: number }>(
    batches: AsyncIterable<T[]>,
    row: (entry: T, names: Map<number, UserName>) => string[],
  ): AsyncGenerator<string[][]> {
    for await (const batch of batches) {
      const names = await this.users.namesOf(batch.map((e) => e.userId));
      yield batch.map((e) => row(e, names));
    }
  }

  private file(
    reply: FastifyReply,
    format: TableFormat,
    name: string,
    stream: Readable,
  ): StreamableFile {
    void reply.header('content-type', TABLE_CONTENT_TYPES[format]);
    void reply.header(
      'content-disposition',
      `attachment; filename*=UTF-8''${encodeURIComponent(`${name}.${format}`)}`,
    );
    return new StreamableFile(stream);
  }
}
