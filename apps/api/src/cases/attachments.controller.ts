import { Controller, Get, Param, Post, Req, Res, StreamableFile } from '@nestjs/common';
import { ApiBody, ApiConsumes, ApiOperation, ApiProperty, ApiTags } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { CurrentUser, Roles, type AuthUser } from '@app/auth';
import {
  attachmentTooLarge,
  CASE_COMMAND_RULES,
  CaseAttachmentsService,
  invalidCase,
  type AttachmentEntity,
} from '@app/cases';
import { AppConfig } from '@app/core';
import { multipartRequired } from '../common/api.errors';
import { IdParam } from '../common/id-param';

/** The one file of a multipart upload (field `file`), read whole up to the size limit. */
export async function readUpload(
  req: FastifyRequest,
  max: number,
): Promise<{ filename: string; data: Buffer }> {
  if (!req.isMultipart()) {
    throw multipartRequired('附件');
  }
  const part = await req.file({ limits: { fileSize: max, files: 1 } });
  if (!part) throw invalidCase('ATTACHMENT_EMPTY', '未收到附件（字段 file）', 'file');
  try {
    return { filename: part.filename, data: await part.toBuffer() };
  } catch (e) {
    if ((e as { code?: string }).code === 'FST_REQ_FILE_TOO_LARGE') throw attachmentTooLarge(max);
    throw e;
  }
}

export class AttachmentResponse {
  @ApiProperty() id: number;
  @ApiProperty() filename: string;
  @ApiProperty() contentType: string;
  @ApiProperty() sizeBytes: number;
  @ApiProperty() sha256: string;
  @ApiProperty() uploadedAt: string;

  static from(
    a: Pick<
      AttachmentEntity,
      'id' | 'filename' | 'contentType' | 'sizeBytes' | 'sha256' | 'uploadedAt'
    >,
  ): AttachmentResponse {
    return Object.assign(new AttachmentResponse(), {
      id: a.id,
      filename: a.filename,
      contentType: a.contentType,
      sizeBytes: a.sizeBytes,
      sha256: a.sha256,
      uploadedAt: a.uploadedAt.toISOString(),
    });
  }
}

@ApiTags('cases 信访件')
@Controller('cases/:id/attachments')
export class AttachmentsController {
  constructor(
    private readonly attachments: CaseAttachmentsService,
    private readonly config: AppConfig,
  ) {}

  @Post()
  @Roles(...CASE_COMMAND_RULES.attach.roles)
  @ApiOperation({ summary: '上传附件（multipart，字段 file；PDF、图片、Office 文档、录音）' })
  @ApiConsumes('multipart/form-data')
  @ApiBody({
    schema: { type: 'object', properties: { file: { type: 'string', format: 'binary' } } },
  })
  async upload(
    @Param('id', IdParam) id: number,
    @Req() req: FastifyRequest,
    @CurrentUser() user: AuthUser,
  ): Promise<AttachmentResponse> {
    if (!req.isMultipart()) {
      throw multipartRequired('附件');
    }
    const max = this.config.storage.maxBytes;
    const part = await req.file({ limits: { fileSize: max, files: 1 } });
    if (!part) throw invalidCase('ATTACHMENT_EMPTY', '未收到附件（字段 file）', 'file');
    let data: Buffer;
    try {
      data = await part.toBuffer();
    } catch (e) {
      if ((e as { code?: string }).code === 'FST_REQ_FILE_TOO_LARGE') throw attachmentTooLarge(max);
      throw e;
    }
    return AttachmentResponse.from(
      await this.attachments.addAttachment(id, { filename: part.filename, data }, user),
    );
  }

  @Get(':attachmentId')
  @ApiOperation({ summary: '下载附件' })
  async download(
    @Param('id', IdParam) id: number,
    @Param('attachmentId', IdParam) attachmentId: number,
    @CurrentUser() user: AuthUser,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<StreamableFile> {
    const { attachment, stream } = await this.attachments.openAttachment(id, attachmentId, user);
    void reply.header('content-type', attachment.contentType);
    void reply.header(
      'content-disposition',
      `attachment; filename*=UTF-8''${encodeURIComponent(attachment.filename)}`,
    );
    void reply.header('x-content-sha256', attachment.sha256);
    return new StreamableFile(stream);
  }
}
