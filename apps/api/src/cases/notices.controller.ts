import { Body, Controller, Get, HttpCode, Param, Post, Res, StreamableFile } from '@nestjs/common';
import {
  ApiCreatedResponse,
  ApiOkResponse,
  ApiOperation,
  ApiProduces,
  ApiProperty,
  ApiPropertyOptional,
  ApiTags,
} from '@nestjs/swagger';
import { IsIn, IsOptional, MaxLength } from 'class-validator';
import type { FastifyReply } from 'fastify';
import { endOfShanghaiDay } from '@app/calendar';
import { CurrentUser, Roles, type AuthUser } from '@app/auth';
import { Clock } from '@app/core';
import { DELIVERY_METHODS, type DeliveryMethod } from '@app/cases';
import { noticeParagraphs, renderNoticeDocx, renderNoticePdf } from '@app/documents';
import {
  NOTICE_KIND_LABELS,
  NOTICE_KINDS,
  NOTICE_READERS,
  NOTICE_WRITERS,
  NoticesService,
  type NoticeKind,
  type PetitionerNoticeEntity,
} from '@app/notices';
import { IdParam } from '../common/id-param';
import { IsDateTime, IsText } from '../common/validators';
import { VersionDto } from './dto/case-actions.dto';

export class GenerateNoticeDto {
  @ApiProperty({
    enum: NOTICE_KINDS,
    description:
      'acknowledgement 登记回执, acceptance 受理告知书, refusal 不予受理告知书, answer 信访处理意见书, review_opinion 复查意见书, re_review_opinion 复核意见书, not_reaccepted 不再受理告知书',
  })
  @IsIn(NOTICE_KINDS)
  kind: NoticeKind;
}

export class NoticeDeliveryDto extends VersionDto {
  @ApiProperty({ enum: DELIVERY_METHODS })
  @IsIn(DELIVERY_METHODS)
  method: DeliveryMethod;

  @ApiProperty({ description: '送达时间（不晚于当前，不早于制发）' })
  @IsDateTime()
  deliveredAt: Date;

  @ApiPropertyOptional({ description: '签收人（非信访人本人签收时填写）' })
  @IsOptional()
  @IsText()
  @MaxLength(100)
  recipient?: string;
}

export class NoticeResponse {
  @ApiProperty() id: number;
  @ApiProperty() caseId: number;
  @ApiProperty({ enum: NOTICE_KINDS }) kind: NoticeKind;
  @ApiProperty({ description: '文书名称' }) kindLabel: string;
  @ApiProperty({ nullable: true, type: String, description: '文号；登记回执不编号' })
  number: string | null;
  @ApiProperty() title: string;
  @ApiProperty({ type: [String], description: '文书全文（逐段）' }) text: string[];
  @ApiProperty() templateVersion: number;
  @ApiProperty({
    nullable: true,
    type: String,
    description: '应于此日前送达（受理/不予受理告知：登记后的决定期限）',
  })
  dueDate: string | null;
  @ApiProperty({ description: '已晚于 dueDate 送达，或已过 dueDate 仍未送达' }) late: boolean;
  @ApiProperty({ description: '受送达人' }) recipient: string;
  @ApiProperty() generatedBy: number;
  @ApiProperty() generatedAt: string;
  @ApiProperty({ nullable: true, enum: DELIVERY_METHODS }) deliveryMethod: DeliveryMethod | null;
  @ApiProperty({ nullable: true, type: String }) deliveredAt: string | null;
  @ApiProperty({ nullable: true, type: Number }) deliveredBy: number | null;
  @ApiProperty() version: number;

  static from(n: PetitionerNoticeEntity, now: Date): NoticeResponse {
    const due = n.dueDate ? endOfShanghaiDay(n.dueDate).getTime() : null;
    return Object.assign(new NoticeResponse(), {
      id: n.id,
      caseId: n.caseId,
      kind: n.kind,
      kindLabel: NOTICE_KIND_LABELS[n.kind],
      number: n.number,
      title: n.content.title,
      text: noticeParagraphs(n.content),
      templateVersion: n.templateVersion,
      dueDate: n.dueDate,
      late: due !== null && (n.deliveredAt ?? now).getTime() > due,
      recipient: n.recipient,
      generatedBy: n.generatedBy,
      generatedAt: n.generatedAt.toISOString(),
      deliveryMethod: n.deliveryMethod,
      deliveredAt: n.deliveredAt?.toISOString() ?? null,
      deliveredBy: n.deliveredBy,
      version: n.version,
    });
  }
}

