export * from './config/env.schema';
export * from './config/app-config';
export * from './config/config.module';
export * from './errors';
export * from './errors/common-errors';
export * from './time/clock';
export * from './time/time.module';
export * from './logging/logging.module';
