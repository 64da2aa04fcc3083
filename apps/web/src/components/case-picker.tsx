import { useQuery } from '@tanstack/react-query';
import { Select } from 'antd';
import { useEffect, useState } from 'react';
import { type CaseListQuery, type CaseSummary, fetchCasePage } from '../api/cases';

const MIN_CHARS = 2;
const WAIT_MS = 300;

/** What the picker asks the case list for: the typed number (or words), nothing until 2 chars. */
export function caseSearchQuery(text: string): CaseListQuery | null {
  const keyword = text.trim();
  return keyword.length >= MIN_CHARS ? { keyword, limit: 20 } : null;
}

export interface CaseOption {
  value: number;
  label: string;
}

/** A case as the picker lists it: its number and what it is about. */
export const caseOption = (c: Pick<CaseSummary, 'id' | 'caseNo' | 'title'>): CaseOption => ({
  value: c.id,
  label: `${c.caseNo} ${c.title}`,
});

const searchCases = async (q: CaseListQuery) => (await fetchCasePage(q)).items;

interface Props {
  value?: number | null;
  onChange?: (id: number | null) => void;
  /** The case being edited: not offered as its own link. */
  excludeId?: number;
  'data-testid'?: string;
  'aria-label'?: string;
  /** The case list request (the API's by default). */
  search?: (q: CaseListQuery) => Promise<Pick<CaseSummary, 'id' | 'caseNo' | 'title'>[]>;
}

/** Picks a case by typing (part of) its number; lists number and title. */
export function CasePicker({ value, onChange, excludeId, search = searchCases, ...rest }: Props) {
  const [text, setText] = useState('');
  const [query, setQuery] = useState<CaseListQuery | null>(null);
  const [picked, setPicked] = useState<CaseOption | null>(null);
  useEffect(() => {
    const t = setTimeout(() => setQuery(caseSearchQuery(text)), WAIT_MS);
    return () => clearTimeout(t);
  }, [text]);
  const found = useQuery({
    queryKey: ['cases', 'picker', query],
    enabled: query !== null,
    queryFn: () => search(query!),
  });
  const options = (found.data ?? []).filter((c) => c.id !== excludeId).map(caseOption);
  if (picked && picked.value === value && !options.some((o) => o.value === value))
    options.unshift(picked);
  return (
    <Select<number | null, CaseOption>
      {...rest}
      showSearch
      allowClear
      filterOption={false}
      value={value ?? null}
      placeholder="输入信访件编号（或其中几位）查找"
      notFoundContent={
        query === null ? '请输入至少 2 个字符' : found.isFetching ? '查找中…' : '未找到信访件'
      }
      loading={found.isFetching}
      options={options}
      onSearch={setText}
      onChange={(v, option) => {
        setPicked(v == null ? null : (option as CaseOption));
        onChange?.(v ?? null);
      }}
    />
  );
}
