import createClient from 'openapi-fetch';
import { ApiError } from './errors';
import type { paths } from './schema';
import { readSession, refreshSession } from './session';

const withToken = (request: Request, token: string | undefined): Request => {
  const r = new Request(request);
  if (token) r.headers.set('authorization', `Bearer ${token}`);
  return r;
};

/**
 * fetch with the session's access token; on a 401 it refreshes once and retries. When the
 * session cannot be refreshed it is cleared, and the app returns to sign-in (see AuthProvider).
 */
export async function authFetch(request: Request): Promise<Response> {
  const token = readSession()?.accessToken;
  const retry = request.clone();
  const response = await fetch(withToken(request, token));
  if (response.status !== 401 || !token || request.url.includes('/auth/login')) return response;
  const next = await refreshSession(token);
  if (!next) return response;
  return fetch(withToken(retry, next.accessToken));
}

/** The typed client: every path, parameter and body is checked against the API's document. */
export const api = createClient<paths>({
  baseUrl: '',
  fetch: authFetch,
  // The API takes lists as one comma-separated value (status=accepted,answered).
  querySerializer: { array: { style: 'form', explode: false } },
});

/** The data of an openapi-fetch result, or the API's error thrown as an ApiError. */
export function unwrap<T>(result: { data?: T; error?: unknown; response: Response }): T {
  if (result.error !== undefined || !result.response.ok) {
    throw ApiError.from(result.response.status, result.error);
  }
  return result.data as T;
}

/** For the routes whose response the document does not describe (files, untyped lists). */
export async function apiRequest<T>(
  method: string,
  url: string,
  init: { body?: unknown; headers?: Record<string, string> } = {},
): Promise<T> {
  const headers: Record<string, string> = { ...init.headers };
  let body: BodyInit | undefined;
  if (init.body instanceof FormData) body = init.body;
  else if (init.body !== undefined) {
    body = JSON.stringify(init.body);
    headers['content-type'] = 'application/json';
  }
  const res = await authFetch(new Request(url, { method, headers, body }));
  if (!res.ok) {
    let parsed: unknown;
    try {
      parsed = await res.json();
    } catch {
      parsed = undefined;
    }
    throw ApiError.from(res.status, parsed);
  }
  if (res.status === 204) return undefined as T;
  const type = res.headers.get('content-type') ?? '';
  return (type.includes('json') ? await res.json() : await res.blob()) as T;
}
