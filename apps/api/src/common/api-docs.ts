import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { SwaggerModule, type OpenAPIObject } from '@nestjs/swagger';
import { AuthService, missingToken } from '@app/auth';
import { AppConfig } from '@app/core';
import { toErrorBody } from './error-body';

export const API_DOCS_PATH = 'api/docs';

/**
 * The OpenAPI console (/api/docs, its scripts) and document (/api/docs-json, -yaml) as API_DOCS
 * says: `on` for anyone (development), `off` not served at all (the Docker default), `signed-in`
 * only with a valid access token of a current session. The document maps every route and field,
 * which is more than a visitor of a deployed system needs.
 */
export function setupApiDocs(app: NestFastifyApplication, document: OpenAPIObject): void {
  const mode = app.get(AppConfig).http.apiDocs;
  if (mode === 'off') return;
  if (mode === 'signed-in') {
    const auth = app.get(AuthService);
    app
      .getHttpAdapter()
      .getInstance()
      .addHook('onRequest', async (request, reply) => {
        if (!request.url.startsWith(`/${API_DOCS_PATH}`)) return;
        try {
          const header = request.headers.authorization;
          const match = typeof header === 'string' ? /^Bearer\s+(\S+)$/i.exec(header) : null;
          if (!match) throw missingToken();
          await auth.verifyAccessToken(match[1]);
        } catch (error) {
          const { body } = toErrorBody(error, String(request.id));
          return reply.status(body.statusCode).send(body);
        }
      });
  }
  SwaggerModule.setup(API_DOCS_PATH, app, document, { jsonDocumentUrl: `${API_DOCS_PATH}-json` });
}
