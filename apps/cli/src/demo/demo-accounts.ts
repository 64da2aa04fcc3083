import type { INestApplicationContext } from '@nestjs/common';
import { ROLE_LABELS, UsersRepository, UsersService, type Role } from '@app/auth';
import { UnitsService } from '@app/units';
import { generatePassword, printBox } from '../admin';
import { DEMO_UNITS } from './demo-2022-data';

/** One sign-in per role, so a newcomer can try every screen (admin is the first admin). */
export const DEMO_ACCOUNTS: { username: string; role: Exclude<Role, 'admin'>; name: string }[] = [
  { username: 'demo-reception', role: 'reception', name: '演示接访登记员' },
  { username: 'demo-officer', role: 'officer', name: '演示承办人' },
  { username: 'demo-supervisor', role: 'supervisor', name: '演示督查员' },
  { username: 'demo-unit', role: 'unit_handler', name: '演示责任单位经办人' },
  { username: 'demo-leader', role: 'leader', name: '演示领导' },
  { username: 'demo-finance', role: 'finance', name: '演示财务人员' },
];

export interface DemoAccount {
  username: string;
  role: Role;
  /** Only for an account created now: shown once, never stored in clear. */
  password: string | null;
}

/**
 * Creates the demo accounts that do not exist yet, each with its own random password (never a
 * fixed one), and prints them once in a box. Accounts created earlier keep their password.
 */
export async function ensureDemoAccounts(app: INestApplicationContext): Promise<DemoAccount[]> {
  const users = app.get(UsersService);
  const known = app.get(UsersRepository);
  const unit = (await app.get(UnitsService).list()).find((u) => u.code === DEMO_UNITS[0].code);
  const out: DemoAccount[] = [];
  for (const a of DEMO_ACCOUNTS) {
    if (await known.findByUsername(a.username)) {
      out.push({ username: a.username, role: a.role, password: null });
      continue;
    }
    const password = generatePassword();
    await users.create({
      username: a.username,
      displayName: a.name,
      password,
      role: a.role,
      ...(a.role === 'unit_handler' ? { unitId: Number(unit!.id) } : {}),
    });
    out.push({ username: a.username, role: a.role, password });
  }
  const fresh = out.filter((a) => a.password);
  if (fresh.length > 0) {
    printBox('演示账号 / demo accounts', [
      ...fresh.map(
        (a) =>
          `  ${ROLE_LABELS[a.role]} ${a.role}${a.role === 'unit_handler' ? ` (${DEMO_UNITS[0].name})` : ''}: ${a.username} / ${a.password}`,
      ),
      '  首次登录须先修改密码 / the first sign-in asks for a new password.',
      '  These passwords are shown only once; an admin resets one with',
      '  POST /api/v1/users/{id}/reset-password.',
    ]);
  } else {
    process.stdout.write(
      `演示账号已存在 / demo accounts exist: ${out.map((a) => a.username).join(', ')} ` +
        '(passwords were shown when they were created)\n',
    );
  }
  return out;
}
