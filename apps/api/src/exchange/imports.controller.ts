import { InjectQueue } from '@nestjs/bullmq';
import {
  Controller,
  Get,
  HttpCode,
  Param,
  Post,
  Query,
  Req,
  Res,
  StreamableFile,
} from '@nestjs/common';
import {
  ApiAcceptedResponse,
  ApiBody,
  ApiConsumes,
  ApiOkResponse,
  ApiOperation,
  ApiProperty,
  ApiPropertyOptional,
  ApiTags,
} from '@nestjs/swagger';
import { IsIn, IsOptional } from 'class-validator';
import type { Queue } from 'bullmq';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { CurrentUser, Roles, type AuthUser } from '@app/auth';
import { AppConfig } from '@app/core';
import {
  importFileEmpty,
  ImportsService,
  type ImportJobEntity,
  type ImportKind,
} from '@app/exchange';
import { EXCHANGE_QUEUE, ExchangeJob, importJobId, type ImportPayload } from '@app/queue';
import { multipartRequired } from '../common/api.errors';
import { IdParam } from '../common/id-param';
import { ListTotalResponse, PAGE_TOTAL, SmallPageQuery } from '../common/page.query';

const IMPORTERS = ['reception', 'officer', 'supervisor'] as const;

export class ImportJobResponse {
  @ApiProperty() id: number;
  @ApiProperty({ enum: ['cases', 'history'] }) kind: string;
  @ApiProperty({ enum: ['xlsx', 'csv', 'jsonl'] }) format: string;
  @ApiProperty() filename: string;
  @ApiProperty() sizeBytes: number;
  @ApiProperty() sha256: string;
  @ApiProperty({ enum: ['queued', 'running', 'done', 'failed'] }) status: string;
  @ApiPropertyOptional({ enum: ['validating', 'importing'], nullable: true, type: String })
  phase: string | null;
  @ApiProperty({ description: 'Data rows (or lines) in the file, known after validation' })
  totalRows: number;
  @ApiProperty() validRows: number;
  @ApiProperty({ description: 'Rows with at least one problem (see the error report)' })
  errorRows: number;
  @ApiProperty({ description: 'Rows looked at in the current phase' }) processedRows: number;
  @ApiProperty() createdRows: number;
  @ApiProperty({ description: 'Valid rows already in the system: nothing new created' })
  existingRows: number;
  @ApiProperty({ description: '0-100 over both phases' }) percent: number;
  @ApiPropertyOptional({ nullable: true, type: String }) failure: string | null;
  @ApiProperty() createdAt: string;
  @ApiPropertyOptional({ nullable: true, type: String }) finishedAt: string | null;
  @ApiPropertyOptional({ nullable: true, type: String }) errorReport: string | null;

  static from(j: ImportJobEntity): ImportJobResponse {
    const percent =
      j.status === 'done'
        ? 100
        : j.phase === 'importing' && j.validRows > 0
          ? 50 + Math.floor((50 * j.processedRows) / j.validRows)
          : j.phase === 'importing'
            ? 99
            : 0;
    return Object.assign(new ImportJobResponse(), {
      id: j.id,
      kind: j.kind,
      format: j.format,
      filename: j.filename,
      sizeBytes: Number(j.sizeBytes),
      sha256: j.sha256,
      status: j.status,
      phase: j.phase,
      totalRows: j.totalRows,
      validRows: j.validRows,
      errorRows: j.errorRows,
      processedRows: j.processedRows,
      createdRows: j.createdRows,
      existingRows: j.existingRows,
      percent: Math.min(percent, 100),
      failure: j.failure,
      createdAt: j.createdAt.toISOString(),
      finishedAt: j.finishedAt?.toISOString() ?? null,
      errorReport:
        j.errorRows > 0 && j.status === 'done'
          ? `/api/v1/imports/${j.id}/errors?format=xlsx`
          : null,
    });
  }
}

export class ListImportsQuery extends SmallPageQuery {
  @ApiPropertyOptional({ enum: ['cases', 'history'] })
  @IsOptional()
  @IsIn(['cases', 'history'])
  kind?: ImportKind;
}

export class ImportPageResponse {
  @ApiProperty({ type: [ImportJobResponse] }) items: ImportJobResponse[];
  @ApiPropertyOptional({ nullable: true, type: Number }) nextCursor: number | null;
  @ApiProperty(PAGE_TOTAL) total: ListTotalResponse | null;
}

