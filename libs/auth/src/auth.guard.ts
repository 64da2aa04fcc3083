import { Injectable, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { missingToken, passwordChangeRequired, roleForbidden } from './auth.errors';
import { AuthService } from './auth.service';
import { BEFORE_PASSWORD_CHANGE, IS_PUBLIC, REQUIRED_ROLES } from './decorators';
import type { AuthUser, Role } from './roles';

interface GuardedRequest {
  headers: Record<string, string | string[] | undefined>;
  user?: AuthUser;
}

/**
 * Registered globally: every route needs a valid access token unless marked @Public(), and a
 * route marked @Roles(...) needs one of those roles. A user who must change the password given by
 * an administrator reaches only the routes marked @BeforePasswordChange().
 */
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly auth: AuthService,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(IS_PUBLIC, targets)) return true;

    const request = context.switchToHttp().getRequest<GuardedRequest>();
    const header = request.headers.authorization;
    const match = typeof header === 'string' ? /^Bearer\s+(\S+)$/i.exec(header) : null;
    if (!match) throw missingToken();
    request.user = await this.auth.verifyAccessToken(match[1]);
    if (
      request.user.mustChangePassword &&
      !this.reflector.getAllAndOverride<boolean>(BEFORE_PASSWORD_CHANGE, targets)
    )
      throw passwordChangeRequired();

    const roles = this.reflector.getAllAndOverride<Role[] | undefined>(REQUIRED_ROLES, targets);
    if (roles && !roles.includes(request.user.role)) throw roleForbidden(roles);
    return true;
  }
}
