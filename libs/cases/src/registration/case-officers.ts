import { CASE_OFFICER_ROLES, type UsersRepository } from '@app/auth';
import { officerInvalid } from '../cases.errors';

/** A case's 承办人 must be an active member of the bureau's staff (not a unit's handler). */
export async function assertCaseOfficer(users: UsersRepository, userId: number): Promise<void> {
  const user = await users.findById(userId);
  if (!user || !user.active || !CASE_OFFICER_ROLES.includes(user.role))
    throw officerInvalid(userId);
}
