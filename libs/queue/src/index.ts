export * from './queues';
export * from './redis-options';
export * from './redis.module';
export * from './queue.module';
export * from './worker-heartbeat.entity';
export * from './heartbeat.service';
