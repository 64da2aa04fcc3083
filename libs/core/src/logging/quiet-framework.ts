import type { LoggerService } from '@nestjs/common';

/**
 * Nest's own start-up lines (a line per module, per controller and per route: about 190 in the
 * API) are for debugging; at the default `info` level they would bury the lines a person starting
 * the system needs. Their `log` calls go out at `debug`; warnings and errors stay as they are.
 */
const FRAMEWORK_CONTEXTS = new Set([
  'NestFactory',
  'NestApplication',
  'InstanceLoader',
  'RoutesResolver',
  'RouterExplorer',
  'NestMicroservice',
  'ModuleRefLoader',
]);

export function quietFrameworkLogs(logger: LoggerService): LoggerService {
  const fromFramework = (params: unknown[]) => {
    const context = params.at(-1);
    return typeof context === 'string' && FRAMEWORK_CONTEXTS.has(context);
  };
  return {
    log: (message: unknown, ...params: unknown[]) => {
      if (fromFramework(params)) logger.debug?.(message, ...params);
      else logger.log(message, ...params);
    },
    error: (message: unknown, ...params: unknown[]) => {
      logger.error(message, ...params);
    },
    warn: (message: unknown, ...params: unknown[]) => {
      logger.warn(message, ...params);
    },
    debug: (message: unknown, ...params: unknown[]) => {
      logger.debug?.(message, ...params);
    },
    verbose: (message: unknown, ...params: unknown[]) => {
      logger.verbose?.(message, ...params);
    },
    fatal: (message: unknown, ...params: unknown[]) => {
      if (logger.fatal) logger.fatal(message, ...params);
      else logger.error(message, ...params);
    },
  };
}
