import {
  LETTER_ACTIONS,
  LETTER_STATUSES,
  LETTER_TRANSITIONS,
  nextLetterStatus,
} from './supervision-vocabulary';

describe('supervision letter transitions', () => {
  it.each([
    ['issued', 'receive', 'received'],
    ['received', 'reply', 'replied'],
    ['issued', 'reply', 'replied'],
    ['replied', 'return', 'returned'],
    ['returned', 'reply', 'replied'],
    ['replied', 'accept', 'accepted'],
    ['received', 'chase', 'received'],
    ['replied', 'escalate', 'replied'],
    ['received', 'void', 'voided'],
  ] as const)('%s --%s--> %s', (from, action, to) => {
    expect(nextLetterStatus(from, action)).toBe(to);
  });

  it.each([
    ['accepted', 'reply'],
    ['voided', 'receive'],
    ['voided', 'void'],
    ['issued', 'accept'],
    ['received', 'return'],
    ['accepted', 'chase'],
  ] as const)('refuses %s --%s--> with a 409 naming the status', (from, action) => {
    expect(() => nextLetterStatus(from, action)).toThrow(
      expect.objectContaining({ code: `INVALID_TRANSITION_FROM_${from.toUpperCase()}` }),
    );
  });

  it('a voided or accepted letter is final', () => {
    for (const s of ['voided', 'accepted'] as const) {
      expect(LETTER_ACTIONS.filter((a) => LETTER_TRANSITIONS[a].from.includes(s))).toEqual([]);
    }
    for (const a of LETTER_ACTIONS)
      for (const s of LETTER_TRANSITIONS[a].from) expect(LETTER_STATUSES).toContain(s);
  });
});
