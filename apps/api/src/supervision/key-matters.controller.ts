import { Body, Controller, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { shanghaiDate } from '@app/calendar';
import { CurrentUser, Roles, type AuthUser } from '@app/auth';
import { Clock } from '@app/core';
import { KeyMattersService, MissionsService } from '@app/key-matters';
import { IdParam } from '../common/id-param';
import {
  CreateKeyMatterDto,
  CreateMissionDto,
  ListKeyMattersQuery,
  ListMissionsQuery,
  ProgressDto,
  ReportKeyMatterDto,
  ResolveDto,
  UpdateKeyMatterDto,
  YearQuery,
} from './supervision.dto';
import { keyMatterResponse, missionResponse } from './supervision.response';

const EDITORS = ['officer', 'supervisor', 'leader'] as const;
const READERS = ['officer', 'supervisor', 'leader', 'reception'] as const;

@ApiTags('key-matters 重点信访事项')
@Controller('key-matters')
export class KeyMattersController {
  constructor(
    private readonly matters: KeyMattersService,
    private readonly clock: Clock,
  ) {}

  @Post()
  @Roles(...EDITORS)
  @ApiOperation({ summary: '列入重点信访事项台账' })
  async create(@Body() dto: CreateKeyMatterDto, @CurrentUser() user: AuthUser) {
    return keyMatterResponse(await this.matters.create(dto, user));
  }

  @Get()
  @Roles(...READERS)
  async list(@Query() q: ListKeyMattersQuery) {
    return (await this.matters.list(q)).map(keyMatterResponse);
  }

  @Get('summary')
  @Roles(...READERS)
  @ApiOperation({ summary: '领导视图：按包案领导的在办事项、方案逾期、本年化解数' })
  summary(@Query() q: YearQuery) {
    return this.matters.summary(q.year ?? Number(shanghaiDate(this.clock.now()).slice(0, 4)));
  }

  @Get(':id')
  @Roles(...READERS)
  async get(@Param('id', IdParam) id: number) {
    return keyMatterResponse(await this.matters.view(id));
  }

  @Patch(':id')
  @Roles(...EDITORS)
  @ApiOperation({ summary: '落实或修改“五个一”' })
  async update(@Param('id', IdParam) id: number, @Body() dto: UpdateKeyMatterDto) {
    return keyMatterResponse(await this.matters.update(id, dto));
  }

  @Post(':id/progress')
  @Roles(...EDITORS)
  @ApiOperation({ summary: '记录化解进展' })
  async progress(
    @Param('id', IdParam) id: number,
    @Body() dto: ProgressDto,
    @CurrentUser() user: AuthUser,
  ) {
    return keyMatterResponse(await this.matters.addProgress(id, dto, user));
  }

  @Post(':id/resolve')
  @Roles(...EDITORS)
  @HttpCode(200)
  @ApiOperation({ summary: '认定化解或未化解（三到位一处理）' })
  async resolve(@Param('id', IdParam) id: number, @Body() dto: ResolveDto) {
    return keyMatterResponse(await this.matters.resolve(id, dto));
  }

  @Post(':id/report')
  @Roles(...EDITORS)
  @HttpCode(200)
  @ApiOperation({ summary: '向上级报送交办事项办理情况' })
  async report(@Param('id', IdParam) id: number, @Body() dto: ReportKeyMatterDto) {
    return keyMatterResponse(await this.matters.report(id, dto.version));
  }
}

@ApiTags('missions 驻点与赴外劝返')
@Controller('missions')
export class MissionsController {
  constructor(private readonly missions: MissionsService) {}

  @Post()
  @Roles('officer', 'supervisor')
  @ApiOperation({ summary: '登记驻点或赴外劝返任务' })
  async create(@Body() dto: CreateMissionDto, @CurrentUser() user: AuthUser) {
    const { mission, caseIds } = await this.missions.create(dto, user);
    return missionResponse(mission, caseIds);
  }

  @Get()
  @Roles(...READERS)
  async list(@Query() q: ListMissionsQuery) {
    const { missions, totals } = await this.missions.list(q);
    return { items: missions.map((m) => missionResponse(m)), totals };
  }

  @Get(':id')
  @Roles(...READERS)
  async get(@Param('id', IdParam) id: number) {
    const { mission, caseIds } = await this.missions.get(id);
    return missionResponse(mission, caseIds);
  }
}
