import type { INestApplication } from '@nestjs/common';
import { PATH_METADATA } from '@nestjs/common/constants';
import { ModulesContainer, Reflector } from '@nestjs/core';
import { FASTIFY_ROUTE_CONFIG_METADATA } from '@nestjs/platform-fastify/constants';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { AuthService, IS_PUBLIC, missingToken } from '@app/auth';

/** Fastify route config flag: the bearer token is checked before the body is read. */
const AUTH_BEFORE_BODY = 'authBeforeBody';

/**
 * Marks every controller route that is not @Public() in its Fastify route config. Runs after the
 * modules are scanned and before `init()` registers the routes (Nest copies a handler's metadata,
 * this config included, onto the route it registers).
 */
function markProtectedRoutes(app: INestApplication): void {
  const reflector = app.get(Reflector);
  for (const module of app.get(ModulesContainer).values()) {
    for (const wrapper of module.controllers.values()) {
      const ctrl = wrapper.metatype as (new (...args: never[]) => object) | undefined;
      if (!ctrl) continue;
      for (const name of Object.getOwnPropertyNames(ctrl.prototype)) {
        const handler = (ctrl.prototype as Record<string, unknown>)[name];
        if (name === 'constructor' || typeof handler !== 'function') continue;
        if (Reflect.getMetadata(PATH_METADATA, handler) === undefined) continue;
        if (reflector.getAllAndOverride<boolean>(IS_PUBLIC, [handler, ctrl])) continue;
        const config = (Reflect.getMetadata(FASTIFY_ROUTE_CONFIG_METADATA, handler) ??
          {}) as object;
        Reflect.defineMetadata(
          FASTIFY_ROUTE_CONFIG_METADATA,
          { ...config, [AUTH_BEFORE_BODY]: true },
          handler,
        );
      }
    }
  }
}

/**
 * A caller without a valid token learns nothing about a protected route, not even how its body is
 * parsed: the token is verified in onRequest, before Fastify reads, limits or parses the body (no
 * token → 401, never 400 MALFORMED_JSON or 413). The global AuthGuard still decides roles.
 */
export function authenticateBeforeBody(app: INestApplication, fastify: FastifyInstance): void {
  markProtectedRoutes(app);
  const auth = app.get(AuthService);
  fastify.addHook('onRequest', async (request: FastifyRequest) => {
    const config = request.routeOptions.config as { [AUTH_BEFORE_BODY]?: boolean } | undefined;
    if (!config?.[AUTH_BEFORE_BODY]) return;
    const header = request.headers.authorization;
    const match = typeof header === 'string' ? /^Bearer\s+(\S+)$/i.exec(header) : null;
    if (!match) throw missingToken();
    await auth.verifyAccessToken(match[1]);
  });
}
