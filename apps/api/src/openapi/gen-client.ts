import 'reflect-metadata';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { generateClientSchema } from './client-schema';

/** `npm run gen:client [-- --out <dir>]`: writes openapi.json and schema.d.ts for the console. */
async function main(): Promise<void> {
  const at = process.argv.indexOf('--out');
  const dir = at > 0 ? resolve(process.argv[at + 1]) : join(__dirname, '../../../web/src/api');
  const { json, dts } = await generateClientSchema();
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'openapi.json'), json);
  writeFileSync(join(dir, 'schema.d.ts'), dts);
  process.stdout.write(`wrote ${dir}/openapi.json and schema.d.ts\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(
    `${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
  );
  process.exit(1);
});
