export * from './supervision-vocabulary';
export * from './supervision-letter.entity';
export * from './key-matter.entity';
export * from './supervision.errors';
export * from './supervision-letters.service';
export * from './key-matters.service';
export * from './missions.service';
export * from './supervision.module';
