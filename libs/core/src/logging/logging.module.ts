import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { RequestMethod } from '@nestjs/common';
import { LoggerModule } from 'nestjs-pino';
import { AppConfig } from '../config/app-config';

const REQUEST_ID = /^[A-Za-z0-9._:-]{8,128}$/;

/** Query parameters that carry personal data; their values never reach a log line. */
const PERSONAL_PARAMS = /([?&](?:idNumber|phone|name)=)[^&#]*/gi;

export const redactUrl = (url: string | undefined): string =>
  (url ?? '').replace(PERSONAL_PARAMS, '$1[redacted]');

/** A caller's X-Request-Id when it looks sane, otherwise a fresh UUID. */
export function requestIdFor(req: IncomingMessage): string {
  const given = req.headers['x-request-id'];
  return typeof given === 'string' && REQUEST_ID.test(given) ? given : randomUUID();
}

/**
 * Structured JSON logs (pino). In the API each line carries the request id (`req.id`), the same
 * one returned in the X-Request-Id header and in error bodies. Personal data is redacted.
 */
export const LoggingModule = LoggerModule.forRootAsync({
  inject: [AppConfig],
  useFactory: (config: AppConfig) => ({
    // Named wildcard (path-to-regexp 8 syntax); the default '*' logs a conversion warning.
    forRoutes: [{ path: '{*splat}', method: RequestMethod.ALL }],
    pinoHttp: {
      level: config.log.level,
      genReqId: (req: IncomingMessage) => {
        const id = (req as { id?: unknown }).id;
        return typeof id === 'string' ? id : requestIdFor(req);
      },
      redact: {
        paths: [
          'req.headers.authorization',
          'req.headers.cookie',
          '*.password',
          '*.idNumber',
          '*.phone',
        ],
        censor: '[redacted]',
      },
      serializers: {
        req: (req: { id: unknown; method: string; url: string }) => ({
          id: req.id,
          method: req.method,
          url: redactUrl(req.url),
        }),
        res: (res: { statusCode: number }) => ({ statusCode: res.statusCode }),
      },
      customProps: () => ({ app: process.env.APP_NAME ?? 'petitions' }),
      autoLogging: { ignore: (req: IncomingMessage) => (req.url ?? '').startsWith('/health') },
    },
  }),
});
