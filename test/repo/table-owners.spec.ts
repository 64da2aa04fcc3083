import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Linter } from 'eslint';
import tseslint from 'typescript-eslint';
import {
  pendingTableOwners,
  tableOwnerConfig,
  tableOwnerExempt,
  tableOwnerFiles,
  tableOwnerSyntax,
} from '../../eslint/table-owners.mjs';

/**
 * One owner per table (issue 16): outside a lib's `*.repository.ts` (and migrations, the data
 * layer's helpers, the test kit, the bench), injecting the DataSource or calling `.query()` is a
 * lint error. These check the rule itself, and that its list of pending files only names files
 * that still need it.
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

  const strict = [
    {
      files: tableOwnerFiles,
      ignores: tableOwnerExempt,
      rules: {
        'no-restricted-syntax': ['error', ...tableOwnerSyntax] as Linter.RuleEntry,
      },
    },
  ];

  it.each(pendingTableOwners)('lists %s as pending only while it still needs it', (path) => {
    expect(existsSync(join(root, path))).toBe(true);
    expect(problems(path, readFileSync(join(root, path), 'utf8'), strict)).not.toEqual([]);
  });
});
