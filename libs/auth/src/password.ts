import { dictionary } from '@zxcvbn-ts/language-common';
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

/**
 * The 49,000 most common passwords of public breach corpora (zxcvbn's list, with the favourites
 * of Chinese users such as 5201314 and woaini), lower-cased.
 */
let common: Set<string> | undefined;
const commonPasswords = () =>
  (common ??= new Set(dictionary['passwords-common'].map((p) => p.toLowerCase())));

/** A common password with digits and symbols put before or after it is still that password. */
const DECORATION = /^[\p{N}\p{P}\p{S}\s]+|[\p{N}\p{P}\p{S}\s]+$/gu;

export function isCommonPassword(plain: string): boolean {
  const lower = plain.toLowerCase();
  const list = commonPasswords();
  if (list.has(lower)) return true;
  const core = lower.replace(DECORATION, '');
  return core.length > 0 && list.has(core);
}

/**
 * The rule every new password meets: 12 to 128 characters with letters and digits, not a common
 * password (nor one with digits or symbols around it: `Password2024!`), and not containing the
 * username in any letter case.
 */
export function checkPasswordStrength(plain: string, username?: string): void {
  if (plain.length < 12) throw weakPassword('至少 12 个字符');
  if (plain.length > 128) throw weakPassword('最多 128 个字符');
  if (!/[A-Za-z]/.test(plain) || !/\d/.test(plain)) throw weakPassword('须同时包含字母和数字');
  if (isCommonPassword(plain)) throw weakPassword('不能使用常见密码或其简单变形');
  if (username && plain.toLowerCase().includes(username.toLowerCase()))
    throw weakPassword('不能包含用户名');
}
