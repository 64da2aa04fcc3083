// @ts-check
/**
 * One owner per table (issue 16): a lib reaches its tables only through `*.repository.ts` files
 * of its own. Anywhere else in apps/ and libs/, injecting the `DataSource` (or an `EntityManager`)
 * or calling `.query()` is an error. Outside the rule: migrations, the data layer's own helpers
 * (libs/database), the test kit (libs/testing) and the bench (bench/, not under apps/ or libs/).
 */

const message =
  "SQL lives in the owning lib's *.repository.ts; ask the owner through its exported service or repository.";

/** The `no-restricted-syntax` entries of the rule (exported for test/repo/table-owners.spec.ts). */
export const tableOwnerSyntax = [
  {
    selector: "CallExpression[callee.type='MemberExpression'][callee.property.name='query']",
    message: `.query() outside a repository. ${message}`,
  },
  {
    selector: 'Decorator CallExpression[callee.name=/^Inject(DataSource|EntityManager)$/]',
    message: `DataSource injected outside a repository. ${message}`,
  },
  {
    // Nest also injects by the parameter's type alone.
    selector:
      "MethodDefinition[kind='constructor'] TSTypeReference[typeName.name=/^(DataSource|EntityManager)$/]",
    message: `DataSource injected outside a repository. ${message}`,
  },
];

export const tableOwnerFiles = ['apps/**/*.ts', 'libs/**/*.ts'];

export const tableOwnerExempt = [
  '**/*.repository.ts',
  'libs/database/**',
  'libs/testing/**',
  '**/migrations/**',
];

/** The flat-config entries `eslint.config.mjs` spreads in. */
export const tableOwnerConfig = [
  {
    files: tableOwnerFiles,
    ignores: tableOwnerExempt,
    rules: { 'no-restricted-syntax': ['error', ...tableOwnerSyntax] },
  },
];
