import * as argon2 from 'argon2';
import { weakPassword } from './auth.errors';

// OWASP's argon2id baseline (19 MiB, 2 passes); argon2's default of 64 MiB costs ~4x the time.
const OPTIONS = { type: argon2.argon2id, memoryCost: 19_456, timeCost: 2, parallelism: 1 } as const;

export const hashPassword = (plain: string): Promise<string> => argon2.hash(plain, OPTIONS);

export async function verifyPassword(hash: string, plain: string): Promise<boolean> {
  try {
    return await argon2.verify(hash, plain);
  } catch {
    return false;
  }
}

/** The rule every new password meets: 12 to 128 characters with letters and digits. */
export function checkPasswordStrength(plain: string): void {
  if (plain.length < 12) throw weakPassword('至少 12 个字符');
  if (plain.length > 128) throw weakPassword('最多 128 个字符');
  if (!/[A-Za-z]/.test(plain) || !/\d/.test(plain)) throw weakPassword('须同时包含字母和数字');
}
