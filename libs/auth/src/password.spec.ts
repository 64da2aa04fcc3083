import { checkPasswordStrength, hashPassword, verifyPassword } from './password';

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

  it('accepts 12+ characters with letters and digits', () => {
    expect(() => checkPasswordStrength('abcdefghij12')).not.toThrow();
  });
});
