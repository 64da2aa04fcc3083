import { checkPasswordStrength, hashPassword, isCommonPassword, verifyPassword } from './password';

describe('passwords', () => {
  it('hashes with argon2id and verifies only the right password', async () => {
    const hash = await hashPassword('Correct-Horse-42');
    expect(hash).toMatch(/^\$argon2id\$/);
    expect(hash).not.toContain('Correct-Horse-42');
    await expect(verifyPassword(hash, 'Correct-Horse-42')).resolves.toBe(true);
    await expect(verifyPassword(hash, 'correct-horse-42')).resolves.toBe(false);
    await expect(verifyPassword('not-a-hash', 'x')).resolves.toBe(false);
  });

  it.each(['short1', 'onlyletterslongenough', '123456789012345', 'a1'.repeat(65)])(
    'refuses the weak password %s',
    (p) =>
      expect(() => checkPasswordStrength(p)).toThrow(
        expect.objectContaining({ code: 'WEAK_PASSWORD' }),
      ),
  );

  it.each([
    'password1234',
    'Password12345',
    'QWERTY123456',
    '1q2w3e4r5t6y',
    'Woaini1314520',
    'P@ssw0rd2024!',
    '2024!Iloveyou',
    'zxcvbnm12345',
  ])('refuses the common password %s and its decorated forms', (p) => {
    expect(isCommonPassword(p)).toBe(true);
    expect(() => checkPasswordStrength(p)).toThrow(
      expect.objectContaining({ code: 'WEAK_PASSWORD', message: expect.stringContaining('常见') }),
    );
  });

  it('refuses a password containing the username, in any letter case', () => {
    expect(() => checkPasswordStrength('Zhang.Wei-2024-x', 'zhang.wei')).toThrow(
      expect.objectContaining({ message: expect.stringContaining('用户名') }),
    );
    expect(() => checkPasswordStrength('Zhang.Wei-2024-x', 'li.ming')).not.toThrow();
  });

  it.each(['Correct-Horse-42', 'Amber-Kettle-4471', 'Xinfang督办-系统-2026', 'x7Kp2mQ9vL4t'])(
    'accepts the uncommon password %s',
    (p) => expect(() => checkPasswordStrength(p, 'officer.wang')).not.toThrow(),
  );
});
