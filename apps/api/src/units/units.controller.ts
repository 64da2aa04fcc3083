import { Body, Controller, Get, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Roles } from '@app/auth';
import { UnitsService } from '@app/units';
import { IdParam } from '../common/id-param';
import { CreateUnitDto, ListUnitsQuery, UpdateUnitDto } from './dto/unit.dto';
import { UnitResponse } from './units.response';

@ApiTags('units 单位')
@Controller('units')
export class UnitsController {
  constructor(private readonly units: UnitsService) {}

  @Get()
  @ApiOperation({ summary: '单位列表（所有已登录用户可查）' })
  @ApiOkResponse({ type: [UnitResponse] })
  async list(@Query() query: ListUnitsQuery): Promise<UnitResponse[]> {
    return (await this.units.list(query)).map((u) => UnitResponse.from(u));
  }

  @Get(':id')
  @ApiOkResponse({ type: UnitResponse })
  async get(@Param('id', IdParam) id: number): Promise<UnitResponse> {
    return UnitResponse.from(await this.units.get(id));
  }

  @Post()
  @Roles('admin')
  @ApiOperation({ summary: '新增单位（管理员）' })
  @ApiCreatedResponse({ type: UnitResponse })
  async create(@Body() dto: CreateUnitDto): Promise<UnitResponse> {
    return UnitResponse.from(await this.units.create(dto));
  }

  @Patch(':id')
  @Roles('admin')
  @ApiOperation({ summary: '修改单位（管理员；需带上读取时的 version）' })
  @ApiOkResponse({ type: UnitResponse })
  async update(
    @Param('id', IdParam) id: number,
    @Body() dto: UpdateUnitDto,
  ): Promise<UnitResponse> {
    return UnitResponse.from(await this.units.update(id, dto));
  }
}