export class ErrorReportQuery {
  @ApiPropertyOptional({ enum: ['xlsx', 'csv'], default: 'xlsx' })
  @IsOptional()
  @IsIn(['xlsx', 'csv'])
  format?: 'xlsx' | 'csv';
}

const UPLOAD_BODY = {
  schema: { type: 'object', properties: { file: { type: 'string', format: 'binary' } } },
};

@ApiTags('exchange 省系统数据交换')
@Controller('imports')
export class ImportsController {
  constructor(
    private readonly imports: ImportsService,
    private readonly config: AppConfig,
    @InjectQueue(EXCHANGE_QUEUE) private readonly queue: Queue,
  ) {}

  @Post('cases')
  @Roles(...IMPORTERS)
  @HttpCode(202)
  @ApiOperation({
    summary: '导入省系统交转办信访件（.xlsx 或 .csv，字段 file；后台执行，轮询进度）',
    description: '列对照见 docs/import-format.md。同一省信访件编号再次导入不会重复创建。',
  })
  @ApiConsumes('multipart/form-data')
  @ApiBody(UPLOAD_BODY)
  @ApiAcceptedResponse({ type: ImportJobResponse })
  importCases(@Req() req: FastifyRequest, @CurrentUser() user: AuthUser) {
    return this.accept('cases', req, user);
  }

  @Post('history')
  @Roles('officer', 'supervisor')
  @HttpCode(202)
  @ApiOperation({
    summary: '导入历史办理记录（JSON Lines，字段 file；后台执行，轮询进度）',
    description: '格式见 docs/import-format.md。同一 ref 的记录再次导入不会重复创建。',
  })
  @ApiConsumes('multipart/form-data')
  @ApiBody(UPLOAD_BODY)
  @ApiAcceptedResponse({ type: ImportJobResponse })
  importHistory(@Req() req: FastifyRequest, @CurrentUser() user: AuthUser) {
    return this.accept('history', req, user);
  }

  @Get()
  @Roles(...IMPORTERS)
  @ApiOperation({ summary: '最近的导入任务（新的在前）' })
  @ApiOkResponse({ type: ImportPageResponse })
  async list(@Query() q: ListImportsQuery): Promise<ImportPageResponse> {
    const page = await this.imports.list({
      limit: q.limit ?? 20,
      after: q.cursor,
      kind: q.kind,
      total: q.total ?? 'estimate',
    });
    return {
      items: page.items.map((j) => ImportJobResponse.from(j)),
      nextCursor: page.next,
      total: page.total,
    };
  }

  @Get(':id')
  @Roles(...IMPORTERS)
  @ApiOperation({ summary: '导入进度与结果' })
  @ApiOkResponse({ type: ImportJobResponse })
  async get(@Param('id', IdParam) id: number): Promise<ImportJobResponse> {
    return ImportJobResponse.from(await this.imports.get(id));
  }

  @Get(':id/errors')
  @Roles(...IMPORTERS)
  @ApiOperation({ summary: '下载逐行错误报告（.xlsx 或 .csv）' })
  async errors(
    @Param('id', IdParam) id: number,
    @Query() q: ErrorReportQuery,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<StreamableFile> {
    const format = q.format ?? 'xlsx';
    const stream = await this.imports.errorReport(id, format);
    void reply.header(
      'content-type',
      format === 'csv'
        ? 'text/csv; charset=utf-8'
        : 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    );
    void reply.header(
      'content-disposition',
      `attachment; filename*=UTF-8''${encodeURIComponent(`导入错误报告-${id}.${format}`)}`,
    );
    return new StreamableFile(stream);
  }

  private async accept(
    kind: ImportKind,
    req: FastifyRequest,
    user: AuthUser,
  ): Promise<ImportJobResponse> {
    if (!req.isMultipart()) {
      throw multipartRequired('导入文件');
    }
    const max = this.config.storage.importMaxBytes;
    const part = await req.file({ limits: { fileSize: max, files: 1 } });
    if (!part) throw importFileEmpty();
    const job = await this.imports.accept(
      kind,
      { filename: part.filename, stream: part.file, truncated: () => part.file.truncated },
      max,
      user,
    );
    const payload: ImportPayload = { importId: job.id };
    await this.queue.add(ExchangeJob.Import, payload, { jobId: importJobId(job.id) });
    return ImportJobResponse.from(job);
  }
}
