import { Body, Controller, Delete, Get, HttpCode, Param, Post } from '@nestjs/common';
import {
  ApiCreatedResponse,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import { CurrentUser, ROLES, Roles, type AuthUser } from '@app/auth';
import { CaseQueriesService, SavedViewsService, type SavedViewEntity } from '@app/cases';
import { Clock } from '@app/core';
import { SupervisionLettersService } from '@app/supervision';
import { IdParam } from '../common/id-param';
import { CreateSavedViewDto, SavedViewResponse } from './dto/saved-view.dto';
import { summaryItems, toCaseFilter } from './home-summary';
import { HomeSummaryResponse, type SummaryItemResponse } from './me.response';

const savedView = (v: SavedViewEntity): SavedViewResponse => ({
  id: v.id,
  name: v.name,
  filter: v.filter,
  createdAt: v.createdAt.toISOString(),
});

/** The signed-in user's own things: what waits for them, their saved views. */
@ApiTags('me 我的工作台')
@Controller('me')
@Roles(...ROLES)
export class MeController {
  constructor(
    private readonly cases: CaseQueriesService,
    private readonly letters: SupervisionLettersService,
    private readonly views: SavedViewsService,
    private readonly clock: Clock,
  ) {}

  @Get('summary')
  @ApiOperation({
    summary:
      '首页待办：按角色列出待处理事项及数量，每项附所链接列表的筛选条件（数量即该列表的条数）',
  })
  @ApiOkResponse({ type: HomeSummaryResponse })
  async summary(@CurrentUser() user: AuthUser): Promise<HomeSummaryResponse> {
    const specs = summaryItems(user, this.clock.now());
    const items = await Promise.all(
      specs.map(async (s): Promise<SummaryItemResponse> => {
        const base = { key: s.key, label: s.label, urgent: s.urgent ?? false, list: s.list };
        if (s.list === 'cases') {
          const { total, capped } = await this.cases.count(toCaseFilter(s.cases), user);
          return { ...base, count: total, capped, caseFilter: s.cases, letterFilter: null };
        }
        return {
          ...base,
          count: await this.letters.count(s.letters, user),
          capped: false,
          caseFilter: null,
          letterFilter: s.letters,
        };
      }),
    );
    return { role: user.role, items };
  }

  @Get('saved-views')
  @ApiOperation({ summary: '我保存的信访件列表视图（名称 + 筛选条件）' })
  @ApiOkResponse({ type: [SavedViewResponse] })
  async listViews(@CurrentUser() user: AuthUser): Promise<SavedViewResponse[]> {
    return (await this.views.list(user)).map(savedView);
  }

  @Post('saved-views')
  @ApiOperation({ summary: '保存当前筛选条件为视图（同名 409；不保存身份证号、电话检索）' })
  @ApiCreatedResponse({ type: SavedViewResponse })
  async createView(
    @Body() dto: CreateSavedViewDto,
    @CurrentUser() user: AuthUser,
  ): Promise<SavedViewResponse> {
    return savedView(await this.views.create(dto.name, { ...dto.filter }, user));
  }

  @Delete('saved-views/:id')
  @HttpCode(204)
  @ApiOperation({ summary: '删除我的一个视图' })
  @ApiNoContentResponse()
  async deleteView(@Param('id', IdParam) id: number, @CurrentUser() user: AuthUser): Promise<void> {
    await this.views.remove(id, user);
  }
}
