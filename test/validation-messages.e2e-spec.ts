import { getMetadataStorage } from 'class-validator';
import { hasValidationTemplate } from '@app/core';
import { createTestApp, expectError, type TestApp } from './support/test-app';

/**
 * Users read Chinese: every field's message names the field in Chinese and says what is wrong;
 * the field path and the constraint codes stay for programs.
 */
interface FieldJson {
  field: string;
  codes: string[];
  messages: string[];
}

describe('validation messages in Chinese (e2e)', () => {
  let t: TestApp;
  let admin: string;
  let officer: string;

  beforeAll(async () => {
    t = await createTestApp();
    admin = (await t.tokenFor('admin')).token;
    officer = (await t.tokenFor('officer')).token;
  });
  afterAll(() => t.close());

  const bad: [string, 'GET' | 'POST', string, () => string, unknown?][] = [
    [
      'wrong types',
      'POST',
      '/api/v1/units',
      () => admin,
      { code: 42, name: ['x'], kind: 'ministry', level: 'district' },
    ],
    [
      'an unknown field',
      'POST',
      '/api/v1/units',
      () => admin,
      { code: 'U1', name: '某局', kind: 'district_unit', level: 'district', isAdmin: true },
    ],
    [
      'a user',
      'POST',
      '/api/v1/users',
      () => admin,
      { username: 'x', displayName: '', password: 5, role: 'king', unitId: 'abc' },
    ],
    [
      'a case with a bad petitioner',
      'POST',
      '/api/v1/cases',
      () => officer,
      {
        channel: 'pigeon',
        title: 'x'.repeat(500),
        personCount: -1,
        petitioners: [{ kind: 'person', name: 7 }],
      },
    ],
    ['a bad query', 'GET', '/api/v1/cases?limit=abc&overdue=maybe', () => officer, undefined],
  ];

  it.each(bad)(
    '%s: every message is Chinese, with its field path and codes',
    async (_what, method, url, token, body) => {
      const res = await t.request(
        method,
        url,
        body ? { token: token(), body } : { token: token() },
      );
      const err = expectError(res, 400, 'VALIDATION_FAILED');
      const fields = err.details as FieldJson[];
      expect(fields.length).toBeGreaterThan(0);
      for (const f of fields) {
        expect(f.field).toMatch(/^[A-Za-z0-9.]+$/);
        expect(f.codes.length).toBe(f.messages.length);
        for (const m of f.messages)
          expect([f.field, m]).toEqual([f.field, expect.stringMatching(/[\u3400-\u9fff]/)]);
      }
    },
  );

  it('names the field and says what is wrong', async () => {
    const res = await t.request('POST', '/api/v1/cases', {
      token: officer,
      body: {
        channel: 'pigeon',
        title: 'x'.repeat(500),
        petitioners: [{ kind: 'person', name: 7 }],
      },
    });
    const fields = expectError(res, 400, 'VALIDATION_FAILED').details as FieldJson[];
    const by = Object.fromEntries(fields.map((f) => [f.field, f]));
    expect(by.title.codes).toContain('maxLength');
    expect(by.title.messages.join()).toMatch(/^标题最多 \d+ 个字符/);
    expect(by.channel.messages.join()).toMatch(/^信访形式须为以下之一：/);
    expect(by['petitioners.0.name'].messages.join()).toMatch(/^第 1 个信访人的/);
  });

  it('every rule a DTO of the app uses says in Chinese what is wrong, not only 「…的值不正确」', () => {
    const storage = getMetadataStorage() as unknown as {
      validationMetadatas: Map<object, { name?: string; type: string }[]>;
    };
    const used = new Set<string>();
    for (const rules of storage.validationMetadatas.values())
      for (const r of rules) used.add(r.name ?? r.type);
    used.delete('conditionalValidation'); // @IsOptional / ValidateIf: never a failure
    used.delete('isOptional');
    used.delete('nestedValidation');
    expect(used.size).toBeGreaterThan(10);
    expect([...used].filter((code) => !hasValidationTemplate(code)).sort()).toEqual([]);
  });

  it('a date-time that does not exist says what a date-time must be', async () => {
    const res = await t.request('GET', '/api/v1/cases?registeredFrom=2022-02-30', {
      token: officer,
    });
    const [f] = expectError(res, 400, 'VALIDATION_FAILED').details as FieldJson[];
    expect(f).toMatchObject({ field: 'registeredFrom', codes: ['isDateTime'] });
    expect(f.messages[0]).toMatch(/^登记开始日期须为真实存在的日期时间并带时区/);
  });
});
