import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import fastifyStatic from '@fastify/static';
import { HttpException, HttpStatus } from '@nestjs/common';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { toErrorBody } from '../common/error-body';

/** Paths that belong to the API: never answered with the console's page. */
const API_PATHS = /^\/(api|health)(\/|$)/;
/** Fastify's default maxParamLength: a longer path segment is a 414, whichever route it missed. */
const MAX_SEGMENT_LENGTH = 100;

/**
 * Serves the built staff console at `/` from the same origin as the API: its files as they are,
 * and its page for every other GET that is not the API's (the console routes in the browser).
 * Unknown API paths keep their JSON 404. Without a build (`npm run build:web`) nothing is added.
 */
export async function serveWebConsole(
  app: NestFastifyApplication,
  webRoot: string,
): Promise<boolean> {
  const root = resolve(webRoot);
  if (!existsSync(resolve(root, 'index.html'))) return false;
  const fastify = app.getHttpAdapter().getInstance();
  await app.register(fastifyStatic, {
    root,
    prefix: '/',
    // One route per built file (and `/` for index.html); the fallback below handles the rest.
    wildcard: false,
    setHeaders: (reply, path) => {
      // Vite names assets by their content hash, so they never change; the page must be re-read.
      void reply.header(
        'cache-control',
        path.includes('/assets/') ? 'public, max-age=31536000, immutable' : 'no-cache',
      );
    },
  });
  fastify.get('/*', (request, reply) => {
    const path = request.url.split('?')[0];
    // An API path or a missing file (has an extension): the API's own 404 in the error shape.
    // An API path whose segment is over the router's limit: the 414 it gets without the console.
    if (API_PATHS.test(path) && path.split('/').some((s) => s.length > MAX_SEGMENT_LENGTH)) {
      const error = new HttpException('URI too long', HttpStatus.URI_TOO_LONG);
      const { body } = toErrorBody(error, String(request.id));
      return reply.status(body.statusCode).header('cache-control', 'no-store').send(body);
    }
    if (API_PATHS.test(path) || /\.[A-Za-z0-9]+$/.test(path)) return reply.callNotFound();
    return reply.header('cache-control', 'no-cache').sendFile('index.html');
  });
  return true;
}
