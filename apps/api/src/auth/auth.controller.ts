import { Body, Controller, Get, HttpCode, Post, Req } from '@nestjs/common';
import { ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';
import { AuthService, BeforePasswordChange, CurrentUser, Public, type AuthUser } from '@app/auth';
import { ChangePasswordDto, LoginDto, LogoutDto, RefreshDto } from './dto/auth.dto';
import { MeResponse, TokenResponse } from './auth.response';

@ApiTags('auth 登录')
@Controller('auth')
export class AuthController {
  constructor(private readonly auth: AuthService) {}

  @Public()
  @Post('login')
  @HttpCode(200)
  @ApiOperation({
    summary: '登录：返回短期访问令牌和刷新令牌',
    description:
      '同一用户名在同一来源地址连续输错密码 LOGIN_MAX_FAILURES 次后，该来源对该用户名锁定 ' +
      'LOGIN_LOCK_MINUTES 分钟（429 AUTH_SIGN_IN_LOCKED），账号在其他地址仍可登录；' +
      '按来源地址、按用户名限流（429 RATE_LIMITED，附 Retry-After）。',
  })
  @ApiOkResponse({ type: TokenResponse })
  async login(@Body() dto: LoginDto, @Req() req: FastifyRequest): Promise<TokenResponse> {
    return TokenResponse.from(await this.auth.login(dto.username, dto.password, { ip: req.ip }));
  }

  @Public()
  @Post('refresh')
  @HttpCode(200)
  @ApiOperation({ summary: '用刷新令牌换取新的令牌对（刷新令牌一次有效）' })
  @ApiOkResponse({ type: TokenResponse })
  async refresh(@Body() dto: RefreshDto, @Req() req: FastifyRequest): Promise<TokenResponse> {
    return TokenResponse.from(await this.auth.refresh(dto.refreshToken, { ip: req.ip }));
  }

  @BeforePasswordChange()
  @Post('logout')
  @HttpCode(204)
  @ApiOperation({
    summary: '注销：结束本次登录（其刷新令牌和已签发的访问令牌立即失效，所有 API 进程同时生效）',
  })
  @ApiNoContentResponse()
  async logout(@CurrentUser() user: AuthUser, @Body() dto: LogoutDto): Promise<void> {
    await this.auth.logout(user, dto.refreshToken);
  }

  @BeforePasswordChange()
  @Get('me')
  @ApiOperation({ summary: '当前登录用户' })
  @ApiOkResponse({ type: MeResponse })
  me(@CurrentUser() user: AuthUser): MeResponse {
    return MeResponse.from(user);
  }

  @BeforePasswordChange()
  @Post('password')
  @HttpCode(204)
  @ApiOperation({
    summary:
      '修改本人密码（同时注销所有会话；管理员设置或重置的密码须先修改，此前其他接口均返回 403 PASSWORD_CHANGE_REQUIRED）',
  })
  @ApiNoContentResponse()
  async changePassword(
    @CurrentUser() user: AuthUser,
    @Body() dto: ChangePasswordDto,
  ): Promise<void> {
    await this.auth.changePassword(user.id, dto.currentPassword, dto.newPassword);
  }
}
