import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { RequestMethod } from '@nestjs/common';
import { LoggerModule } from 'nestjs-pino';
import { AppConfig } from '../config/app-config';
import { maskPersonalValues } from '../crypto/personal-data';

const REQUEST_ID = /^[A-Za-z0-9._:-]{8,128}$/;

/** Query parameters (named in any case, with or without _ or -) that carry personal data. */
const PERSONAL_PARAMS = new Set([
  'idnumber',
  'idnumbers',
  'idno',
  'idcard',
  'phone',
  'phones',
  'mobile',
  'tel',
  'telephone',
  'name',
  'names',
  'address',
]);
const REDACTED = '[redacted]';

/** Percent-decodes as often as it takes (at most 3 times); bytes that are not UTF-8 become U+FFFD. */
function decodeLoosely(text: string): string {
  let out = text;
  for (let i = 0; i < 3 && /%[0-9a-f]{2}/i.test(out); i++) {
    out = out.replace(/(?:%[0-9a-f]{2})+/gi, (run) =>
      Buffer.from(run.replace(/%/g, ''), 'hex').toString('utf8'),
    );
  }
  return out;
}

const redactValues = (text: string) => maskPersonalValues(text, () => REDACTED);

/**
 * A request URL fit for a log line: decoded first (so `id%4Eumber=` or `%31%33…` hide nothing),
 * then the values of personal parameters removed by name, and ID numbers and phones removed by
 * their look wherever they are (path, any parameter's name or value).
 */
export function redactUrl(url: string | undefined): string {
  const raw = url ?? '';
  const q = raw.indexOf('?');
  const path = redactValues(decodeLoosely(q < 0 ? raw : raw.slice(0, q)));
  if (q < 0) return path;
  const query = raw
    .slice(q + 1)
    .split('&')
    .map((pair) => {
      const eq = pair.indexOf('=');
      const name = decodeLoosely((eq < 0 ? pair : pair.slice(0, eq)).replace(/\+/g, ' '));
      if (eq < 0) return redactValues(name);
      if (PERSONAL_PARAMS.has(name.toLowerCase().replace(/[^a-z]/g, ''))) {
        return `${redactValues(name)}=${REDACTED}`;
      }
      return `${redactValues(name)}=${redactValues(decodeLoosely(pair.slice(eq + 1).replace(/\+/g, ' ')))}`;
    })
    .join('&');
  return `${path}?${query}`;
}

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
