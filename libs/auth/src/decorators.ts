import { createParamDecorator, SetMetadata, type ExecutionContext } from '@nestjs/common';
import type { RouteLimit } from './rate-limits';
import type { AuthUser, Role } from './roles';

export const IS_PUBLIC = 'auth:public';
export const REQUIRED_ROLES = 'auth:roles';
export const RATE_LIMIT = 'auth:rate-limit';
export const BEFORE_PASSWORD_CHANGE = 'auth:before-password-change';

/** The route needs no token (login, refresh, health). Everything else does. */
export const Public = () => SetMetadata(IS_PUBLIC, true);

/**
 * The route serves a user who must still change the password given by an administrator (who am
 * I, change the password, sign out). Every other route answers 403 PASSWORD_CHANGE_REQUIRED.
 */
export const BeforePasswordChange = () => SetMetadata(BEFORE_PASSWORD_CHANGE, true);

/** Only these roles may call the route. */
export const Roles = (...roles: Role[]) => SetMetadata(REQUIRED_ROLES, roles);

/** A budget per user on top of the general ceiling (RATE_LIMIT_REVEAL_PER_USER, …). */
export const RateLimit = (limit: RouteLimit) => SetMetadata(RATE_LIMIT, limit);

export const CurrentUser = createParamDecorator(
  (_: unknown, ctx: ExecutionContext): AuthUser =>
    ctx.switchToHttp().getRequest<{ user: AuthUser }>().user,
);