/**
 * The notices the bureau sends the petitioner (登记回执, 受理/不予受理告知书, 处理意见书,
 * 复查/复核意见书, 不再受理告知书): generated from the case, downloaded as .docx or PDF in the
 * official layout, their delivery recorded on the timeline. The bureau's only.
 */
@ApiTags('cases 信访件')
@Controller('cases/:id/notices')
export class NoticesController {
  constructor(
    private readonly notices: NoticesService,
    private readonly clock: Clock,
  ) {}

  @Get()
  @Roles(...NOTICE_READERS)
  @ApiOperation({ summary: '信访件的告知文书（制发、送达情况）' })
  @ApiOkResponse({ type: [NoticeResponse] })
  async list(
    @Param('id', IdParam) id: number,
    @CurrentUser() user: AuthUser,
  ): Promise<NoticeResponse[]> {
    const now = this.clock.now();
    return (await this.notices.list(id, user)).map((n) => NoticeResponse.from(n, now));
  }

  @Post()
  @Roles(...NOTICE_WRITERS)
  @ApiOperation({
    summary: '按模板从信访件制发告知文书（编号文书取当年文号，无空号）；信访件不处于相应状态时 409',
  })
  @ApiCreatedResponse({ type: NoticeResponse })
  async generate(
    @Param('id', IdParam) id: number,
    @Body() dto: GenerateNoticeDto,
    @CurrentUser() user: AuthUser,
  ): Promise<NoticeResponse> {
    return NoticeResponse.from(await this.notices.generate(id, dto.kind, user), this.clock.now());
  }

  @Post(':noticeId/delivery')
  @Roles(...NOTICE_WRITERS)
  @HttpCode(200)
  @ApiOperation({ summary: '登记文书送达（方式、时间），记入信访件时间线' })
  @ApiOkResponse({ type: NoticeResponse })
  async deliver(
    @Param('id', IdParam) id: number,
    @Param('noticeId', IdParam) noticeId: number,
    @Body() dto: NoticeDeliveryDto,
    @CurrentUser() user: AuthUser,
  ): Promise<NoticeResponse> {
    const n = await this.notices.deliver(id, noticeId, dto, user);
    return NoticeResponse.from(n, this.clock.now());
  }

  @Get(':noticeId/document.docx')
  @Roles(...NOTICE_READERS)
  @ApiOperation({ summary: '告知文书 Word 文本（公文格式）' })
  @ApiProduces('application/vnd.openxmlformats-officedocument.wordprocessingml.document')
  @ApiOkResponse({ schema: { type: 'string', format: 'binary' } })
  async docx(
    @Param('id', IdParam) id: number,
    @Param('noticeId', IdParam) noticeId: number,
    @CurrentUser() user: AuthUser,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<StreamableFile> {
    return this.document(id, noticeId, user, reply, 'docx');
  }

  @Get(':noticeId/document.pdf')
  @Roles(...NOTICE_READERS)
  @ApiOperation({ summary: '告知文书 PDF（内嵌中文字体，可直接打印）' })
  @ApiProduces('application/pdf')
  @ApiOkResponse({ schema: { type: 'string', format: 'binary' } })
  async pdf(
    @Param('id', IdParam) id: number,
    @Param('noticeId', IdParam) noticeId: number,
    @CurrentUser() user: AuthUser,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<StreamableFile> {
    return this.document(id, noticeId, user, reply, 'pdf');
  }

  /** The notice as issued, rendered in the official layout, as a download. */
  private async document(
    id: number,
    noticeId: number,
    user: AuthUser,
    reply: FastifyReply,
    ext: keyof typeof RENDERERS,
  ): Promise<StreamableFile> {
    const n = await this.notices.get(id, noticeId, user);
    const name = `${n.content.number.replace(/^登记编号：/, '')}-${NOTICE_KIND_LABELS[n.kind]}.${ext}`;
    void reply.header('content-type', RENDERERS[ext].type);
    void reply.header(
      'content-disposition',
      `attachment; filename*=UTF-8''${encodeURIComponent(name)}`,
    );
    return new StreamableFile(await RENDERERS[ext].render(n.content));
  }
}

const RENDERERS = {
  docx: {
    type: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
    render: renderNoticeDocx,
  },
  pdf: { type: 'application/pdf', render: renderNoticePdf },
} as const;
