import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import {
  ApiCreatedResponse,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiOperation,
  ApiProperty,
  ApiPropertyOptional,
  ApiTags,
} from '@nestjs/swagger';
import { IsIn, IsInt, IsOptional, Matches, Min, ValidateIf } from 'class-validator';
import { CurrentUser, Roles, type AuthUser } from '@app/auth';
import {
  OfficerDefaultsService,
  SOURCE_KINDS,
  SOURCES,
  type OfficerDefaultView,
  type Source,
  type SourceKind,
} from '@app/cases';
import { IdParam } from '../common/id-param';
import { VersionDto } from './dto/case-actions.dto';

export class OfficerDefaultResponse {
  @ApiProperty() id: number;
  @ApiProperty({ nullable: true, type: String, description: '一级内容分类；null 为任意分类' })
  categoryCode: string | null;
  @ApiProperty({
    nullable: true,
    enum: SOURCE_KINDS,
    description: 'direct 直接来信来访，handed_down 上级转送交办；null 为任意来源',
  })
  sourceKind: SourceKind | null;
  @ApiProperty() officerId: number;
  @ApiProperty({ nullable: true, type: String }) officerName: string | null;
  @ApiProperty() version: number;
  @ApiProperty() updatedAt: string;

  static from(r: OfficerDefaultView): OfficerDefaultResponse {
    return Object.assign(new OfficerDefaultResponse(), {
      id: r.id,
      categoryCode: r.categoryCode,
      sourceKind: r.sourceKind,
      officerId: r.officerId,
      officerName: r.officerName,
      version: r.version,
      updatedAt: r.updatedAt.toISOString(),
    });
  }
}

export class CreateOfficerDefaultDto {
  @ApiPropertyOptional({ nullable: true, type: String, description: '一级内容分类（两位编码）' })
  @IsOptional()
  @ValidateIf((_, v) => v !== null)
  @Matches(/^\d{2}$/, { message: 'categoryCode 须为两位一级分类编码' })
  categoryCode?: string | null;

  @ApiPropertyOptional({ nullable: true, enum: SOURCE_KINDS })
  @IsOptional()
  @ValidateIf((_, v) => v !== null)
  @IsIn(SOURCE_KINDS)
  sourceKind?: SourceKind | null;

  @ApiProperty()
  @IsInt()
  @Min(1)
  officerId: number;
}

export class UpdateOfficerDefaultDto extends VersionDto {
  @ApiProperty()
  @IsInt()
  @Min(1)
  officerId: number;
}

export class OfficerSuggestionQuery {
  @ApiProperty({ description: '第三级内容分类' })
  @Matches(/^\d{6}$/, { message: 'categoryCode 须为六位分类编码' })
  categoryCode: string;

  @ApiProperty({ enum: SOURCES })
  @IsIn(SOURCES)
  source: Source;
}

export class OfficerSuggestionResponse {
  @ApiProperty({
    nullable: true,
    type: Number,
    description: '登记时不选承办人将得到的承办人；null 为进入待领取队列',
  })
  officerId: number | null;
}

/**
 * The default 承办人 rules (administrators), and what they give a case at the counter (reception
 * and officers see it before saving).
 */
@ApiTags('cases 信访件')
@Controller('officer-defaults')
export class OfficerDefaultsController {
  constructor(private readonly defaults: OfficerDefaultsService) {}

  @Get()
  @Roles('admin', 'supervisor')
  @ApiOperation({ summary: '默认承办人规则（按一级内容分类和/或来源）' })
  @ApiOkResponse({ type: [OfficerDefaultResponse] })
  async list(): Promise<OfficerDefaultResponse[]> {
    return (await this.defaults.list()).map((r) => OfficerDefaultResponse.from(r));
  }

  @Get('suggestion')
  @Roles('reception', 'officer', 'supervisor', 'admin')
  @ApiOperation({
    summary: '登记时默认的承办人：本人承办（承办人登记）、默认规则，或待领取（null）',
  })
  @ApiOkResponse({ type: OfficerSuggestionResponse })
  async suggestion(
    @Query() q: OfficerSuggestionQuery,
    @CurrentUser() user: AuthUser,
  ): Promise<OfficerSuggestionResponse> {
    return { officerId: await this.defaults.officerFor(user, q) };
  }

  @Post()
  @Roles('admin')
  @ApiOperation({
    summary: '新增默认承办人规则（同一分类和来源已有规则：409 OFFICER_DEFAULT_EXISTS）',
  })
  @ApiCreatedResponse({ type: OfficerDefaultResponse })
  async create(
    @Body() dto: CreateOfficerDefaultDto,
    @CurrentUser() user: AuthUser,
  ): Promise<OfficerDefaultResponse> {
    return OfficerDefaultResponse.from(await this.defaults.create(dto, user));
  }

  @Patch(':id')
  @Roles('admin')
  @ApiOperation({ summary: '修改默认承办人规则的承办人' })
  @ApiOkResponse({ type: OfficerDefaultResponse })
  async update(
    @Param('id', IdParam) id: number,
    @Body() dto: UpdateOfficerDefaultDto,
    @CurrentUser() user: AuthUser,
  ): Promise<OfficerDefaultResponse> {
    return OfficerDefaultResponse.from(await this.defaults.update(id, dto, user));
  }

  @Delete(':id')
  @Roles('admin')
  @HttpCode(204)
  @ApiOperation({ summary: '删除默认承办人规则' })
  @ApiNoContentResponse()
  async remove(@Param('id', IdParam) id: number): Promise<void> {
    await this.defaults.remove(id);
  }
}
