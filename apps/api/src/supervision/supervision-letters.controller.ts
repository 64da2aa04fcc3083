import {
  Body,
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
import type { FastifyReply, FastifyRequest } from 'fastify';
import { AppConfig } from '@app/core';
import { AttachmentResponse, readUpload } from '../cases/attachments.controller';
import { shanghaiDate } from '@app/calendar';
import { renderLetterDocx, renderLetterPdf, type SupervisionLetterDoc } from '@app/documents';
import { ApiBody, ApiConsumes, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentUser, Roles, type AuthUser } from '@app/auth';
import {
  LETTER_REASON_LABELS,
  LETTER_TYPE_LABELS,
  SupervisionLettersService,
} from '@app/supervision';
import { VersionDto } from '../cases/dto/case-actions.dto';
import { IdParam } from '../common/id-param';
import { ApiPageResponse } from '../common/page.query';
import {
  EscalateDto,
  IssueLetterDto,
  ListLettersQuery,
  NoteDto,
  OptionalNoteDto,
  ReplyDto,
  VoidDto,
} from './supervision.dto';
import { letterActionResponse, letterResponse } from './supervision.response';

const SUPERVISORS = ['officer', 'supervisor'] as const;
const LETTER_READERS = ['officer', 'supervisor', 'leader', 'unit_handler', 'reception'] as const;

@ApiTags('supervision-letters 督办函')
@Controller()
export class SupervisionLettersController {
  constructor(
    private readonly letters: SupervisionLettersService,
    private readonly config: AppConfig,
  ) {}

  @Post('supervision-letters')
  @Roles(...SUPERVISORS)
  @ApiOperation({ summary: '发出督办函（编号按年连续，如 荔信督〔2022〕17号）' })
  async issue(@Body() dto: IssueLetterDto, @CurrentUser() user: AuthUser) {
    return letterResponse(await this.letters.issue(dto, user));
  }

  @Get('supervision-letters')
  @Roles(...LETTER_READERS)
  @ApiOperation({ summary: '督办函列表（状态、单位、类型、是否逾期、年度、信访件）' })
  @ApiPageResponse('Letters, newest first')
  async list(@Query() q: ListLettersQuery, @CurrentUser() user: AuthUser) {
    const { limit = 20, cursor, total = 'estimate', ...filter } = q;
    const page = await this.letters.list(filter, { limit, after: cursor, total }, user);
    return { items: page.items.map(letterResponse), nextCursor: page.next, total: page.total };
  }

  @Get('cases/:id/supervision-letters')
  @Roles(...LETTER_READERS)
  @ApiOperation({ summary: '某信访件的督办函' })
  async forCase(@Param('id', IdParam) caseId: number, @CurrentUser() user: AuthUser) {
    // Only a case the caller may see (a unit: one handed to it), and only a real case id.
    await this.letters.assertCaseVisible(caseId, user);
    const page = await this.letters.list({ caseId }, { limit: 200 }, user);
    return page.items.map(letterResponse);
  }

  @Get('supervision-letters/:id')
  async get(@Param('id', IdParam) id: number, @CurrentUser() user: AuthUser) {
    const [view, actions, files] = await Promise.all([
      this.letters.view(id, user),
      this.letters.actions(id, user),
      this.letters.attachments(id, user),
    ]);
    return {
      ...letterResponse(view),
      actions: actions.map(letterActionResponse),
      attachments: files.map((a) => AttachmentResponse.from(a)),
    };
  }

  @Post('supervision-letters/:id/attachments')
  @Roles('unit_handler')
  @ApiOperation({ summary: '上传回复附件（multipart，字段 file）' })
  @ApiConsumes('multipart/form-data')
  @ApiBody({
    schema: { type: 'object', properties: { file: { type: 'string', format: 'binary' } } },
  })
  async upload(
    @Param('id', IdParam) id: number,
    @Req() req: FastifyRequest,
    @CurrentUser() user: AuthUser,
  ) {
    const file = await readUpload(req, this.config.storage.maxBytes);
    return AttachmentResponse.from(await this.letters.addAttachment(id, file, user));
  }

  @Get('supervision-letters/:id/attachments/:attachmentId')
  @ApiOperation({ summary: '下载回复附件' })
  async download(
    @Param('id', IdParam) id: number,
    @Param('attachmentId', IdParam) attachmentId: number,
    @CurrentUser() user: AuthUser,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<StreamableFile> {
    const { attachment, stream } = await this.letters.openAttachment(id, attachmentId, user);
    this.sendAsFile(reply, attachment.contentType, attachment.filename);
    return new StreamableFile(stream);
  }

  @Get('supervision-letters/:id/document.docx')
  @ApiOperation({ summary: '督办函 Word 文本（公文格式）' })
  async docx(
    @Param('id', IdParam) id: number,
    @CurrentUser() user: AuthUser,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<StreamableFile> {
    const doc = await this.document(id, user);
    this.sendAsFile(
      reply,
      'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
      `${doc.number}.docx`,
    );
    return new StreamableFile(await renderLetterDocx(doc));
  }

  @Get('supervision-letters/:id/document.pdf')
  @ApiOperation({ summary: '督办函 PDF（内嵌中文字体，可直接打印）' })
  async pdf(
    @Param('id', IdParam) id: number,
    @CurrentUser() user: AuthUser,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<StreamableFile> {
    const doc = await this.document(id, user);
    this.sendAsFile(reply, 'application/pdf', `${doc.number}.pdf`);
    return new StreamableFile(await renderLetterPdf(doc));
  }

  @Post('supervision-letters/:id/receive')
  @Roles('unit_handler')
  @HttpCode(200)
  @ApiOperation({ summary: '责任单位签收' })
  async receive(
    @Param('id', IdParam) id: number,
    @Body() dto: VersionDto,
    @CurrentUser() user: AuthUser,
  ) {
    return letterResponse(await this.letters.receive(id, dto.version, user));
  }

  @Post('supervision-letters/:id/reply')
  @Roles('unit_handler')
  @HttpCode(200)
  @ApiOperation({ summary: '责任单位书面回复' })
  async reply(
    @Param('id', IdParam) id: number,
    @Body() dto: ReplyDto,
    @CurrentUser() user: AuthUser,
  ) {
    return letterResponse(await this.letters.reply(id, dto.version, dto.text, user));
  }

  @Post('supervision-letters/:id/chase')
  @Roles(...SUPERVISORS)
  @HttpCode(200)
  @ApiOperation({ summary: '催办' })
  async chase(
    @Param('id', IdParam) id: number,
    @Body() dto: NoteDto,
    @CurrentUser() user: AuthUser,
  ) {
    return letterResponse(await this.letters.chase(id, dto.version, dto.note, user));
  }

  @Post('supervision-letters/:id/return')
  @Roles(...SUPERVISORS)
  @HttpCode(200)
  @ApiOperation({ summary: '回复不合格，退回重办' })
  async returnForRework(
    @Param('id', IdParam) id: number,
    @Body() dto: NoteDto,
    @CurrentUser() user: AuthUser,
  ) {
    return letterResponse(await this.letters.returnForRework(id, dto.version, dto.note, user));
  }

  @Post('supervision-letters/:id/accept')
  @Roles(...SUPERVISORS)
  @HttpCode(200)
  @ApiOperation({ summary: '回复合格，督办办结' })
  async accept(
    @Param('id', IdParam) id: number,
    @Body() dto: OptionalNoteDto,
    @CurrentUser() user: AuthUser,
  ) {
    return letterResponse(await this.letters.accept(id, dto.version, dto.note, user));
  }

  @Post('supervision-letters/:id/escalate')
  @Roles(...SUPERVISORS)
  @HttpCode(200)
  @ApiOperation({ summary: '约谈、通报或提出追责建议' })
  async escalate(
    @Param('id', IdParam) id: number,
    @Body() dto: EscalateDto,
    @CurrentUser() user: AuthUser,
  ) {
    return letterResponse(
      await this.letters.escalate(id, dto.version, dto.escalation, dto.note, user),
    );
  }

  @Post('supervision-letters/:id/void')
  @Roles(...SUPERVISORS)
  @HttpCode(200)
  @ApiOperation({ summary: '作废（保留编号）' })
  async void(
    @Param('id', IdParam) id: number,
    @Body() dto: VoidDto,
    @CurrentUser() user: AuthUser,
  ) {
    return letterResponse(await this.letters.void(id, dto.version, dto.reason, user));
  }

  private async document(id: number, user: AuthUser): Promise<SupervisionLetterDoc> {
    const d = await this.letters.documentData(id, user);
    const l = d.letter;
    return {
      issuingOrgan: d.issuingOrgan,
      number: l.number,
      typeLabel: LETTER_TYPE_LABELS[l.type],
      reasonLabel: LETTER_REASON_LABELS[l.reason],
      unitName: d.unit.name,
      cases: d.cases.map((c) => ({
        caseNo: c.caseNo,
        title: c.title,
        registeredDate: shanghaiDate(c.registeredAt),
      })),
      requirements: l.requirements,
      replyDueDate: l.replyDueDate,
      issuedDate: shanghaiDate(l.issuedAt),
      signer: l.signer,
      contactPerson: l.contactPerson ?? undefined,
      contactPhone: l.contactPhone ?? undefined,
      voided: l.status === 'voided',
    };
  }

  private sendAsFile(reply: FastifyReply, contentType: string, filename: string): void {
    void reply.header('content-type', contentType);
    void reply.header(
      'content-disposition',
      `attachment; filename*=UTF-8''${encodeURIComponent(filename)}`,
    );
  }
}
