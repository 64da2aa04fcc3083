export * from './supervision-vocabulary';
export * from './supervision-letter.entity';
export * from './supervision.errors';
export * from './supervision-letters.service';
export * from './supervision-history';
export * from './supervision.module';
