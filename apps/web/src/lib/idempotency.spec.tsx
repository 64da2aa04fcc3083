import { act, renderHook } from '@testing-library/react';
import { IDEMPOTENCY_KEY, newIdempotencyKey, useIdempotencyKey } from './idempotency';

describe('one Idempotency-Key per filled-in form', () => {
  it('keys are what the API accepts, and differ', () => {
    const keys = Array.from({ length: 200 }, newIdempotencyKey);
    for (const k of keys) expect(k).toMatch(IDEMPOTENCY_KEY);
    expect(new Set(keys).size).toBe(200);
  });

  it('the same form keeps its key across renders (a double click sends it twice), the next form gets a new one', () => {
    const { result, rerender } = renderHook(() => useIdempotencyKey());
    const first = result.current[0];
    rerender();
    rerender();
    expect(result.current[0]).toBe(first);
    act(() => result.current[1]());
    expect(result.current[0]).not.toBe(first);
    expect(result.current[0]).toMatch(IDEMPOTENCY_KEY);
  });

  it('two forms open at once have their own keys', () => {
    const a = renderHook(() => useIdempotencyKey());
    const b = renderHook(() => useIdempotencyKey());
    expect(a.result.current[0]).not.toBe(b.result.current[0]);
  });
});
