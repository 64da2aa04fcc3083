import { randomBytes } from 'node:crypto';
import { BENCH } from './config';
import { runCommand } from './processes';
import type { BenchRole } from './types';

/** 12+ characters with letters and digits (the app's password rule). */
const newPassword = () => `Bench${randomBytes(12).toString('hex')}9`;

export async function api<T>(
  baseUrl: string,
  method: string,
  path: string,
  options: { token?: string; body?: unknown } = {},
): Promise<{ status: number; body: T }> {
  const res = await fetch(`${baseUrl}${path}`, {
    method,
    headers: {
      ...(options.token ? { authorization: `Bearer ${options.token}` } : {}),
      ...(options.body !== undefined ? { 'content-type': 'application/json' } : {}),
    },
    body: options.body !== undefined ? JSON.stringify(options.body) : undefined,
  });
  const text = await res.text();
  return { status: res.status, body: (text ? JSON.parse(text) : null) as T };
}

/**
 * The bench's accounts: an admin made by the app's own CLI (`admin <username>`), and users of
 * other roles created by that admin through `POST /api/v1/users`, each signed in once per run.
 */
export class Accounts {
  private adminToken: string | null = null;
  private readonly tokens = new Map<string, string>();

  constructor(
    private readonly baseUrl: string,
    private readonly env: NodeJS.ProcessEnv,
  ) {}

  private async login(username: string, password: string): Promise<string> {
    const res = await api<{ accessToken: string; user: { mustChangePassword: boolean } }>(
      this.baseUrl,
      'POST',
      '/api/v1/auth/login',
      { body: { username, password } },
    );
    if (res.status !== 200)
      throw new Error(`login ${username}: ${res.status} ${JSON.stringify(res.body)}`);
    if (!res.body.user.mustChangePassword) return res.body.accessToken;
    // A password an admin gave (the CLI's, a new user's) only lets its holder choose their own
    // (403 PASSWORD_CHANGE_REQUIRED elsewhere); the change ends the session: sign in again.
    const chosen = newPassword();
    const changed = await api(this.baseUrl, 'POST', '/api/v1/auth/password', {
      token: res.body.accessToken,
      body: { currentPassword: password, newPassword: chosen },
    });
    if (changed.status !== 204)
      throw new Error(`password of ${username}: ${changed.status} ${JSON.stringify(changed.body)}`);
    return this.login(username, chosen);
  }

  private async admin(): Promise<string> {
    if (this.adminToken) return this.adminToken;
    const password = newPassword();
    await runCommand(process.execPath, [BENCH.cliMain, 'admin', 'bench-admin'], {
      env: { ...this.env, ADMIN_PASSWORD: password },
      cwd: BENCH.workDir,
      capture: true,
    });
    this.adminToken = await this.login('bench-admin', password);
    return this.adminToken;
  }

  async tokenFor(role: BenchRole, unitId?: number): Promise<string> {
    const username = `bench-${role.replace('_', '-')}${unitId ? `-u${unitId}` : ''}`;
    const cached = this.tokens.get(username);
    if (cached) return cached;
    const admin = await this.admin();
    const password = newPassword();
    const created = await api<{ id: number; code?: string }>(
      this.baseUrl,
      'POST',
      '/api/v1/users',
      {
        token: admin,
        body: {
          username,
          displayName: `压测${role}`,
          password,
          role,
          unitId: unitId ?? null,
        },
      },
    );
    if (created.status === 409) {
      const list = await api<{ id: number; username: string }[]>(
        this.baseUrl,
        'GET',
        `/api/v1/users?role=${role}`,
        { token: admin },
      );
      const user = list.body.find((u) => u.username === username);
      if (!user) throw new Error(`user ${username} exists but was not listed`);
      const reset = await api(this.baseUrl, 'POST', `/api/v1/users/${user.id}/reset-password`, {
        token: admin,
        body: { newPassword: password },
      });
      if (reset.status !== 204) throw new Error(`reset ${username}: ${JSON.stringify(reset.body)}`);
    } else if (created.status !== 201) {
      throw new Error(`create ${username}: ${created.status} ${JSON.stringify(created.body)}`);
    }
    const token = await this.login(username, password);
    this.tokens.set(username, token);
    return token;
  }
}
