import 'reflect-metadata';
import { Logger } from 'nestjs-pino';
import { AppConfig, loadEnvironment } from '@app/core';
import { createApiApp } from './bootstrap';

async function bootstrap(): Promise<void> {
  loadEnvironment();
  const { AppModule } = await import('./app.module');
  process.env.APP_NAME ??= 'api';
  const app = await createApiApp(AppModule);
  const { host, port } = app.get(AppConfig).http;
  await app.listen(port, host);
  app.get(Logger).log(`API listening on http://${host}:${port} (docs: /api/docs)`);
}

bootstrap().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
