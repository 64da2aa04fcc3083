import { randomUUID } from 'node:crypto';
import type { INestApplicationContext } from '@nestjs/common';
import { type Role, UsersService } from '@app/auth';
import { type UnitEntity, type UnitKind, UnitsService } from '@app/units';

export const TEST_PASSWORD = 'Correct-Horse-42';

let seq = 0;
const next = () => `${Date.now().toString(36)}${(seq++).toString(36)}`;

export async function makeUnit(
  app: INestApplicationContext,
  overrides: Partial<{ code: string; name: string; kind: UnitKind }> = {},
): Promise<UnitEntity> {
  const n = next();
  return app.get(UnitsService).create({
    code: overrides.code ?? `U-${n}`,
    name: overrides.name ?? `测试单位${n}`,
    kind: overrides.kind ?? 'district_unit',
    level: 'district',
  });
}

export async function makeUser(
  app: INestApplicationContext,
  role: Role,
  overrides: Partial<{ username: string; unitId: number | null; password: string }> = {},
) {
  const unitId =
    overrides.unitId !== undefined
      ? overrides.unitId
      : role === 'unit_handler'
        ? (await makeUnit(app)).id
        : null;
  const password = overrides.password ?? TEST_PASSWORD;
  const user = await app.get(UsersService).create({
    username: overrides.username ?? `${role}-${randomUUID().slice(0, 8)}`,
    displayName: `测试${role}`,
    password,
    role,
    unitId,
    // The test kit's accounts stand for people who chose their password already; the first
    // sign-in's password change has its own tests (test/first-password.e2e-spec.ts).
    mustChangePassword: false,
  });
  return { user, password };
}
