import { useCallback, useState } from 'react';

/** The API accepts 8-100 letters, digits and `_ . : -`. */
export const IDEMPOTENCY_KEY = /^[A-Za-z0-9_.:-]{8,100}$/;

/**
 * A random key. getRandomValues works on a plain-http office address, where randomUUID (secure
 * contexts only) does not.
 */
export function newIdempotencyKey(): string {
  const bytes = new Uint8Array(16);
  crypto.getRandomValues(bytes);
  return `web-${Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('')}`;
}

/**
 * One key per filled-in form: every submit of the same form (a double click, a retry after a
 * network error) sends it, so the API makes one case. `rotate` starts the next form.
 */
export function useIdempotencyKey(): [string, () => void] {
  const [key, setKey] = useState(newIdempotencyKey);
  const rotate = useCallback(() => setKey(newIdempotencyKey()), []);
  return [key, rotate];
}
