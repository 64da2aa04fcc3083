export * from './mutable-clock';
export * from './test-env';
export * from './test-run-slot';
export * from './database';
export * from './factories';
export * from './auth-state';
