import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Linter } from 'eslint';
import tseslint from 'typescript-eslint';
import { tableOwnerConfig, tableOwnerExempt } from '../../eslint/table-owners.mjs';

/**
 * One owner per table (issue 16): outside a lib's `*.repository.ts` (and migrations, the data
 * layer's helpers, the test kit, the bench), injecting the DataSource or calling `.query()` is a
 * lint error. These check the rule itself, and that the whole source holds it with no exception
 * beyond the named ones.
 */
const root = join(__dirname, '..', '..');
const linter = new Linter({ cwd: root });
const parser = { languageOptions: { parser: tseslint.parser } };

function problems(path: string, code: string, config = tableOwnerConfig): string[] {
  return linter
    .verify(code, [{ files: ['**/*.ts'] }, parser, ...config], join(root, path))
    .map((m) => `${m.line}: ${m.message}`);
}

const service = `
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';

@Injectable()
export class ThingsService {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  count(): Promise<unknown> {
    return this.db.query('SELECT COUNT(*) FROM things');
  }
}
`;

const byType = `
import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';

@Injectable()
export class ThingsService {
  constructor(private readonly db: DataSource) {}
}
`;

describe('the table-owner lint rule', () => {
  it('flags the DataSource injected into a service and its .query()', () => {
    const found = problems('libs/things/src/things.service.ts', service);
    expect(found).toEqual([
      expect.stringMatching(/^8: DataSource injected outside a repository/),
      expect.stringMatching(/^8: DataSource injected outside a repository/),
      expect.stringMatching(/^11: \.query\(\) outside a repository/),
    ]);
  });

  it('flags a DataSource injected by its type alone, in an app too', () => {
    expect(problems('apps/cli/src/things.ts', byType)).toEqual([
      expect.stringMatching(/^7: DataSource injected outside a repository/),
    ]);
  });

  it.each([
    'libs/things/src/things.repository.ts',
    'libs/database/src/migrations/1700000000000-Things.ts',
    'libs/database/src/sql-batch.ts',
    'libs/testing/src/database.ts',
    'bench/run.ts',
  ])('allows them in %s', (path) => {
    expect(problems(path, service)).toEqual([]);
  });

  it('has no exceptions beyond the named ones', () => {
    expect(tableOwnerConfig).toHaveLength(1);
    expect(tableOwnerConfig[0].ignores).toEqual(tableOwnerExempt);
  });

  /** Every .ts file under apps/ and libs/ (no node_modules, no build output). */
  const sources = (dir: string): string[] =>
    readdirSync(join(root, dir), { withFileTypes: true }).flatMap((e) => {
      const path = `${dir}/${e.name}`;
      if (e.name === 'node_modules' || e.name === 'dist') return [];
      if (e.isDirectory()) return sources(path);
      return e.name.endsWith('.ts') ? [path] : [];
    });

  it('holds in every source file of apps/ and libs/', () => {
    const files = ['apps', 'libs'].flatMap(sources);
    expect(files.length).toBeGreaterThan(300);
    const found = files.flatMap((path) =>
      problems(path, readFileSync(join(root, path), 'utf8'))
        .filter((p) => p.includes('outside a repository'))
        .map((p) => `${path}:${p}`),
    );
    expect(found).toEqual([]);
  });
});
