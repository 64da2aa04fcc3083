import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { fireEvent, render, screen, waitFor } from '@testing-library/react';
import type { ReactNode } from 'react';
import { CasePicker, caseSearchQuery } from './case-picker';
import { caseOfficersKey, OfficerPicker, officerOptions } from './officer-picker';

const withQueries = (client: QueryClient) =>
  function Wrapper({ children }: { children: ReactNode }) {
    return <QueryClientProvider client={client}>{children}</QueryClientProvider>;
  };
const newClient = () => new QueryClient({ defaultOptions: { queries: { retry: false } } });
const optionTexts = () =>
  [...document.querySelectorAll('.ant-select-item-option-content')].map((e) => e.textContent);

describe('the case picker (关联初件)', () => {
  it('asks the case list for what was typed, from 2 characters on', () => {
    expect(caseSearchQuery(' 000123 ')).toEqual({ keyword: '000123', limit: 20 });
    expect(caseSearchQuery('LW-2026-000123')).toEqual({ keyword: 'LW-2026-000123', limit: 20 });
    expect(caseSearchQuery('1')).toBeNull();
    expect(caseSearchQuery('  ')).toBeNull();
  });

  it('lists the found cases by number and title, without the case itself, and picks an id', async () => {
    const search = jest.fn(() =>
      Promise.resolve([
        { id: 7, caseNo: 'LW-2026-000123', title: '反映小区电梯故障' },
        { id: 9, caseNo: 'LW-2026-001230', title: '本件' },
      ]),
    );
    const picked: (number | null)[] = [];
    render(
      <CasePicker
        excludeId={9}
        search={search}
        onChange={(v) => picked.push(v)}
        aria-label="初件"
      />,
      { wrapper: withQueries(newClient()) },
    );
    fireEvent.change(screen.getByRole('combobox', { name: '初件' }), {
      target: { value: '0123' },
    });
    await waitFor(() => expect(optionTexts()).toEqual(['LW-2026-000123 反映小区电梯故障']));
    expect(search).toHaveBeenCalledTimes(1);
    expect(search).toHaveBeenCalledWith({ keyword: '0123', limit: 20 });
    fireEvent.click(screen.getByText('LW-2026-000123 反映小区电梯故障'));
    expect(picked).toEqual([7]);
  });
});

describe('the officer picker (变更承办人)', () => {
  const officers = [
    { id: 3, name: '王晓东', role: 'officer' as const },
    { id: 5, name: '李明', role: 'supervisor' as const },
  ];

  it('shows each person by name and role', () => {
    expect(officerOptions(officers)).toEqual([
      { value: 3, label: '王晓东（承办人）' },
      { value: 5, label: '李明（督查员）' },
    ]);
  });

  it('offers the staff the API listed and picks an id', async () => {
    const client = newClient();
    client.setQueryData(caseOfficersKey, officers);
    const picked: (number | null)[] = [];
    render(<OfficerPicker aria-label="承办人" onChange={(v) => picked.push(v)} />, {
      wrapper: withQueries(client),
    });
    fireEvent.mouseDown(screen.getByRole('combobox', { name: '承办人' }));
    await waitFor(() => expect(optionTexts()).toEqual(['王晓东（承办人）', '李明（督查员）']));
    fireEvent.click(screen.getByText('李明（督查员）'));
    expect(picked).toEqual([5]);
  });
});
