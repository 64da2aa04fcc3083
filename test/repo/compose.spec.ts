import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';

/**
 * Every process that reads or writes stored files (attachments, import uploads, reports) must see
 * the same files: each compose service with STORAGE_DIR mounts one and the same volume there.
 */
interface Service {
  environment?: Record<string, string> | string[];
  volumes?: (string | { type?: string; source?: string; target?: string })[];
}

const compose = parse(readFileSync(join(__dirname, '..', '..', 'docker/compose.yml'), 'utf8'), {
  merge: true,
}) as { services: Record<string, Service>; volumes?: Record<string, unknown> };

function storageDir(service: Service): string | undefined {
  const env = service.environment;
  if (Array.isArray(env)) {
    const line = env.find((e) => e.startsWith('STORAGE_DIR='));
    return line?.slice('STORAGE_DIR='.length);
  }
  return env?.STORAGE_DIR;
}

function mountAt(service: Service, target: string): string | undefined {
  for (const v of service.volumes ?? []) {
    if (typeof v === 'string') {
      const [source, path] = v.split(':');
      if (path === target) return source;
    } else if (v.target === target) return v.source;
  }
  return undefined;
}

describe('docker/compose.yml', () => {
  const withStorage = Object.entries(compose.services).filter(([, s]) => storageDir(s));

  it('names the services that use stored files', () => {
    expect(withStorage.map(([name]) => name).sort()).toEqual(
      expect.arrayContaining(['api', 'worker']),
    );
  });

  it('every service with STORAGE_DIR mounts the same named volume at that path', () => {
    const mounts = Object.fromEntries(
      withStorage.map(([name, s]) => [name, mountAt(s, storageDir(s)!) ?? '(none)']),
    );
    const volume = mounts.api;
    expect(Object.keys(compose.volumes ?? {})).toContain(volume);
    expect(mounts).toEqual(Object.fromEntries(withStorage.map(([name]) => [name, volume])));
  });
});
