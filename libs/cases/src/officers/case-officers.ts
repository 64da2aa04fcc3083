import { HANDLING_OFFICER_ROLES, type UsersRepository } from '@app/auth';
import { officerInvalid } from '../cases.errors';

/**
 * A case's 承办人 must be an active member of the bureau's staff who handles cases: not a unit's
 * handler, and not reception (which registers cases and hands them on).
 */
export async function assertCaseOfficer(users: UsersRepository, userId: number): Promise<void> {
  const user = await users.findById(userId);
  if (!user || !user.active || !HANDLING_OFFICER_ROLES.includes(user.role))
    throw officerInvalid(userId);
}
