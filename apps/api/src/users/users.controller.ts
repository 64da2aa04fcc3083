import { Body, Controller, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import {
  ApiCreatedResponse,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import { Roles, UsersService } from '@app/auth';
import { IdParam } from '../common/id-param';
import { CreateUserDto, ListUsersQuery, ResetPasswordDto, UpdateUserDto } from './dto/user.dto';
import { UserResponse } from './users.response';

@ApiTags('users 用户（管理员）')
@Roles('admin')
@Controller('users')
export class UsersController {
  constructor(private readonly users: UsersService) {}

  @Get()
  @ApiOkResponse({ type: [UserResponse] })
  async list(@Query() query: ListUsersQuery): Promise<UserResponse[]> {
    return (await this.users.list(query)).map((u) => UserResponse.from(u));
  }

  @Get(':id')
  @ApiOkResponse({ type: UserResponse })
  async get(@Param('id', IdParam) id: number): Promise<UserResponse> {
    return UserResponse.from(await this.users.get(id));
  }

  @Post()
  @ApiOperation({ summary: '新增用户' })
  @ApiCreatedResponse({ type: UserResponse })
  async create(@Body() dto: CreateUserDto): Promise<UserResponse> {
    return UserResponse.from(await this.users.create(dto));
  }

  @Patch(':id')
  @ApiOperation({
    summary:
      '修改用户（停用或改角色会注销其会话；最后一个启用的管理员不能停用或降级：409 LAST_ADMIN）',
  })
  @ApiOkResponse({ type: UserResponse })
  async update(
    @Param('id', IdParam) id: number,
    @Body() dto: UpdateUserDto,
  ): Promise<UserResponse> {
    return UserResponse.from(await this.users.update(id, dto));
  }

  @Post(':id/reset-password')
  @HttpCode(204)
  @ApiOperation({ summary: '重置密码（并解锁、注销会话）' })
  @ApiNoContentResponse()
  async resetPassword(
    @Param('id', IdParam) id: number,
    @Body() dto: ResetPasswordDto,
  ): Promise<void> {
    await this.users.resetPassword(id, dto.newPassword);
  }

  @Post(':id/unlock')
  @HttpCode(200)
  @ApiOperation({ summary: '解除该账号在所有来源地址上的登录锁定和失败计数' })
  @ApiOkResponse({ type: UserResponse })
  async unlock(@Param('id', IdParam) id: number): Promise<UserResponse> {
    return UserResponse.from(await this.users.unlock(id));
  }
}
