import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { Logger } from 'nestjs-pino';
import { loadEnvironment, quietFrameworkLogs } from '@app/core';

async function bootstrap(): Promise<void> {
  loadEnvironment();
  const { WorkerModule } = await import('./worker.module');
  process.env.APP_NAME ??= 'worker';
  const app = await NestFactory.createApplicationContext(WorkerModule, { bufferLogs: true });
  app.useLogger(quietFrameworkLogs(app.get(Logger)));
  // SIGTERM/SIGINT close the BullMQ workers, which finish the jobs in hand before exiting.
  app.enableShutdownHooks();
  app.get(Logger).log('worker started');
}

bootstrap().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
