export * from './unit.entity';
export * from './units.errors';
export * from './units.service';
export * from './units.module';
