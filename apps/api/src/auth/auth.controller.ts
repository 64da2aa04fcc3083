import { Body, Controller, Get, HttpCode, Post } from '@nestjs/common';
import { ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { AuthService, CurrentUser, Public, type AuthUser } from '@app/auth';
import { ChangePasswordDto, LoginDto, RefreshDto } from './dto/auth.dto';
import { MeResponse, TokenResponse } from './auth.response';

@ApiTags('auth 登录')
@Controller('auth')
export class AuthController {
  constructor(private readonly auth: AuthService) {}

  @Public()
  @Post('login')
  @HttpCode(200)
  @ApiOperation({ summary: '登录：返回短期访问令牌和刷新令牌' })
  @ApiOkResponse({ type: TokenResponse })
  async login(@Body() dto: LoginDto): Promise<TokenResponse> {
    return TokenResponse.from(await this.auth.login(dto.username, dto.password));
  }

  @Public()
  @Post('refresh')
  @HttpCode(200)
  @ApiOperation({ summary: '用刷新令牌换取新的令牌对（刷新令牌一次有效）' })
  @ApiOkResponse({ type: TokenResponse })
  async refresh(@Body() dto: RefreshDto): Promise<TokenResponse> {
    return TokenResponse.from(await this.auth.refresh(dto.refreshToken));
  }

  @Post('logout')
  @HttpCode(204)
  @ApiOperation({ summary: '注销：作废该次登录的所有刷新令牌' })
  @ApiNoContentResponse()
  async logout(@Body() dto: RefreshDto): Promise<void> {
    await this.auth.logout(dto.refreshToken);
  }

  @Get('me')
  @ApiOperation({ summary: '当前登录用户' })
  @ApiOkResponse({ type: MeResponse })
  me(@CurrentUser() user: AuthUser): MeResponse {
    return MeResponse.from(user);
  }

  @Post('password')
  @HttpCode(204)
  @ApiOperation({ summary: '修改本人密码（同时注销所有会话）' })
  @ApiNoContentResponse()
  async changePassword(
    @CurrentUser() user: AuthUser,
    @Body() dto: ChangePasswordDto,
  ): Promise<void> {
    await this.auth.changePassword(user.id, dto.currentPassword, dto.newPassword);
  }
}
