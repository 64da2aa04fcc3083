#!/usr/bin/env node
// `npm test` runs this first (pretest): the browser tests drive the built API and console, so a
// developer's `npm test` builds them when dist/ is missing or older than the sources. CI has just
// built (.ci/run), so there it does nothing.
const { execSync } = require('node:child_process');
const { existsSync, readdirSync, statSync } = require('node:fs');
const { join } = require('node:path');

const root = join(__dirname, '..');
const outputs = [
  'dist/apps/api/apps/api/src/main.js',
  'dist/apps/cli/apps/cli/src/main.js',
  ...(existsSync(join(root, 'apps/web')) ? ['dist/web/index.html'] : []),
].map((p) => join(root, p));

function newest(dir) {
  let latest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.name === 'node_modules' || entry.name.startsWith('.')) continue;
    const path = join(dir, entry.name);
    if (entry.isDirectory()) latest = Math.max(latest, newest(path));
    else if (!/\.(spec|e2e-spec)\.tsx?$/.test(entry.name))
      latest = Math.max(latest, statSync(path).mtimeMs);
  }
  return latest;
}

const missing = outputs.filter((p) => !existsSync(p));
const sources = Math.max(
  newest(join(root, 'apps')),
  newest(join(root, 'libs')),
  statSync(join(root, 'package-lock.json')).mtimeMs,
);
const stale = missing.length === 0 && outputs.some((p) => statSync(p).mtimeMs < sources);
if (missing.length || stale) {
  process.stdout.write(
    `[pretest] ${missing.length ? 'no build yet' : 'the build is older than the sources'}: npm run build\n`,
  );
  execSync('npm run build', { cwd: root, stdio: 'inherit' });
}
