import { Controller, Get, Param, Res, StreamableFile } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { CurrentUser, Roles, type AuthUser } from '@app/auth';
import { CASE_COMMAND_RULES, CaseQueriesService, CHANNEL_LABELS } from '@app/cases';
import { AppConfig, Clock } from '@app/core';
import { maskName, renderAcknowledgementPdf, shanghaiDateTime } from '@app/documents';
import { IdParam } from '../common/id-param';

@ApiTags('cases 信访件')
@Controller('cases')
export class ReceiptController {
  constructor(
    private readonly queries: CaseQueriesService,
    private readonly config: AppConfig,
    private readonly clock: Clock,
  ) {}

  @Get(':id/receipt.pdf')
  @Roles(...CASE_COMMAND_RULES.receipt.roles)
  @ApiOperation({
    summary:
      '登记回执 PDF（登记编号、登记时间、信访形式、信访人（姓名脱敏）、后续办理及法定期限；可直接打印）',
  })
  @ApiProduces('application/pdf')
  @ApiOkResponse({ description: 'The slip as a PDF', schema: { type: 'string', format: 'binary' } })
  async receipt(
    @Param('id', IdParam) id: number,
    @CurrentUser() user: AuthUser,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<StreamableFile> {
    const d = await this.queries.detail(id, user);
    const c = d.case;
    const triage = d.clocks.find((k) => k.kind === 'triage' && k.status === 'running');
    const pdf = await renderAcknowledgementPdf({
      bureauName: this.config.bureau.name,
      caseNo: c.caseNo,
      receivedAt: shanghaiDateTime(c.registeredAt),
      channel: CHANNEL_LABELS[c.channel],
      petitioners: d.petitioners.map((p) => maskName(p.name)),
      title: c.title,
      triageDueDate: triage?.dueDate ?? null,
      queryCode: null,
      printedAt: shanghaiDateTime(this.clock.now()),
    });
    void reply.header('content-type', 'application/pdf');
    // inline: the console opens it in the browser's viewer, from which the clerk prints.
    void reply.header(
      'content-disposition',
      `inline; filename*=UTF-8''${encodeURIComponent(`${c.caseNo}-登记回执.pdf`)}`,
    );
    return new StreamableFile(pdf);
  }
}
