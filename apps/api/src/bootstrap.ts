import type { IncomingMessage } from 'node:http';
import fastifyHelmet from '@fastify/helmet';
import fastifyMultipart from '@fastify/multipart';
import { type INestApplication, RequestMethod, type Type } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import type { FastifyError, FastifyReply, FastifyRequest, RouteOptions } from 'fastify';
import { Logger } from 'nestjs-pino';
import { AppConfig, quietFrameworkLogs, requestIdFor, validateEnv } from '@app/core';
import { AllExceptionsFilter } from './common/all-exceptions.filter';
import { badUrl, malformedJson } from './common/api.errors';
import { setupApiDocs } from './common/api-docs';
import { authenticateBeforeBody } from './common/auth-before-body';
import { toErrorBody } from './common/error-body';
import { checkJsonLimits, checkJsonText } from './common/json-limits';
import { createValidationPipe } from './common/validation.pipe';
import { buildOpenApiDocument } from './openapi/openapi-document';
import { serveWebConsole } from './web/web-console';

export const API_PREFIX = 'api/v1';

export interface ApiAppOptions {
  /** Called for every route Fastify registers (tests use it to enumerate the routes). */
  onRoute?: (route: RouteOptions) => void;
}

/** Everything under /api/v1 except the health probes. */
export function applyGlobalPrefix(app: INestApplication): void {
  app.setGlobalPrefix(API_PREFIX, {
    exclude: [
      { path: 'health/live', method: RequestMethod.GET },
      { path: 'health/ready', method: RequestMethod.GET },
    ],
  });
}

/** Fastify with the body limit and request ids (a sane caller X-Request-Id, else a UUID). */
export function createFastifyAdapter(config: AppConfig): FastifyAdapter {
  return new FastifyAdapter({
    bodyLimit: config.http.bodyLimit,
    // Who may name the client in X-Forwarded-For: the sign-in limits count per client address,
    // so trusting any proxy would let a caller pick a new address for every guess.
    trustProxy: config.http.trustProxy,
    requestIdHeader: false,
    genReqId: (req: IncomingMessage) => {
      const id = requestIdFor(req);
      // pino-http reads the same id from the raw request, so logs and responses agree.
      (req as { id?: string }).id = id;
      return id;
    },
    // Errors the router raises before any hook runs (a URL that does not decode, a path segment
    // over maxParamLength → 414) leave in the one error shape too, with the request id.
    frameworkErrors: (error: FastifyError, request: FastifyRequest, reply: FastifyReply) => {
      const known = error.code === 'FST_ERR_BAD_URL' ? badUrl() : error;
      const { body } = toErrorBody(known, String(request.id));
      void reply
        .status(body.statusCode)
        .header('x-request-id', String(request.id))
        .header('cache-control', 'no-store')
        .send(body);
    },
  });
}

/**
 * Everything the HTTP application needs beyond its modules: /api/v1 prefix, validation, one error
 * shape, security headers, uploads, OpenAPI at /api/docs. `main.ts` and the tests both use it.
 */
export async function configureApiApp(
  app: NestFastifyApplication,
  options: ApiAppOptions = {},
): Promise<NestFastifyApplication> {
  app.useLogger(quietFrameworkLogs(app.get(Logger)));
  const fastify = app.getHttpAdapter().getInstance();
  if (options.onRoute) fastify.addHook('onRoute', options.onRoute);
  fastify.addHook('onRequest', async (request, reply) => {
    void reply.header('x-request-id', String(request.id));
  });
  // Tokens, personal data and documents must not stay in a browser's or a proxy's cache.
  fastify.addHook('onSend', async (_request, reply) => {
    if (!reply.hasHeader('cache-control')) void reply.header('cache-control', 'no-store');
  });
  authenticateBeforeBody(app, fastify);
  // Nest turns Fastify's own parse errors into bare HttpExceptions that lose their code; parsing
  // JSON through Fastify's secure parser here raises our coded error instead. Depth and key count
  // are checked first, in one pass, so a nesting bomb never reaches JSON.parse or the validator;
  // text with NUL or a lone surrogate is refused after it, whichever field it is in.
  const jsonParser = fastify.getDefaultJsonParser('error', 'error');
  fastify.removeContentTypeParser('application/json');
  fastify.addContentTypeParser('application/json', { parseAs: 'string' }, (request, body, done) => {
    const excess = checkJsonLimits(body as string);
    if (excess) return done(excess, undefined);
    void jsonParser(request, body as string, (error: Error | null, value?: unknown) => {
      if (error) return done(malformedJson(), undefined);
      const badText = checkJsonText(value);
      if (badText) done(badText, undefined);
      else done(null, value);
    });
  });

  await app.register(fastifyHelmet, {
    // The OpenAPI UI needs inline scripts and styles; the console (Vite build) runs only its own
    // files, styles its components at run time and previews attachments from blob: URLs.
    contentSecurityPolicy: {
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'", "'unsafe-inline'"],
        styleSrc: ["'self'", "'unsafe-inline'"],
        imgSrc: ["'self'", 'data:', 'blob:'],
        frameSrc: ["'self'", 'blob:'],
        objectSrc: ["'none'"],
      },
    },
  });
  await app.register(fastifyMultipart, { limits: { fileSize: 20 * 1024 * 1024, files: 10 } });

  applyGlobalPrefix(app);
  app.useGlobalPipes(createValidationPipe());
  app.useGlobalFilters(new AllExceptionsFilter());
  app.enableShutdownHooks();

  const document = buildOpenApiDocument(app);
  setupApiDocs(app, document);
  await serveWebConsole(app, app.get(AppConfig).http.webRoot);
  return app;
}

export async function createApiApp(rootModule: Type<unknown>): Promise<NestFastifyApplication> {
  const config = new AppConfig(validateEnv(process.env));
  const app = await NestFactory.create<NestFastifyApplication>(
    rootModule,
    createFastifyAdapter(config),
    { bufferLogs: true, bodyParser: false }, // configureApiApp registers the JSON parser
  );
  return configureApiApp(app);
}
