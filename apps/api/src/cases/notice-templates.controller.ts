import { Body, Controller, Get, HttpCode, Param, Post, Put } from '@nestjs/common';
import {
  ApiOkResponse,
  ApiOperation,
  ApiProperty,
  ApiTags,
  IntersectionType,
} from '@nestjs/swagger';
import { MaxLength } from 'class-validator';
import { CurrentUser, Roles, type AuthUser } from '@app/auth';
import {
  NOTICE_KIND_LABELS,
  NOTICE_KINDS,
  NOTICE_NUMBER_MARKS,
  NOTICE_PLACEHOLDER_LABELS,
  NOTICE_PLACEHOLDERS,
  NoticeTemplatesService,
  noticeTemplateNotFound,
  type NoticeKind,
  type NoticeTemplateEntity,
} from '@app/notices';
import { IsText } from '../common/validators';
import { VersionDto } from './dto/case-actions.dto';

export class NoticePlaceholderResponse {
  @ApiProperty({ description: '写作 {{name}}' }) name: string;
  @ApiProperty() label: string;
}

export class NoticeTemplateResponse {
  @ApiProperty({ enum: NOTICE_KINDS }) kind: NoticeKind;
  @ApiProperty() kindLabel: string;
  @ApiProperty({ description: '本机关对该类文书编号' }) numbered: boolean;
  @ApiProperty() title: string;
  @ApiProperty({ description: '正文；空行分段，{{name}} 为从信访件取值的占位符' }) body: string;
  @ApiProperty({ type: [NoticePlaceholderResponse] }) placeholders: NoticePlaceholderResponse[];
  @ApiProperty() version: number;
  @ApiProperty({ nullable: true, type: Number }) updatedBy: number | null;
  @ApiProperty() updatedAt: string;

  static from(t: NoticeTemplateEntity): NoticeTemplateResponse {
    return Object.assign(new NoticeTemplateResponse(), {
      kind: t.kind,
      kindLabel: NOTICE_KIND_LABELS[t.kind],
      numbered: NOTICE_NUMBER_MARKS[t.kind] !== null,
      title: t.title,
      body: t.body,
      placeholders: NOTICE_PLACEHOLDERS[t.kind].map((name) => ({
        name,
        label: NOTICE_PLACEHOLDER_LABELS[name] ?? name,
      })),
      version: t.version,
      updatedBy: t.updatedBy,
      updatedAt: t.updatedAt.toISOString(),
    });
  }
}

export class NoticeTemplateTextDto {
  @ApiProperty({ maxLength: 20 })
  @IsText()
  @MaxLength(20)
  title: string;

  @ApiProperty({ maxLength: 5000 })
  @IsText({ multiline: true })
  @MaxLength(5000)
  body: string;
}

export class UpdateNoticeTemplateDto extends IntersectionType(NoticeTemplateTextDto, VersionDto) {}

export class NoticeTemplatePreviewResponse {
  @ApiProperty() title: string;
  @ApiProperty({ description: '占位符以【名称】显示' }) body: string;
}

const kindOf = (kind: string): NoticeKind => {
  if (!(NOTICE_KINDS as readonly string[]).includes(kind)) throw noticeTemplateNotFound(kind);
  return kind as NoticeKind;
};

/** The texts of the petitioner notices, edited by an administrator. */
@ApiTags('cases 信访件')
@Controller('notice-templates')
export class NoticeTemplatesController {
  constructor(private readonly templates: NoticeTemplatesService) {}

  @Get()
  @Roles('admin')
  @ApiOperation({ summary: '告知文书模板' })
  @ApiOkResponse({ type: [NoticeTemplateResponse] })
  async list(): Promise<NoticeTemplateResponse[]> {
    return (await this.templates.list()).map((t) => NoticeTemplateResponse.from(t));
  }

  @Get(':kind')
  @Roles('admin')
  @ApiOperation({ summary: '某类告知文书的模板' })
  @ApiOkResponse({ type: NoticeTemplateResponse })
  async get(@Param('kind') kind: string): Promise<NoticeTemplateResponse> {
    return NoticeTemplateResponse.from(await this.templates.get(kindOf(kind)));
  }

  @Put(':kind')
  @Roles('admin')
  @ApiOperation({
    summary: '修改模板（version 过期 409；未知占位符 400）；此后制发的文书使用新文本',
  })
  @ApiOkResponse({ type: NoticeTemplateResponse })
  async update(
    @Param('kind') kind: string,
    @Body() dto: UpdateNoticeTemplateDto,
    @CurrentUser() user: AuthUser,
  ): Promise<NoticeTemplateResponse> {
    return NoticeTemplateResponse.from(await this.templates.update(kindOf(kind), dto, user));
  }

  @Post(':kind/preview')
  @Roles('admin')
  @HttpCode(200)
  @ApiOperation({ summary: '预览模板文本（不保存）' })
  @ApiOkResponse({ type: NoticeTemplatePreviewResponse })
  preview(
    @Param('kind') kind: string,
    @Body() dto: NoticeTemplateTextDto,
  ): NoticeTemplatePreviewResponse {
    return this.templates.preview(kindOf(kind), dto);
  }
}
