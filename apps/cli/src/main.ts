import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { loadEnvironment } from '@app/core';
import { createDataSource, ensureDatabase } from '@app/database';
import { createOrResetAdmin, ensureBureauUnit, ensureFirstAdmin } from './admin';
import { ensureEnvFile } from './env-file';

const USAGE = `Usage:
  node dist/apps/cli/apps/cli/src/main.js setup            generate secrets into .env if missing, create the database,
                                              run migrations, create the bureau unit and the first admin
  node dist/apps/cli/apps/cli/src/main.js migrate          run pending migrations
  node dist/apps/cli/apps/cli/src/main.js admin <username> create an admin, or reset that user's password
                                              (ADMIN_PASSWORD=... to choose it; otherwise one is generated)
  node dist/apps/cli/apps/cli/src/main.js demo 2022        load the fictional 东湖区 2022 demo through the history import,
                                              close 2022 and write its self-evaluation (safe to run again)
  node dist/apps/cli/apps/cli/src/main.js chain verify [<case id>]
                                              verify one case's event chain, or every case's (exit 2 on a break)
  node dist/apps/cli/apps/cli/src/main.js chain checkpoint
                                              write today's signed checkpoint of every case's head (as the nightly job)
  node dist/apps/cli/apps/cli/src/main.js chain rechain
                                              once after upgrading: seal the chains written before the keyed chain
                                              (as the migration user: it lifts the append-only triggers for the run)
  node dist/apps/cli/apps/cli/src/main.js reindex          once after upgrading: index the names written before name search
                                              (safe to run again, and while the API runs)
  (setup with DEMO=2022 also loads the demo, so \`DEMO=2022 npm start\` starts with it)`;

const say = (line: string) => process.stdout.write(`${line}\n`);

async function migrate(): Promise<void> {
  const env = loadEnvironment();
  const { created, database } = await ensureDatabase(env.DATABASE_URL);
  say(created ? `created database ${database}` : `database ${database} exists`);
  const ds = await createDataSource(env.DATABASE_URL);
  await ds.initialize();
  try {
    const ran = await ds.runMigrations({ transaction: 'each' });
    say(
      ran.length ? `ran migrations: ${ran.map((m) => m.name).join(', ')}` : 'schema is up to date',
    );
  } finally {
    await ds.destroy();
  }
}

async function withContext(
  fn: (app: Awaited<ReturnType<typeof NestFactory.createApplicationContext>>) => Promise<void>,
) {
  const { CliModule } = await import('./cli.module');
  const app = await NestFactory.createApplicationContext(CliModule, { logger: ['error', 'warn'] });
  try {
    await fn(app);
  } finally {
    await app.close();
  }
}

async function demo(year: string | undefined): Promise<void> {
  if (year !== '2022') throw new Error(`demo needs a year: 2022\n${USAGE}`);
  const { DemoModule } = await import('./demo/demo.module');
  const { runDemo2022 } = await import('./demo/demo-2022');
  const { ensureDemoAccounts } = await import('./demo/demo-accounts');
  const app = await NestFactory.createApplicationContext(DemoModule, { logger: ['error', 'warn'] });
  try {
    const started = Date.now();
    // DEMO_ORDINARY_CASES: fewer generated ordinary cases (the README-commands test's cheap demo)
    const ordinary = Number(process.env.DEMO_ORDINARY_CASES) || undefined;
    await runDemo2022(app, { say, ordinaryCases: ordinary });
    await ensureDemoAccounts(app);
    say(`demo ${year} ready in ${Math.round((Date.now() - started) / 1000)} s`);
  } finally {
    await app.close();
  }
}

async function main(argv: string[]): Promise<void> {
  const [command, arg] = argv;
  if (!['setup', 'demo', 'migrate', 'admin', 'chain', 'reindex'].includes(command))
    throw new Error(USAGE);
  if (command === 'setup') {
    const added = ensureEnvFile();
    if (added.length) say(`generated ${added.join(', ')} into .env`);
  }
  // Every command reads .env the way the API and the worker do (values in the environment win),
  // and stops with the variable's name when one is missing or bad.
  loadEnvironment();
  switch (command) {
    case 'setup': {
      await migrate();
      await withContext(async (app) => {
        await ensureBureauUnit(app);
        await ensureFirstAdmin(app);
      });
      if (process.env.DEMO) await demo(process.env.DEMO);
      return;
    }
    case 'demo':
      await migrate();
      await demo(arg);
      return;
    case 'migrate':
      await migrate();
      return;
    case 'admin': {
      if (!arg || !/^[A-Za-z0-9_.-]{3,64}$/.test(arg))
        throw new Error(`admin needs a username\n${USAGE}`);
      await withContext(async (app) => {
        await createOrResetAdmin(app, arg, process.env.ADMIN_PASSWORD || undefined);
      });
      return;
    }
    case 'chain': {
      const { ChainCliModule } = await import('./chain.module');
      const { runChain } = await import('./chain');
      const app = await NestFactory.createApplicationContext(ChainCliModule, {
        logger: ['error', 'warn'],
      });
      try {
        process.exitCode = await runChain(app, argv.slice(1), say);
      } finally {
        await app.close();
      }
      return;
    }
    case 'reindex': {
      const { ReindexCliModule } = await import('./reindex.module');
      const { runReindex } = await import('./reindex');
      const app = await NestFactory.createApplicationContext(ReindexCliModule, {
        logger: ['error', 'warn'],
      });
      try {
        await runReindex(app, say);
      } finally {
        await app.close();
      }
      return;
    }
    default:
      throw new Error(USAGE);
  }
}

main(process.argv.slice(2)).then(
  () => process.exit(process.exitCode ?? 0),
  (error: unknown) => {
    process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  },
);
