import {
  CASE_ACTIONS,
  CASE_STATUSES,
  nextStatus,
  TRANSITIONS,
  type CaseAction,
  type CaseStatus,
} from './case-status';

describe('case transitions', () => {
  const allowed: [CaseStatus, CaseAction, CaseStatus][] = [
    ['registered', 'transfer', 'transferred'],
    ['registered', 'assign', 'assigned'],
    ['registered', 'refer', 'referred'],
    ['registered', 'not_accept', 'not_accepted'],
    ['objected', 'transfer', 'transferred'],
    ['transferred', 'accept', 'accepted'],
    ['assigned', 'object', 'objected'],
    ['accepted', 'extend', 'accepted'],
    ['accepted', 'answer', 'answered'],
    ['answered', 'close', 'closed'],
    ['closed', 'evaluate', 'closed'],
    ['assigned', 'accept', 'accepted'],
  ];
  it.each(allowed)('%s --%s--> %s', (from, action, to) => {
    expect(nextStatus(from, action)).toBe(to);
  });

  const forbidden: [CaseStatus, CaseAction][] = [
    ['registered', 'accept'],
    ['registered', 'answer'],
    ['registered', 'close'],
    ['transferred', 'transfer'],
    ['accepted', 'transfer'],
    ['answered', 'extend'],
    ['closed', 'answer'],
    ['closed', 'edit'],
    ['not_accepted', 'transfer'],
    ['referred', 'accept'],
    ['final', 'evaluate'],
    ['objected', 'accept'],
  ];
  it.each(forbidden)('refuses %s --%s--> with 409 naming the current status', (from, action) => {
    expect(() => nextStatus(from, action)).toThrow(
      expect.objectContaining({
        kind: 'conflict',
        code: `INVALID_TRANSITION_FROM_${from.toUpperCase()}`,
      }),
    );
  });

  it('every action has a rule and every rule names real statuses', () => {
    for (const action of CASE_ACTIONS) {
      const rule = TRANSITIONS[action];
      for (const s of rule.from) expect(CASE_STATUSES).toContain(s);
      if (rule.to !== 'same') expect(CASE_STATUSES).toContain(rule.to);
    }
  });

  it('nothing leaves the terminal statuses except recording links', () => {
    for (const terminal of ['not_accepted', 'referred', 'final'] as CaseStatus[]) {
      const exits = CASE_ACTIONS.filter((a) => TRANSITIONS[a].from.includes(terminal));
      expect(exits).toEqual(['link_repeat', 'recompute_clocks', 'attach']);
    }
  });
});
