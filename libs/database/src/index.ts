export * from './data-source-options';
export * from './ensure-database';
export * from './database.module';
export * from './query-errors';
export * from './compare-and-set';
export * from './yearly-sequence';
export * from './insert-rows';
export * from './sql-batch';
