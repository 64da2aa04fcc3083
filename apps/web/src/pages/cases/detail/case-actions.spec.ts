import openapi from '../../../api/openapi.json';
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
