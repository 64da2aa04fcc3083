import type { AuthUser } from '@app/auth';
import type { CaseEntity } from './case.entity';

/** In 检举控告 cases the accuser's identity is never shown to a handling unit (DESIGN §7). */
export function hidesAccuser(
  c: Pick<CaseEntity, 'purpose' | 'confidentialAccuser'>,
  actor: AuthUser,
): boolean {
  return actor.role === 'unit_handler' && (c.purpose === 'accusation' || c.confidentialAccuser);
}
