import { validateEnv } from '../config/env.schema';
import { AppConfig } from '../config/app-config';
import { mask, PersonalDataCipher } from './personal-data';

const key = (n: number) => Buffer.alloc(32, n).toString('base64');
const cipherWith = (env: Record<string, string>) =>
  new PersonalDataCipher(
    new AppConfig(
      validateEnv({
        JWT_SECRET: 'x'.repeat(40),
        PII_ENCRYPTION_KEY: key(1),
        PII_INDEX_KEY: key(2),
        ...env,
      }),
    ),
  );

describe('PersonalDataCipher', () => {
  const cipher = cipherWith({});

  it('round-trips, never stores the plain text, and differs each time (random IV)', () => {
    const a = cipher.encrypt('440103199001011234');
    const b = cipher.encrypt('440103199001011234');
    expect(a).not.toContain('440103199001011234');
    expect(a).not.toBe(b);
    expect(a.startsWith('k1.')).toBe(true);
    expect(cipher.decrypt(a)).toBe('440103199001011234');
    expect(cipher.decrypt(cipher.encrypt('广州市荔湾区某路1号'))).toBe('广州市荔湾区某路1号');
  });

  it('detects tampering', () => {
    const stored = cipher.encrypt('13800138000');
    const parts = stored.split('.');
    parts[3] = Buffer.from('13900139000').toString('base64url');
    expect(() => cipher.decrypt(parts.join('.'))).toThrow();
  });

  it('reads values written under a retired key after rotation, and marks them stale', () => {
    const old = cipherWith({ PII_KEY_ID: 'k0', PII_ENCRYPTION_KEY: key(5) });
    const stored = old.encrypt('13800138000');
    const rotated = cipherWith({
      PII_KEY_ID: 'k1',
      PII_ENCRYPTION_KEY: key(6),
      PII_PREVIOUS_KEYS: `k0:${key(5)}`,
    });
    expect(rotated.decrypt(stored)).toBe('13800138000');
    expect(rotated.isStale(stored)).toBe(true);
    expect(rotated.isStale(rotated.encrypt('x'))).toBe(false);
    expect(() => cipherWith({ PII_ENCRYPTION_KEY: key(6) }).decrypt(stored)).toThrow(/k0/);
  });

  it('blind indexes match across formatting and differ across kinds and keys', () => {
    expect(cipher.blindIndex('idNumber', '44010319900101123x')).toBe(
      cipher.blindIndex('idNumber', ' 44010319900101123X '),
    );
    expect(cipher.blindIndex('phone', '+86 138-0013-8000')).toBe(
      cipher.blindIndex('phone', '13800138000'),
    );
    expect(cipher.blindIndex('phone', '13800138000')).not.toBe(
      cipher.blindIndex('idNumber', '13800138000'),
    );
    expect(cipherWith({ PII_INDEX_KEY: key(3) }).blindIndex('phone', '13800138000')).not.toBe(
      cipher.blindIndex('phone', '13800138000'),
    );
    expect(cipher.blindIndex('phone', '13800138000')).toMatch(/^[0-9a-f]{64}$/);
  });

  it('indexes a full name as typed at any counter, and only the whole name', () => {
    const name = cipher.blindIndex('name', '张三');
    expect(cipher.blindIndex('name', '\u3000张三 ')).toBe(name);
    expect(cipher.blindIndex('name', 'Ｚｈａｎｇ　Ｓａｎ')).toBe(
      cipher.blindIndex('name', 'Zhang San'),
    );
    expect(cipher.blindIndex('name', 'Zhang   San')).toBe(cipher.blindIndex('name', 'Zhang San'));
    expect(cipher.blindIndex('name', '张')).not.toBe(name);
    expect(cipher.blindIndex('name', '张三丰')).not.toBe(name);
  });
});

describe('mask', () => {
  it.each([
    ['idNumber', '440103199001011234', '4401**********1234'],
    ['idNumber', '44010319900101123x', '4401**********123X'],
    ['phone', '13800138000', '138****8000'],
    ['phone', '020-81234567', '020****4567'],
    ['address', '广州市荔湾区中山八路1号', '广州市荔湾区****'],
    ['address', '某村', '某****'],
  ] as const)('%s %s → %s', (kind, value, masked) => {
    expect(mask(kind, value)).toBe(masked);
  });
});
