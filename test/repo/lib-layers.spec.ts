import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * Who may call whom (docs/architecture.md): each lib sits on a level and imports only libs on
 * lower levels, so the graph has no loops and a lib below never learns of one above (the change
 * feed in core is how cases and letters tell the metrics above them). Apps may use any lib; no
 * lib imports an app, and only tests use the test kit.
 */
export const LIB_LEVELS: Record<string, number> = {
  core: 0,
  calendar: 1,
  queue: 1,
  database: 2,
  documents: 2,
  units: 3,
  deadlines: 3,
  auth: 4,
  cases: 5,
  reminders: 5,
  reviews: 6,
  supervision: 6,
  'key-matters': 6,
  metrics: 6,
  notices: 6,
  'self-evaluation': 7,
  exchange: 7,
  testing: 8,
};

const root = join(__dirname, '..', '..');

function sources(dir: string): string[] {
  return readdirSync(join(root, dir), { withFileTypes: true }).flatMap((e) => {
    const path = `${dir}/${e.name}`;
    if (e.name === 'node_modules' || e.name === 'dist') return [];
    if (e.isDirectory()) return sources(path);
    return /\.tsx?$/.test(e.name) && !/\.spec\.tsx?$/.test(e.name) ? [path] : [];
  });
}

/** The @app/* libs a file imports (type-only imports included: they tie the code as well). */
function importsOf(text: string): string[] {
  return [...text.matchAll(/from\s+'@app\/([a-z-]+)'/g)].map((m) => m[1]);
}

describe('lib layers', () => {
  const libs = readdirSync(join(root, 'libs'));

  it('places every lib on a level', () => {
    expect(libs.filter((l) => !(l in LIB_LEVELS))).toEqual([]);
  });

  it('a lib imports only libs on lower levels', () => {
    const wrong = libs.flatMap((lib) =>
      sources(`libs/${lib}`).flatMap((path) =>
        importsOf(readFileSync(join(root, path), 'utf8'))
          .filter((dep) => dep !== lib && !(LIB_LEVELS[dep] < LIB_LEVELS[lib]))
          .map((dep) => `${path} imports @app/${dep}`),
      ),
    );
    expect(wrong).toEqual([]);
  });

  it('no lib imports an app, and only tests use the test kit', () => {
    const wrong = [...libs.map((l) => `libs/${l}`), 'apps'].flatMap((dir) =>
      sources(dir).flatMap((path) => {
        const text = readFileSync(join(root, path), 'utf8');
        return [
          ...(/from\s+'(\.\.\/)+apps\//.test(text) ? [`${path} imports an app`] : []),
          ...(!path.startsWith('libs/testing/') && importsOf(text).includes('testing')
            ? [`${path} imports @app/testing`]
            : []),
        ];
      }),
    );
    expect(wrong).toEqual([]);
  });

  it('sees a wrong-way import', () => {
    expect(importsOf("import { CasesService } from '@app/cases';")).toEqual(['cases']);
    expect(LIB_LEVELS.cases < LIB_LEVELS.reviews).toBe(true);
  });
});
