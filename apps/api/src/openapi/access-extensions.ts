import type { INestApplication } from '@nestjs/common';
import { PATH_METADATA } from '@nestjs/common/constants';
import { ModulesContainer, Reflector } from '@nestjs/core';
import type { OpenAPIObject } from '@nestjs/swagger';
import { IS_PUBLIC, REQUIRED_ROLES, ROLES, type Role } from '@app/auth';

/**
 * Puts who may call each operation into the document, from the same @Public/@Roles metadata the
 * AuthGuard reads: `x-public: true`, or `x-roles` (every role when the route names none). The
 * attack suite reads them, so a new route is attacked with the right roles the day it lands.
 */
export function addAccessExtensions(app: INestApplication, document: OpenAPIObject): OpenAPIObject {
  const reflector = app.get(Reflector);
  const access = new Map<string, { public: boolean; roles: readonly Role[] }>();
  for (const module of app.get(ModulesContainer).values()) {
    for (const wrapper of module.controllers.values()) {
      const ctrl = wrapper.metatype as (new (...args: never[]) => object) | undefined;
      if (!ctrl) continue;
      for (const name of Object.getOwnPropertyNames(ctrl.prototype)) {
        const handler = (ctrl.prototype as Record<string, unknown>)[name];
        if (name === 'constructor' || typeof handler !== 'function') continue;
        if (Reflect.getMetadata(PATH_METADATA, handler) === undefined) continue;
        const targets = [handler, ctrl];
        // Swagger's default operationId is `<Controller>_<method>`.
        access.set(`${ctrl.name}_${name}`, {
          public: Boolean(reflector.getAllAndOverride<boolean>(IS_PUBLIC, targets)),
          roles: reflector.getAllAndOverride<Role[] | undefined>(REQUIRED_ROLES, targets) ?? ROLES,
        });
      }
    }
  }
  for (const item of Object.values(document.paths)) {
    for (const op of Object.values(item) as { operationId?: string }[]) {
      const found = op?.operationId ? access.get(op.operationId) : undefined;
      if (!found) continue;
      const target = op as Record<string, unknown>;
      if (found.public) target['x-public'] = true;
      else target['x-roles'] = [...found.roles];
    }
  }
  return document;
}
