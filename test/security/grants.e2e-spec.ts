import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createConnection, type Connection } from 'mysql2/promise';
import { ChainCheckpointService } from '@app/cases';
import { makeUnit } from '@app/testing';
import { caseApi, type CaseJson } from '../support/cases';
import { createTestApp, type TestApp } from '../support/test-app';

const GRANTS = readFileSync(join(__dirname, '..', '..', 'docker', 'grants.sql'), 'utf8');

/**
 * docker/grants.sql applied to a scratch account on the test database: the API runs its normal
 * writes through it, and it cannot lift the append-only triggers or touch the schema.
 */
describe('database grants of the application account (e2e, real MariaDB)', () => {
  let root: TestApp;
  let app: TestApp;
  let db: string;
  let user: string;
  let password: string;
  let scratch: Connection;

  beforeAll(async () => {
    root = await createTestApp();
    [{ db }] = await root.db.query<{ db: string }[]>('SELECT DATABASE() AS db');
    user = `app_${db}`.slice(0, 32);
    password = randomBytes(12).toString('hex');
    await root.db.query(`DROP USER IF EXISTS '${user}'@'%'`);
    await root.db.query(`CREATE USER '${user}'@'%' IDENTIFIED BY '${password}'`);
    for (const statement of grantStatements()) await root.db.query(statement);

    const url = new URL(process.env.DATABASE_URL!);
    url.username = user;
    url.password = password;
    app = await createTestApp({ env: { DATABASE_URL: url.toString() }, reset: false });
    scratch = await createConnection({
      host: url.hostname,
      port: Number(url.port || 3306),
      user,
      password,
      database: db,
    });
  });
  afterAll(async () => {
    await scratch?.end();
    await app?.close();
    await root.db.query(`DROP USER IF EXISTS '${user}'@'%'`);
    await root.close();
  });

  /** The file's GRANT statements, for this database and the scratch account. */
  function grantStatements(): string[] {
    return GRANTS.split('\n')
      .filter((l) => !l.startsWith('--'))
      .join('\n')
      .split(';')
      .map((s) => s.trim())
      .filter(Boolean)
      .map((s) =>
        s.replaceAll('petitions.', `\`${db}\`.`).replaceAll("'petitions_app'@'%'", `'${user}'@'%'`),
      );
  }

  it('names every table of the schema (a new table needs its line in docker/grants.sql)', async () => {
    const tables = await root.db.query<{ name: string }[]>(
      `SELECT TABLE_NAME AS name FROM information_schema.TABLES WHERE TABLE_SCHEMA = DATABASE()`,
    );
    const granted = new Set([...GRANTS.matchAll(/ON petitions\.(\w+) TO/g)].map((m) => m[1]));
    expect(tables.map((t) => t.name).filter((t) => !granted.has(t))).toEqual([]);
  });

  it('the API does its normal writes through the account: a case registered, handled, checkpointed', async () => {
    app.clock.set(new Date('2022-03-01T02:00:00Z'));
    const api = caseApi(app);
    const reception = (await app.tokenFor('reception')).token;
    const officer = (await app.tokenFor('officer')).token;
    const unit = (await makeUnit(app.app)).id;
    const handler = (await app.tokenFor('unit_handler', unit)).token;
    const c = (await api.register(reception)).json<CaseJson>();
    expect(c.caseNo).toMatch(/^TS-2022-\d{6}$/);
    for (const [token, action, body] of [
      [officer, 'transfer', { unitId: unit, instructions: '请依法处理' }],
      [handler, 'accept', {}],
    ] as const) {
      expect((await api.act(token, c.id, action, body)).statusCode).toBe(200);
    }
    const verdict = await app.request('GET', `/api/v1/cases/${c.id}/timeline/verify`, {
      token: officer,
    });
    expect(verdict.json()).toEqual({ intact: true, brokenAt: null, kind: null });
    const r = await app.app.get(ChainCheckpointService).take();
    expect(r.created).toBe(true);
  });

  it.each([
    ['DROP TRIGGER case_events_no_update'],
    [`CREATE TRIGGER x BEFORE INSERT ON case_events FOR EACH ROW SET NEW.hash = NEW.hash`],
    ["UPDATE case_events SET data = '{}' WHERE seq = 1"],
    ['DELETE FROM case_events'],
    ['DELETE FROM case_chain_checkpoints'],
    ['UPDATE case_chain_checkpoints SET root = root'],
    ['ALTER TABLE cases ADD COLUMN x INT'],
    ['DROP TABLE cases'],
    ['TRUNCATE TABLE case_events'],
    ['CREATE TABLE x (id INT)'],
  ])('the account is refused: %s', async (sql) => {
    await expect(scratch.query(sql)).rejects.toThrow(/denied/i);
  });
});
