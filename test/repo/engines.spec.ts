import { readdirSync, readFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import semver from 'semver';

/**
 * The Node.js minimum is declared once (package.json `engines`) and agreed by the README and the
 * Dockerfile; no installed package may need more, or a fresh `npm ci` warns (EBADENGINE) and the
 * package may not run on the machines.
 */
const root = join(__dirname, '..', '..');
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as {
  engines: { node: string };
};
const minimum = semver.minVersion(pkg.engines.node)!.version;

function* installedPackages(dir: string): Generator<string> {
  if (!existsSync(dir)) return;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (!entry.isDirectory() || entry.name.startsWith('.')) continue;
    const path = join(dir, entry.name);
    if (entry.name.startsWith('@')) {
      yield* installedPackages(path);
      continue;
    }
    if (existsSync(join(path, 'package.json'))) yield path;
    yield* installedPackages(join(path, 'node_modules'));
  }
}

describe('Node.js minimum', () => {
  it(`every installed package runs on the declared minimum (${minimum})`, () => {
    const lock = JSON.parse(readFileSync(join(root, 'package-lock.json'), 'utf8')) as {
      packages: Record<string, { engines?: { node?: string } | string[]; optional?: boolean }>;
    };
    const excluded: string[] = [];
    let checked = 0;
    for (const path of installedPackages(join(root, 'node_modules'))) {
      const manifest = JSON.parse(readFileSync(join(path, 'package.json'), 'utf8')) as {
        name?: string;
        version?: string;
        engines?: { node?: string };
      };
      const range = manifest.engines?.node;
      // npm checks only packages the lock file installs (not nested fixtures inside packages)
      if (!lock.packages[path.slice(root.length + 1)]) continue;
      checked++;
      if (typeof range !== 'string' || !semver.validRange(range)) continue;
      if (!semver.satisfies(minimum, range))
        excluded.push(`${manifest.name}@${manifest.version} needs node ${range}`);
    }
    expect(checked).toBeGreaterThan(100);
    expect(excluded).toEqual([]);
  });

  it('the README and the Dockerfile state the same minimum', () => {
    const major = semver.major(minimum);
    const readme = readFileSync(join(root, 'README.md'), 'utf8');
    const stated = minimum.replace(/\.0$/, '');
    expect(readme).toContain(`Node.js ${stated}+`);
    const dockerfile = readFileSync(join(root, 'docker/Dockerfile'), 'utf8');
    const images = [...dockerfile.matchAll(/^FROM node:(\d+)/gm)].map((m) => Number(m[1]));
    expect(images.length).toBeGreaterThan(0);
    for (const image of images) expect(image).toBe(major);
  });
});
