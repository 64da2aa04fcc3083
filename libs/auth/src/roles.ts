export const ROLES = [
  'reception',
  'officer',
  'supervisor',
  'unit_handler',
  'leader',
  'admin',
  'finance',
] as const;
export type Role = (typeof ROLES)[number];

/** Who may be a case's 承办人: the bureau's own staff, never a unit's handler. */
export const CASE_OFFICER_ROLES: readonly Role[] = ROLES.filter((r) => r !== 'unit_handler');

/**
 * Who does a case's handling work as its 承办人 (and is reminded of it): the bureau's staff but
 * reception, which registers cases and hands them on (a receptionist never becomes 承办人).
 */
export const HANDLING_OFFICER_ROLES: readonly Role[] = CASE_OFFICER_ROLES.filter(
  (r) => r !== 'reception',
);

export const ROLE_LABELS: Record<Role, string> = {
  reception: '接访登记员',
  officer: '承办人',
  supervisor: '督查员',
  unit_handler: '责任单位经办人',
  leader: '领导',
  admin: '系统管理员',
  finance: '财务人员',
};

/** Who is calling: what the access token says, attached to the request by the auth guard. */
export interface AuthUser {
  id: number;
  username: string;
  role: Role;
  unitId: number | null;
  /** The sign-in the access token belongs to (logout ends it). */
  sessionId?: string;
  /** The password was given by an administrator: only changing it (and signing out) is allowed. */
  mustChangePassword?: boolean;
}
