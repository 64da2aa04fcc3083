import { useQuery } from '@tanstack/react-query';
import { Select } from 'antd';
import { api, unwrap } from '../api/client';
import type { components } from '../api/schema';
import { label, ROLE } from '../lib/dictionary';

export type CaseOfficer = components['schemas']['CaseOfficerResponse'];

export const caseOfficersKey = ['case-officers'] as const;

/** Each person the API accepts as 承办人, by name and role. */
export const officerOptions = (officers: CaseOfficer[]) =>
  officers.map((o) => ({ value: o.id, label: `${o.name}（${label(ROLE, o.role)}）` }));

interface Props {
  value?: number | null;
  onChange?: (id: number | null) => void;
  placeholder?: string;
  allowClear?: boolean;
  'data-testid'?: string;
  'aria-label'?: string;
}

/**
 * Picks the 承办人 from the bureau's active staff who handle cases (GET /case-officers),
 * searchable by name; cleared (allowClear), it gives null.
 */
export function OfficerPicker(props: Props) {
  const officers = useQuery({
    queryKey: caseOfficersKey,
    queryFn: async () => unwrap(await api.GET('/api/v1/case-officers')),
    staleTime: 60_000,
  });
  return (
    <Select
      {...props}
      value={props.value ?? undefined}
      onChange={(v?: number) => props.onChange?.(v ?? null)}
      showSearch
      optionFilterProp="label"
      placeholder={props.placeholder ?? '选择承办人'}
      loading={officers.isLoading}
      options={officerOptions(officers.data ?? [])}
    />
  );
}
