import { join } from 'node:path';
import { spawnTracked } from './support/children';
import { processes } from './support/leak-check';

/**
 * The run's globalTeardown names whatever outlived the last test (child processes, connections),
 * ends it and fails the run, so Jest exits on its own instead of hanging. Checked on fixture specs
 * (test/fixtures/leaks) that leave things running on purpose, under their own Jest config.
 */
const root = join(__dirname, '..');

async function runFixture(pattern: string): Promise<{ code: string; out: string }> {
  const run = spawnTracked(
    process.execPath,
    [
      join(root, 'node_modules/jest/bin/jest.js'),
      '-c',
      'test/fixtures/leaks/jest.config.js',
      '--runInBand',
      pattern,
    ],
    { cwd: root, env: { ...process.env, FORCE_COLOR: '0' } },
  );
  return { code: await run.exited, out: run.output() };
}

const sleeping = (seconds: string) =>
  processes().filter((p) => p.command === `sleep ${seconds}` && p.state !== 'Z');

describe('leak check after the last test (e2e, a Jest run of fixture specs)', () => {
  it('a run that stops everything it started passes and names nothing', async () => {
    const run = await runFixture('clean');
    expect(run.out).toContain('1 passed');
    expect(run.out).not.toContain('still alive after the last test');
    expect(run.code).toBe('0');
  });

  it('a failing run whose last child ends during the check still exits 1 (its failure kept)', async () => {
    const run = await runFixture('fails-while-closing');
    expect(run.out).toContain('1 failed');
    expect(run.out).not.toContain('still alive after the last test');
    expect(run.code).toBe('1');
  });

  it.each([
    {
      what: 'a passing run that leaves a child and a Redis connection',
      fixture: 'leaves-running',
      result: '1 passed',
      seconds: '317',
      connection: 'connection to 127.0.0.1:6379 (Redis)',
    },
    {
      what: 'a failing run that leaves a child and a MariaDB connection',
      fixture: 'fails-leaving-running',
      result: '1 failed',
      seconds: '318',
      connection: 'connection to 127.0.0.1:3306 (MariaDB)',
    },
  ])('$what fails, naming both, and exits on its own', async (c) => {
    const run = await runFixture(c.fixture);
    expect(run.out).toContain(c.result);
    expect(run.out).toContain('still alive after the last test');
    expect(run.out).toMatch(new RegExp(`child process \\d+: sleep ${c.seconds}`));
    expect(run.out).toContain(c.connection);
    expect(run.out).not.toContain('Jest did not exit');
    expect(run.code).toBe('1');
    // The leaked child was ended with the run, not left running into the next one.
    expect(sleeping(c.seconds)).toEqual([]);
  });
});
