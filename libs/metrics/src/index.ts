export * from './metric-math';
export * from './metric-sources';
export * from './metric-registry';
export * from './metric-figures';
export * from './metric-snapshot.entity';
export * from './metrics.errors';
export * from './metrics.service';
export * from './metrics.module';
