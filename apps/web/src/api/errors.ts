import type { components } from './schema';

/** Every code the API declares (its ErrorResponse.code enum); the console names only these. */
export type ApiErrorCode = components['schemas']['ErrorResponse']['code'];

/** The API's single error shape: { statusCode, code, message, details?, requestId }. */
export interface ApiErrorBody {
  statusCode: number;
  code: string;
  message: string;
  details?: unknown;
  requestId?: string;
}

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details?: unknown,
    readonly requestId?: string,
  ) {
    super(message);
    this.name = 'ApiError';
  }

  static from(status: number, body: unknown): ApiError {
    if (body && typeof body === 'object' && 'code' in body && 'message' in body) {
      const b = body as ApiErrorBody;
      return new ApiError(status, String(b.code), String(b.message), b.details, b.requestId);
    }
    return new ApiError(status, 'NETWORK', status ? `服务器返回 ${status}` : '无法连接服务器');
  }
}

/** One field's errors in the form antd's `form.setFields` takes. */
export interface FieldErrorEntry {
  name: (string | number)[];
  errors: string[];
}

const toPath = (field: string): (string | number)[] =>
  field
    .replace(/\[(\d+)\]/g, '.$1')
    .split('.')
    .filter(Boolean)
    .map((p) => (/^\d+$/.test(p) ? Number(p) : p));

/**
 * The field errors of an API error: VALIDATION_FAILED lists `{ field, messages }` (nested fields
 * as `petitioners.0.idNumber`); a domain error may name one `field` in its details. Fields the
 * form does not have are left to the banner (`knownFields` filters them when given).
 */
export function fieldErrorsOf(error: unknown, knownFields?: readonly string[]): FieldErrorEntry[] {
  if (!(error instanceof ApiError) || error.details == null) return [];
  const entries: FieldErrorEntry[] = [];
  const details = error.details;
  if (Array.isArray(details)) {
    for (const d of details as { field?: unknown; messages?: unknown }[]) {
      if (typeof d?.field !== 'string') continue;
      const messages = Array.isArray(d.messages) ? d.messages.map(String) : [error.message];
      entries.push({ name: toPath(d.field), errors: messages });
    }
  } else if (
    typeof details === 'object' &&
    typeof (details as { field?: unknown }).field === 'string'
  ) {
    entries.push({ name: toPath((details as { field: string }).field), errors: [error.message] });
  }
  if (!knownFields) return entries;
  return entries.filter((e) => knownFields.includes(String(e.name[0])));
}

/** The sentence a person reads for an error: the API's Chinese message and its code. */
export function describeError(error: unknown): string {
  if (error instanceof ApiError) return `${error.message}（${error.code}）`;
  if (error instanceof Error) return error.message;
  return String(error);
}

/** The codes the console acts on by name (a test checks each is one the API declares). */
export const HANDLED_ERROR_CODES = ['STALE_VERSION'] as const satisfies readonly ApiErrorCode[];

export const isStaleVersion = (error: unknown): boolean =>
  error instanceof ApiError && error.code === ('STALE_VERSION' satisfies ApiErrorCode);
