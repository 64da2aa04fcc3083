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
  const base = `http://${['0.0.0.0', '::', ''].includes(host) ? 'localhost' : host}:${port}`;
  app
    .get(Logger)
    .log(
      `API ready: console ${base}/ · OpenAPI ${base}/api/docs · health ${base}/health/ready` +
        ` (listening on ${host}:${port})`,
    );
}

bootstrap().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
