import openapi from '../../../api/openapi.json';
import { dayjs } from '../../../lib/time';
import { CASE_ACTIONS, HANDLED_ELSEWHERE, offeredActions } from './case-actions';

const commands = (
  openapi as unknown as { components: { schemas: { CaseCommand: { enum: string[] } } } }
).components.schemas.CaseCommand.enum;

describe('the case detail offers exactly what the API allows', () => {
  it('every command the API can allow has a form here (or a place elsewhere on the page)', () => {
    const missing = commands.filter(
      (c) => !(c in CASE_ACTIONS) && !(HANDLED_ELSEWHERE as readonly string[]).includes(c),
    );
    expect(missing).toEqual([]);
  });

  it('offers only allowed actions, never one the API did not list', () => {
    expect(offeredActions(['accept', 'object', 'reveal', 'receipt'])).toEqual(['accept', 'object']);
    expect(offeredActions([])).toEqual([]);
    expect(offeredActions(['close', 'transfer'])).toEqual(['transfer', 'close']);
  });

  it('every action has a Chinese label', () => {
    for (const def of Object.values(CASE_ACTIONS)) expect(def.label).toMatch(/[\u4e00-\u9fff]/);
  });
});

describe('更正上级编号/期限', () => {
  const body = CASE_ACTIONS.correct_upper_office!.body!;
  it('sends the picked day, and null when the deadline is cleared', () => {
    expect(
      body({ externalRef: 'SJ-1', provincialDueDate: dayjs('2026-03-05'), reason: '来函更正' }),
    ).toEqual({ externalRef: 'SJ-1', provincialDueDate: '2026-03-05', reason: '来函更正' });
    expect(body({ externalRef: 'SJ-1', provincialDueDate: null, reason: '来函更正' })).toEqual({
      externalRef: 'SJ-1',
      provincialDueDate: null,
      reason: '来函更正',
    });
  });
  it('leaves the number out when the field is blank (a case without one keeps none)', () => {
    expect(body({ externalRef: '  ', provincialDueDate: undefined, reason: 'x' }).externalRef).toBe(
      undefined,
    );
  });
});
