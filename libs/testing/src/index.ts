export * from './mutable-clock';
export * from './test-env';
export * from './database';
export * from './factories';
