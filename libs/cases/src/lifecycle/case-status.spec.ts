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
    ['closed', 'request_review', 'closed'],
    ['answered', 'request_review', 'answered'],
    ['review_decided', 'request_review', 'review_decided'],
    ['under_review', 'hearing', 'under_review'],
    ['under_review', 'decide_review', 'review_decided'],
    ['under_review', 'decide_re_review', 'final'],
    ['closed', 'finalize', 'final'],
    ['review_decided', 'finalize', 'final'],
    ['registered', 'not_reaccept', 'not_accepted'],
    ['registered', 'dismiss_final_match', 'registered'],
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
    ['registered', 'request_review'],
    ['final', 'request_review'],
    ['final', 'review_chain'],
    ['review_decided', 'decide_review'],
    ['under_review', 'transfer'],
    ['under_review', 'close'],
    ['accepted', 'not_reaccept'],
    ['not_accepted', 'dismiss_final_match'],
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

  it('nothing leaves the terminal statuses except recording links, clocks, files and the upper office', () => {
    for (const terminal of ['not_accepted', 'referred', 'final'] as CaseStatus[]) {
      const exits = CASE_ACTIONS.filter((a) => TRANSITIONS[a].from.includes(terminal));
      // Correcting the upper office's number or deadline records data; it moves no status.
      expect(exits).toEqual(['link_repeat', 'recompute_clocks', 'attach', 'correct_upper_office']);
    }
  });
});
