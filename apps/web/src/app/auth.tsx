import {
  createContext,
  type ReactNode,
  useCallback,
  useContext,
  useEffect,
  useMemo,
  useSyncExternalStore,
} from 'react';
import { Navigate, useLocation, useNavigate } from 'react-router';
import { api, unwrap } from '../api/client';
import {
  onSessionChange,
  readSession,
  type Session,
  type SessionUser,
  writeSession,
} from '../api/session';
import type { Role } from '../lib/dictionary';
import PasswordPage from '../pages/sign-in/password-page';

interface AuthValue {
  user: (SessionUser & { role: Role }) | null;
  signIn: (username: string, password: string) => Promise<SessionUser>;
  signOut: () => Promise<void>;
}

const AuthContext = createContext<AuthValue | null>(null);

let cached: { raw: string | null; session: Session | null } = { raw: null, session: null };
const snapshot = (): Session | null => {
  const raw = localStorage.getItem('petitions.session');
  if (raw !== cached.raw) cached = { raw, session: readSession() };
  return cached.session;
};
const subscribe = (cb: () => void) => {
  const off = onSessionChange(cb);
  window.addEventListener('storage', cb);
  return () => {
    off();
    window.removeEventListener('storage', cb);
  };
};

/** Where a lost session sends the user: sign-in, then back to the page they were on. */
export const signInPath = (from: string) =>
  from && from !== '/' && !from.startsWith('/sign-in')
    ? `/sign-in?next=${encodeURIComponent(from)}`
    : '/sign-in';

export function AuthProvider({ children }: { children: ReactNode }) {
  const session = useSyncExternalStore(subscribe, snapshot);
  const navigate = useNavigate();
  const location = useLocation();

  useEffect(
    () =>
      onSessionChange((s) => {
        if (!s && !window.location.pathname.startsWith('/sign-in')) {
          void navigate(signInPath(window.location.pathname + window.location.search), {
            replace: true,
          });
        }
      }),
    [navigate],
  );
  void location;

  const signIn = useCallback(async (username: string, password: string) => {
    const pair = unwrap(await api.POST('/api/v1/auth/login', { body: { username, password } }));
    writeSession({
      accessToken: pair.accessToken,
      refreshToken: pair.refreshToken,
      user: pair.user,
    });
    return pair.user;
  }, []);

  const signOut = useCallback(async () => {
    const current = readSession();
    if (current) {
      await api.POST('/api/v1/auth/logout', { body: {} }).catch(() => undefined);
    }
    writeSession(null);
  }, []);

  const value = useMemo<AuthValue>(
    () => ({ user: (session?.user as AuthValue['user']) ?? null, signIn, signOut }),
    [session, signIn, signOut],
  );
  return <AuthContext.Provider value={value}>{children}</AuthContext.Provider>;
}

export function useAuth(): AuthValue {
  const v = useContext(AuthContext);
  if (!v) throw new Error('useAuth outside AuthProvider');
  return v;
}

/** The signed-in user (inside RequireAuth). */
export function useUser(): NonNullable<AuthValue['user']> {
  const { user } = useAuth();
  if (!user) throw new Error('useUser without a session');
  return user;
}

export function RequireAuth({ children }: { children: ReactNode }) {
  const { user } = useAuth();
  const location = useLocation();
  if (!user) return <Navigate to={signInPath(location.pathname + location.search)} replace />;
  // The API answers nothing else until then; the page they were heading for follows the change.
  if (user.mustChangePassword)
    return (
      <div
        style={{ minHeight: '100vh', display: 'grid', placeItems: 'center', background: '#f5f5f5' }}
      >
        <PasswordPage first />
      </div>
    );
  return <>{children}</>;
}
