/**
 * What kind of failure an error is. Libraries speak in kinds; the API's filter alone turns a kind
 * into an HTTP status, so no library knows about HTTP.
 */
export type ErrorKind =
  | 'invalid'
  | 'unauthenticated'
  | 'forbidden'
  | 'not_found'
  | 'conflict'
  | 'locked'
  | 'rate_limited'
  | 'too_large'
  | 'unsupported'
  | 'unavailable';

export const ERROR_KIND_STATUS: Record<ErrorKind, number> = {
  invalid: 400,
  unauthenticated: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  too_large: 413,
  unsupported: 415,
  locked: 423,
  rate_limited: 429,
  unavailable: 503,
};

/** A failure the caller can act on: a stable string code, a message for people, and details. */
export class DomainError extends Error {
  constructor(
    readonly kind: ErrorKind,
    readonly code: string,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
    this.name = 'DomainError';
  }
}

/**
 * The error constructor of one lib's errors file: it takes only the codes the lib declares (its
 * `…_ERROR_CODES` list), so a new code is declared once, in that list.
 */
export const errorFactory =
  <C extends string>() =>
  (kind: ErrorKind, code: C, message: string, details?: unknown): DomainError =>
    new DomainError(kind, code, message, details);

/** The 409 code of an action a status does not allow: INVALID_TRANSITION_FROM_<STATUS>. */
export type TransitionErrorCode<S extends string> = `INVALID_TRANSITION_FROM_${Uppercase<S>}`;

export const transitionErrorCodes = <S extends string>(
  statuses: readonly S[],
): TransitionErrorCode<S>[] =>
  statuses.map((s) => `INVALID_TRANSITION_FROM_${s.toUpperCase()}` as TransitionErrorCode<S>);

/** The 409 of an action `subject` (信访件, 督办函) cannot take in its current status. */
export const invalidTransition = <S extends string, A extends string>(
  subject: string,
  transition: { current: S; label: string; action: A; allowedFrom: readonly S[] },
): DomainError =>
  new DomainError(
    'conflict',
    transitionErrorCodes([transition.current])[0],
    `${subject}当前状态为「${transition.label}」，不能执行此操作`,
    { status: transition.current, action: transition.action, allowedFrom: transition.allowedFrom },
  );
