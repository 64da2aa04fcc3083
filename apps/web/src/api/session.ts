/**
 * The signed-in session, kept in localStorage so that a case opened in a second tab is signed in
 * too. Refresh tokens are single-use: tabs refresh one at a time (Web Locks) and a tab that waited
 * uses the pair the other tab stored instead of spending the old token again.
 */
export interface SessionUser {
  id: number;
  username: string;
  role: string;
  unitId: number | null;
  /** The password was given by an administrator: the console asks for a new one first. */
  mustChangePassword?: boolean;
}

export interface Session {
  accessToken: string;
  refreshToken: string;
  user: SessionUser;
}

const KEY = 'petitions.session';
const listeners = new Set<(s: Session | null) => void>();

export function readSession(): Session | null {
  try {
    const raw = localStorage.getItem(KEY);
    return raw ? (JSON.parse(raw) as Session) : null;
  } catch {
    return null;
  }
}

export function writeSession(session: Session | null): void {
  if (session) localStorage.setItem(KEY, JSON.stringify(session));
  else localStorage.removeItem(KEY);
  for (const l of listeners) l(session);
}

export function onSessionChange(listener: (s: Session | null) => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

interface TokenPair {
  accessToken: string;
  refreshToken: string;
  user: SessionUser;
}

/** Exchanges the refresh token once for a new pair; null when the session is gone. */
export async function refreshSession(
  staleAccessToken: string | undefined,
): Promise<Session | null> {
  const run = async (): Promise<Session | null> => {
    const current = readSession();
    if (!current) return null;
    // Another tab refreshed while this one waited for the lock.
    if (staleAccessToken && current.accessToken !== staleAccessToken) return current;
    const res = await fetch('/api/v1/auth/refresh', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ refreshToken: current.refreshToken }),
    });
    if (!res.ok) {
      writeSession(null);
      return null;
    }
    const pair = (await res.json()) as TokenPair;
    const next = {
      accessToken: pair.accessToken,
      refreshToken: pair.refreshToken,
      user: pair.user,
    };
    writeSession(next);
    return next;
  };
  const locks = typeof navigator !== 'undefined' ? navigator.locks : undefined;
  return locks ? locks.request('petitions.refresh', run) : run();
}
