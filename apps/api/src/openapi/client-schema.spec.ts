import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const ROOT = join(__dirname, '../../../..');
const CLIENT_DIR = join(ROOT, 'apps/web/src/api');

describe("the console's typed client matches the API", () => {
  // Runs `npm run gen:client` as it is (ts-node loading the whole app module): slow when busy.
  jest.setTimeout(240_000);

  it('openapi.json and schema.d.ts are what `npm run gen:client` makes now', () => {
    const out = mkdtempSync(join(tmpdir(), 'gen-client-'));
    try {
      execFileSync(
        process.execPath,
        [
          join(ROOT, 'node_modules/ts-node/dist/bin.js'),
          '-r',
          'tsconfig-paths/register',
          '-T',
          join(ROOT, 'apps/api/src/openapi/gen-client.ts'),
          '--out',
          out,
        ],
        { cwd: ROOT, stdio: 'pipe', env: { ...process.env, NODE_ENV: 'test' } },
      );
      const hint = 'the API changed: run `npm run gen:client` and commit apps/web/src/api';
      for (const file of ['openapi.json', 'schema.d.ts']) {
        const now = readFileSync(join(out, file), 'utf8');
        const checkedIn = readFileSync(join(CLIENT_DIR, file), 'utf8');
        expect({ hint, file, same: now === checkedIn }).toEqual({ hint, file, same: true });
      }
    } finally {
      rmSync(out, { recursive: true, force: true });
    }
  });
});
