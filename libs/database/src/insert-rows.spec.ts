import type { EntityManager } from 'typeorm';
import { insertRows, insertRowsSql } from './insert-rows';

describe('insertRows', () => {
  it('builds one multi-row INSERT with snake_case columns and nulls for missing values', async () => {
    const calls: [string, unknown[]][] = [];
    const m = {
      query: (sql: string, params: unknown[]) => (
        calls.push([sql, params]),
        Promise.resolve({ insertId: 41 })
      ),
    };
    const id = await insertRows(m as unknown as EntityManager, 'case_petitioners', [
      { caseId: 1, petitionerId: 2, representative: false },
      { caseId: 1, petitionerId: 3, representative: undefined },
    ]);
    expect(id).toBe(41);
    expect(calls).toEqual([
      [
        'INSERT INTO `case_petitioners` (`case_id`, `petitioner_id`, `representative`) VALUES (?, ?, ?), (?, ?, ?)',
        [1, 2, false, 1, 3, null],
      ],
    ]);
  });

  it('writes nothing for no rows', async () => {
    const m = { query: jest.fn() };
    expect(await insertRows(m as unknown as EntityManager, 't', [])).toBe(0);
    expect(m.query).not.toHaveBeenCalled();
  });
});

describe('insertRowsSql', () => {
  it('writes SQL expressions of the batch in place of placeholders', () => {
    expect(
      insertRowsSql('clocks', [{ caseId: 0, kind: 'triage', dueDate: '2022-03-16' }], {
        caseId: '@case_id',
      }),
    ).toEqual([
      'INSERT INTO `clocks` (`case_id`, `kind`, `due_date`) VALUES (@case_id, ?, ?)',
      ['triage', '2022-03-16'],
    ]);
  });
});
