import { randomInt } from 'node:crypto';
import type { INestApplicationContext } from '@nestjs/common';
import { UsersRepository, UsersService } from '@app/auth';
import { AppConfig } from '@app/core';
import { UnitsService } from '@app/units';

const ALPHABET = 'ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789';

/** A random 20-character password with letters and digits (meets the password rule). */
export function generatePassword(): string {
  for (;;) {
    const p = Array.from({ length: 20 }, () => ALPHABET[randomInt(ALPHABET.length)]).join('');
    if (/\d/.test(p) && /[A-Za-z]/.test(p)) return p;
  }
}

/** The bureau itself is a unit; later capabilities route cases from it. */
export async function ensureBureauUnit(app: INestApplicationContext): Promise<void> {
  const units = app.get(UnitsService);
  if ((await units.list({ kind: 'bureau' })).length > 0) return;
  await units.create({
    code: 'BUREAU',
    name: app.get(AppConfig).bureau.name,
    kind: 'bureau',
    level: 'district',
  });
}

/**
 * Creates the first administrator when none is active. The password comes from
 * INITIAL_ADMIN_PASSWORD, or is generated and printed once: no default password ships.
 */
export async function ensureFirstAdmin(app: INestApplicationContext): Promise<string | null> {
  const users = app.get(UsersService);
  if (await users.hasActiveAdmin()) {
    const [first] = await users.list({ role: 'admin', active: true });
    const name = first?.username ?? 'admin';
    process.stdout.write(
      `管理员账号 ${name} 已存在 / the administrator exists: ${name} ` +
        `(忘记密码 lost the password? npm run admin -- ${name})\n`,
    );
    return null;
  }
  const { username = 'admin', password } = app.get(AppConfig).initialAdmin;
  return createOrResetAdmin(app, username, password);
}

/** Creates user `username` as an admin, or resets an existing user's password and unlocks it. */
export async function createOrResetAdmin(
  app: INestApplicationContext,
  username: string,
  password?: string,
): Promise<string> {
  const users = app.get(UsersService);
  const chosen = password ?? generatePassword();
  const existing = await app.get(UsersRepository).findByUsername(username);
  if (existing) {
    await users.resetPassword(existing.id, chosen);
    if (existing.role !== 'admin' || !existing.active) {
      await users.update(existing.id, {
        version: existing.version,
        role: 'admin',
        unitId: null,
        active: true,
      });
    }
  } else {
    await users.create({ username, displayName: '系统管理员', password: chosen, role: 'admin' });
  }
  printCredentials(username, password ? null : chosen);
  return chosen;
}

/**
 * A box of sign-ins between two rules of `=`; `npm start` holds such boxes back and prints them
 * after the API and the worker are ready, so they do not scroll away under the start-up log.
 */
export function printBox(title: string, body: string[]): void {
  const rule = `================ ${title} ================`;
  process.stdout.write(['', rule, ...body, '='.repeat(rule.length), ''].join('\n') + '\n');
}

/** Where a newcomer signs in: the console the API serves at `/` (PORT as `npm start` uses it). */
const consoleUrl = () => `http://localhost:${process.env.PORT ?? '3000'}/`;

function printCredentials(username: string, generated: string | null): void {
  printBox('管理员账号 / administrator account', [
    `  用户名 username: ${username}`,
    generated
      ? `  初始密码 password: ${generated}`
      : '  密码 password: (from INITIAL_ADMIN_PASSWORD / ADMIN_PASSWORD)',
    `  登录控制台 sign in: ${consoleUrl()}（首次登录须先修改密码 / the first sign-in asks for a new password）`,
    '  只显示这一次 shown only once. 忘记了 lost it? npm run admin -- ' + username,
  ]);
}
