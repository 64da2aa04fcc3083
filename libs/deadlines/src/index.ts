export * from './clock.entity';
export * from './clock-book';
export * from './clocks.repository';
export * from './clock-sweep.repository';
export * from './deadlines.module';
export * from './open-clocks.repository';
export * from './petitioner-windows';
