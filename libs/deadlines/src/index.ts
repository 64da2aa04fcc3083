export * from './clock.entity';
export * from './clock-book';
export * from './clocks.repository';
