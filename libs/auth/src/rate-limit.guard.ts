import { Injectable, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { RATE_LIMIT } from './decorators';
import { RateLimits, type RouteLimit } from './rate-limits';
import type { AuthUser } from './roles';

/**
 * Registered globally after the AuthGuard: every signed-in user's requests count against a
 * general ceiling (RATE_LIMIT_PER_USER), and a route marked @RateLimit(...) against its own
 * budget too, before the handler reads anything. Public routes carry their own limits (sign-in).
 */
@Injectable()
export class RateLimitGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly limits: RateLimits,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const user = context.switchToHttp().getRequest<{ user?: AuthUser }>().user;
    if (!user) return true;
    await this.limits.consume('perUser', user.id);
    const limit = this.reflector.getAllAndOverride<RouteLimit | undefined>(RATE_LIMIT, [
      context.getHandler(),
      context.getClass(),
    ]);
    if (limit) await this.limits.consume(limit, user.id);
    return true;
  }
}
