export * from './key-matter-vocabulary';
export * from './key-matter.entity';
export * from './key-matter.errors';
export * from './key-matters.service';
export * from './missions.service';
export * from './key-matter-history';
export * from './key-matters.module';
