import { RequestMethod } from '@nestjs/common';
import { METHOD_METADATA, PATH_METADATA } from '@nestjs/common/constants';
import { ModulesContainer } from '@nestjs/core';
import type { INestApplication } from '@nestjs/common';
import type { RouteOptions } from 'fastify';
import { IS_PUBLIC, REQUIRED_ROLES, type Role } from '@app/auth';

export interface DeclaredRoute {
  method: string;
  path: string;
  roles: Role[] | undefined;
  isPublic: boolean;
}

/** Every controller route with the roles and public flag declared on it, read from the app. */
export function declaredRoutes(app: INestApplication, prefix: string): DeclaredRoute[] {
  const out: DeclaredRoute[] = [];
  for (const module of app.get(ModulesContainer).values()) {
    for (const wrapper of module.controllers.values()) {
      const ctrl = wrapper.metatype as (new (...args: never[]) => object) | undefined;
      if (!ctrl) continue;
      const base = String(Reflect.getMetadata(PATH_METADATA, ctrl) ?? '');
      for (const name of Object.getOwnPropertyNames(ctrl.prototype)) {
        const handler = (ctrl.prototype as Record<string, unknown>)[name];
        if (typeof handler !== 'function' || name === 'constructor') continue;
        const sub = Reflect.getMetadata(PATH_METADATA, handler) as string | undefined;
        if (sub === undefined) continue;
        const method =
          RequestMethod[Reflect.getMetadata(METHOD_METADATA, handler) as RequestMethod];
        const path = `/${[prefix, base, sub].filter((p) => p && p !== '/').join('/')}`.replace(
          /\/+/g,
          '/',
        );
        out.push({
          method,
          path,
          roles:
            Reflect.getMetadata(REQUIRED_ROLES, handler) ??
            Reflect.getMetadata(REQUIRED_ROLES, ctrl),
          isPublic: Boolean(
            Reflect.getMetadata(IS_PUBLIC, handler) ?? Reflect.getMetadata(IS_PUBLIC, ctrl),
          ),
        });
      }
    }
  }
  return out;
}

/** Fastify routes (one per method), HEAD routes dropped: Fastify adds them for every GET. */
export function fastifyRoutes(routes: RouteOptions[]): { method: string; url: string }[] {
  return routes.flatMap((r) =>
    (Array.isArray(r.method) ? r.method : [r.method])
      .filter((m) => m !== 'HEAD')
      .map((m) => ({ method: m, url: r.url })),
  );
}

/** A concrete URL for a route pattern: every `:param` becomes 1. */
export const concrete = (url: string) => url.replace(/:[A-Za-z]+/g, '1').replace(/\*$/, 'x');
