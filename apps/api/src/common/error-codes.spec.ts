import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { CASE_TRANSITION_ERROR_CODES } from '@app/cases';
import { ERROR_CODES } from './error-codes';

const ROOT = join(__dirname, '../../../..');

const sources = (dir: string): string[] =>
  readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return name === 'node_modules' ? [] : sources(path);
    return /\.tsx?$/.test(name) && !/\.spec\.tsx?$/.test(name) ? [path] : [];
  });

describe('the error codes', () => {
  it('are one sorted list of distinct UPPER_SNAKE codes', () => {
    expect(new Set(ERROR_CODES).size).toBe(ERROR_CODES.length);
    expect([...ERROR_CODES].sort()).toEqual(ERROR_CODES);
    for (const code of ERROR_CODES) expect(code).toMatch(/^[A-Z][A-Z0-9]*(_[A-Z0-9]+)*$/);
    expect(ERROR_CODES).toEqual(expect.arrayContaining(['VALIDATION_FAILED', 'STALE_VERSION']));
    expect(ERROR_CODES).toEqual(expect.arrayContaining(CASE_TRANSITION_ERROR_CODES));
  });

  it('are the OpenAPI ErrorResponse.code enum the console is generated from', () => {
    const openapi = JSON.parse(
      readFileSync(join(ROOT, 'apps/web/src/api/openapi.json'), 'utf8'),
    ) as {
      components: { schemas: { ErrorResponse: { properties: { code: { enum: string[] } } } } };
    };
    expect(openapi.components.schemas.ErrorResponse.properties.code.enum).toEqual(ERROR_CODES);
  });

  it('a DomainError is made only through a declared list (errorFactory), never with a literal code', () => {
    const offenders = ['apps', 'libs']
      .flatMap((d) => sources(join(ROOT, d)))
      .filter((f) => !f.includes('/libs/core/src/errors/'))
      .filter((f) => /new DomainError\(/.test(readFileSync(f, 'utf8')))
      .map((f) => relative(ROOT, f));
    expect(offenders).toEqual([]);
  });
});
